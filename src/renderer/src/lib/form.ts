import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { AppErrorData } from '../../../shared/errors';

/**
 * Puts per-field errors from the core onto the form, so a rule checked only in the core (a taken
 * username, a card number) shows under its field. Returns the worded message for errors with no field.
 */
export function applyServerErrors<T extends FieldValues>(error: AppErrorData, setError: UseFormSetError<T>, word: (error: AppErrorData) => string = (e) => e.message): string | null {
  let unplaced: string | null = error.fields?.length ? null : word(error);
  for (const f of error.fields ?? []) {
    if (f.path) setError(f.path as Path<T>, { type: 'server', message: f.message });
    else unplaced = f.message;
  }
  return unplaced;
}

/** Per-field messages from a zod error, keyed by the path (or by `rename(path)`). */
export function fieldMessages(issues: readonly { path: readonly PropertyKey[]; message: string }[], rename: (path: string) => string = (p) => p): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const key = rename(i.path.map(String).join('.'));
    out[key] ??= i.message;
  }
  return out;
}
