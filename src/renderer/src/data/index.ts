export { ChannelError, errorDataOf, featureOf, invoke } from './channel';
export { createQueryClient } from './query-client';
export { channelKey, useChannelMutation, useChannelQuery, useInvalidate, type ChannelMutation, type ChannelQuery } from './queries';
export { useChannelPages, type ChannelPages } from './pages';
export { useFilterForm, useRefusalOnFields, useSearchForm, type FilterForm, type SearchForm } from './forms';
