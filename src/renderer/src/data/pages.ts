import { useInfiniteQuery, type InfiniteData, type UseInfiniteQueryResult } from '@tanstack/react-query';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/errors';
import { useErrorText } from '../i18n';
import { invoke, unwrap, type ChannelError } from './channel';
import { channelKey } from './queries';

export interface ChannelPagesOptions<K extends ChannelName> {
  /** The cursor of the page after this one, from its answer; null on the last page. */
  next: (page: OutputOf<K>) => number | null;
  /** What a later page adds to the first page's input: its cursor (`{ beforeId: cursor }`). */
  after: (cursor: number) => Partial<InputOf<K>>;
  enabled?: boolean;
}

export type ChannelPages<K extends ChannelName> = UseInfiniteQueryResult<InfiniteData<OutputOf<K>, number | null>, ChannelError> & {
  /** The pages read so far, oldest request first; empty until the first answer. */
  pages: OutputOf<K>[];
  /** The refusal as error data, or null. */
  problem: AppErrorData | null;
  /** The refusal worded in the language on screen, or null. */
  errorMessage: string | null;
};

/**
 * Reads a channel that answers in pages behind a cursor ("Show older"), with `fetchNextPage` for
 * the next one. All pages live under the first page's input, so a page asked for under an older
 * filter lands with that filter's pages and never joins the list of the newer one.
 */
export function useChannelPages<K extends ChannelName>(channel: K, input: InputOf<K>, options: ChannelPagesOptions<K>): ChannelPages<K> {
  const errorText = useErrorText();
  const { next, after } = options;
  const query = useInfiniteQuery<OutputOf<K>, ChannelError, InfiniteData<OutputOf<K>, number | null>, readonly unknown[], number | null>({
    // Marked apart from useChannelQuery's key for the same input: the cached value has another shape.
    queryKey: [...channelKey(channel, input), 'pages'],
    initialPageParam: null,
    queryFn: async ({ pageParam }) => unwrap(await invoke(channel, pageParam === null ? input : { ...input, ...after(pageParam) })),
    getNextPageParam: (last) => next(last),
    enabled: options.enabled ?? true,
  });
  const problem = query.error?.data ?? null;
  return Object.assign(query, { pages: query.data?.pages ?? [], problem, errorMessage: problem ? errorText(problem) : null });
}
