/** Error codes that cross IPC. Renderers switch on these; messages are for people. */
export const ERROR_CODES = [
  'unauthenticated',
  'locked',
  'forbidden',
  'invalid_input',
  'unknown_channel',
  'not_found',
  'conflict',
  'rate_limited',
  'store_unavailable',
  'cancelled',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface FieldIssue {
  path: string;
  message: string;
}

export interface AppErrorData {
  code: ErrorCode;
  message: string;
  /** Per-field messages for forms, when the error comes from input validation. */
  fields?: FieldIssue[];
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: AppErrorData };

/** Thrown inside the core; the dispatcher turns it into `{ ok: false, error }`. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldIssue[];
  constructor(code: ErrorCode, message: string, fields?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.fields = fields;
  }
  toData(): AppErrorData {
    return this.fields ? { code: this.code, message: this.message, fields: this.fields } : { code: this.code, message: this.message };
  }
}
