import { toNestErrors } from '@hookform/resolvers';
import type { FieldError, FieldErrors, FieldValues, Path, Resolver, UseFormSetError } from 'react-hook-form';
import type { z } from 'zod';
import { zodIssueToField, type AppErrorData, type FieldIssue } from '../../../shared/errors';

/**
 * A field problem as react-hook-form keeps it: the rule's key as `type`, its parameters (as JSON)
 * in `types.params`, the English message as the fallback. `useFieldText` words it.
 */
export function toFieldError(issue: FieldIssue): FieldError {
  return { type: issue.key, message: issue.message, types: { params: JSON.stringify(issue.params) } };
}

/**
 * The form's schema as a react-hook-form resolver that keeps each problem's rule key and
 * parameters, so the message can be worded in the language on screen.
 */
export function keyedResolver<S extends z.ZodType<unknown, FieldValues>>(schema: S): Resolver<z.input<S> & FieldValues, unknown, z.output<S>> {
  return async (values, _context, options) => {
    const r = await schema.safeParseAsync(values, { reportInput: true });
    if (r.success) return { values: r.data, errors: {} };
    const flat: FieldErrors = {};
    for (const issue of r.error.issues) {
      const path = issue.path.map(String).join('.');
      if (path in flat) continue;
      // A form's own rule that names no shared rule key brings its message already worded.
      flat[path] = issue.code === 'custom' && !issue.params?.['fieldKey'] ? { type: 'custom', message: issue.message } : toFieldError(zodIssueToField(issue));
    }
    return { values: {}, errors: toNestErrors(flat, options) };
  };
}

/**
 * Puts per-field errors from the core onto the form, so a rule checked only in the core (a taken
 * username, a card number) shows under its field. Returns the worded message for errors with no field.
 */
export function applyServerErrors<T extends FieldValues>(error: AppErrorData, setError: UseFormSetError<T>, word: (error: AppErrorData) => string, wordField: (issue: FieldIssue) => string | undefined): string | null {
  let unplaced: string | null = error.fields?.length ? null : word(error);
  for (const f of error.fields ?? []) {
    if (f.path) setError(f.path as Path<T>, toFieldError(f));
    else unplaced = wordField(f) ?? f.message;
  }
  return unplaced;
}

/** Per-field messages, keyed by the path (or by `rename(path)`); the first problem of a field wins. */
export function fieldMessages(issues: readonly FieldIssue[], word: (issue: FieldIssue) => string | undefined, rename: (path: string) => string = (p) => p): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[rename(i.path)] ??= word(i) ?? i.message;
  return out;
}
