/**
 * Exponential backoff with full jitter (a random wait between 0 and min(cap, base * 2^attempt)),
 * never giving up. A Retry-After from the hub is a floor: the wait is never shorter than it.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1_000, capMs: 5 * 60_000 };

export function backoffDelayMs(policy: BackoffPolicy, attempt: number, random: () => number, retryAfterS: number | null): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  const jittered = Math.floor(random() * ceiling);
  return retryAfterS === null ? jittered : Math.max(jittered, retryAfterS * 1000);
}
