import { keepPreviousData, useMutation, useQuery, useQueryClient, type UseMutationResult, type UseQueryResult } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import type { ChannelName, InputOf, OutputOf } from '../../../shared/contract';
import type { FeatureName } from '../../../shared/features';
import type { AppErrorData, Result } from '../../../shared/errors';
import { useErrorText } from '../i18n';
import { errorDataOf, featureOf, invoke, unwrap, type ChannelError } from './channel';

/**
 * The cache key of a channel's answer: [feature, verb, input]. Keyed by the input, so an answer
 * for one filter is never shown for another, and a slow answer to an older question lands under
 * the older key instead of over the newer answer. Starting with the feature lets a change
 * refresh everything one feature shows.
 */
export function channelKey<K extends ChannelName>(channel: K, input: InputOf<K>) {
  const dot = channel.indexOf('.');
  return [channel.slice(0, dot), channel.slice(dot + 1), input] as const;
}

export interface ChannelQueryOptions<K extends ChannelName> {
  /** False until the question can be asked (an account chosen, a filter complete). */
  enabled?: boolean;
  /** While a new question is answered, keep showing the previous answer instead of nothing. */
  keepPrevious?: boolean;
  /** Ask again every so many milliseconds while the screen is open; a function decides from the last answer (false: stop). */
  refetchInterval?: number | ((latest: OutputOf<K> | undefined) => number | false);
  /** Shape the answer for the screen (kept between renders while the answer is the same). */
  select?: (value: OutputOf<K>) => OutputOf<K>;
}

export type ChannelQuery<K extends ChannelName> = UseQueryResult<OutputOf<K>, ChannelError> & {
  /** The refusal as error data, or null. */
  problem: AppErrorData | null;
  /** The refusal worded in the language on screen (the error catalogue), or null. */
  errorMessage: string | null;
};

/**
 * Reads one channel for a screen: loading state, the answer, and the refusal as data. Two
 * screens asking the same question share one call.
 */
export function useChannelQuery<K extends ChannelName>(channel: K, input: InputOf<K>, options: ChannelQueryOptions<K> = {}): ChannelQuery<K> {
  const errorText = useErrorText();
  const interval = options.refetchInterval;
  const query = useQuery<OutputOf<K>, ChannelError>({
    queryKey: channelKey(channel, input),
    queryFn: async () => unwrap(await invoke(channel, input)),
    enabled: options.enabled ?? true,
    ...(options.keepPrevious ? { placeholderData: keepPreviousData } : {}),
    // Polling goes on while the window is hidden or unfocused: a job or the sync state moves on regardless.
    ...(interval === undefined ? {} : { refetchIntervalInBackground: true, refetchInterval: typeof interval === 'number' ? interval : (q: { state: { data: OutputOf<K> | undefined } }) => interval(q.state.data) }),
    ...(options.select ? { select: options.select } : {}),
  });
  const problem = query.error?.data ?? null;
  return Object.assign(query, { problem, errorMessage: problem ? errorText(problem) : null });
}

export interface ChannelMutationOptions {
  /**
   * A read made as a person's explicit action (a search, opening an account), recorded in the
   * audit log by the core: it changes nothing on screen, so nothing is read again after it.
   */
  read?: boolean;
  /**
   * Other features whose screens show what this call changes (the channel's own feature is
   * always refreshed): registering a customer also queues mail, so it names 'outbox'.
   */
  invalidates?: readonly FeatureName[];
  /**
   * False: after a success those queries are only marked out of date, not read again now, and
   * `run` resolves as soon as the core has answered. For a call made from a screen that shows none
   * of them and must be ready for its next user at once: the kiosk's capture changes the booth's
   * counts, which only the booth screen shows, and that screen reads them again when the kiosk
   * ends. By default they are read again before `run` resolves.
   */
  refetch?: boolean;
}

export type ChannelMutation<K extends ChannelName> = UseMutationResult<OutputOf<K>, ChannelError, InputOf<K>> & {
  /**
   * Runs the call and resolves to its result as data (never rejects); the feature's queries are
   * refreshed after a success. While it runs, `isPending` is true.
   */
  run(input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  /** The last refusal as error data, or null. */
  problem: AppErrorData | null;
};

/**
 * A call that changes something (or a user's explicit action whose answer is shown once, like a
 * search). After a success, every query of the channel's feature and of `invalidates` is read
 * again. `data` and `problem` belong to the latest call only: an earlier call that answers late
 * does not replace them.
 */
export function useChannelMutation<K extends ChannelName>(channel: K, options: ChannelMutationOptions = {}): ChannelMutation<K> {
  const client = useQueryClient();
  const features = useMemo(() => (options.read ? [] : [featureOf(channel), ...(options.invalidates ?? [])]), [channel, options.read, options.invalidates]);
  const refetchType = options.refetch === false ? 'none' : 'active';
  const mutation = useMutation<OutputOf<K>, ChannelError, InputOf<K>>({
    mutationFn: async (input) => unwrap(await invoke(channel, input)),
    onSuccess: async () => {
      await Promise.all(features.map((feature) => client.invalidateQueries({ queryKey: [feature], refetchType })));
    },
  });
  const { mutateAsync } = mutation;
  const run = useCallback(
    (input: InputOf<K>): Promise<Result<OutputOf<K>>> =>
      mutateAsync(input).then(
        (value) => ({ ok: true as const, value }),
        (e: unknown) => ({ ok: false as const, error: errorDataOf(e) }),
      ),
    [mutateAsync],
  );
  return Object.assign(mutation, { run, problem: mutation.error?.data ?? null });
}

/** Reads again every query of these features (after a change made outside a mutation, say by a background job). */
export function useInvalidate(): (...features: FeatureName[]) => Promise<void> {
  const client = useQueryClient();
  return useCallback(async (...features: FeatureName[]) => {
    await Promise.all(features.map((feature) => client.invalidateQueries({ queryKey: [feature] })));
  }, [client]);
}
