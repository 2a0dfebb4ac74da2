/**
 * What of an error may go into the log. The log must hold no personal data, and an error's message
 * can quote anything it was handed (a name, an email, a line of an imported file), so messages are
 * dropped except where the text is known to come from a fixed vocabulary. The stack keeps only its
 * frames (its first line repeats the message).
 */
export interface SafeError {
  type: string;
  code?: string;
  /** Kept only for SQLite's own errors, whose text names tables and columns, never values. */
  message?: string;
  frames: string[];
  cause?: SafeError;
}

const MAX_FRAMES = 20;
const MAX_CAUSES = 3;

function codeOf(e: object): string | undefined {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{1,40}$/.test(code) ? code : undefined;
}

export function safeError(e: unknown, depth = 0): SafeError {
  if (!(e instanceof Error)) return { type: e === null ? 'null' : typeof e, frames: [] };
  const code = codeOf(e);
  const frames = (e.stack ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^at [\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/|[A-Za-z]:\\|native|<anonymous>)[^\s'"]*\)?$/.test(l))
    .slice(0, MAX_FRAMES);
  const out: SafeError = { type: /^[A-Za-z_$][\w$]{0,60}$/.test(e.name) ? e.name : 'Error', frames };
  if (code) out.code = code;
  if (code?.startsWith('SQLITE_') && /^[\w .,:()-]{0,200}$/.test(e.message)) out.message = e.message;
  if (e.cause !== undefined && depth < MAX_CAUSES) out.cause = safeError(e.cause, depth + 1);
  return out;
}
