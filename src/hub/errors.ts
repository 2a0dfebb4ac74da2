import type { ErrorCode } from '../shared/sync/protocol';

/** A refusal the hub answers with an ErrorBody; anything else thrown is a 500 (or 503 for the database). */
export class HubError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { retryAfterS?: number; minVersion?: string } = {},
  ) {
    super(message);
  }
}
