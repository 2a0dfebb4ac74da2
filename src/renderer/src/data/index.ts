export { ChannelError, errorDataOf, featureOf, invoke } from './channel';
export { createQueryClient } from './query-client';
export { channelKey, useChannelMutation, useChannelQuery, useInvalidate, type ChannelMutation, type ChannelQuery } from './queries';
