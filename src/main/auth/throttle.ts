/**
 * Growing delay after repeated failed sign-ins, per username (known or not, so it reveals nothing).
 * The delay is served before the answer, which slows guessing without locking anyone out for good.
 */
export const DEFAULT_SIGN_IN_DELAYS_MS = [0, 0, 1000, 2000, 4000, 8000, 16000, 30000] as const;

export class SignInThrottle {
  private readonly failures = new Map<string, number>();
  constructor(private readonly delaysMs: readonly number[] = DEFAULT_SIGN_IN_DELAYS_MS) {}

  private key(username: string): string {
    return username.trim().toLowerCase();
  }

  /** The delay to serve for a failure that just happened (and records it). */
  fail(username: string): number {
    const n = (this.failures.get(this.key(username)) ?? 0) + 1;
    this.failures.set(this.key(username), n);
    return this.delaysMs[Math.min(n - 1, this.delaysMs.length - 1)] ?? 0;
  }

  succeed(username: string): void {
    this.failures.delete(this.key(username));
  }
}
