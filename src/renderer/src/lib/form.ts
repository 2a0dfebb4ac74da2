import { useCallback, useEffect, useRef } from 'react';
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
  return mappedResolver<z.input<S> & FieldValues, S>(schema, (values) => values);
}

/**
 * A resolver for a form whose fields are not the channel's input itself: `toInput` builds the
 * input from the fields, the channel's schema checks it, and `fieldOf` puts each problem back
 * on the field it came from ("filters.eventId" on "eventId").
 */
export function mappedResolver<V extends FieldValues, S extends z.ZodType>(schema: S, toInput: (values: V) => unknown, fieldOf: (path: string) => string = (p) => p): Resolver<V, unknown, z.output<S>> {
  return async (values, _context, options) => {
    const r = await schema.safeParseAsync(toInput(values), { reportInput: true });
    if (r.success) return { values: r.data, errors: {} };
    const flat: FieldErrors = {};
    for (const issue of r.error.issues) {
      const path = fieldOf(issue.path.map(String).join('.'));
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
export function applyServerErrors<T extends FieldValues>(
  error: AppErrorData,
  setError: UseFormSetError<T>,
  word: (error: AppErrorData) => string,
  wordField: (issue: FieldIssue) => string | undefined,
  fieldOf: (path: string) => string = (p) => p,
): string | null {
  let unplaced: string | null = error.fields?.length ? null : word(error);
  let focused = false;
  for (const f of error.fields ?? []) {
    if (f.path) {
      // The first field the core refused takes the focus, as one the form's own check refused would.
      setError(fieldOf(f.path) as Path<T>, toFieldError(f), { shouldFocus: !focused });
      focused = true;
    } else unplaced = wordField(f) ?? f.message;
  }
  return unplaced;
}

/** Per-field messages, keyed by the path (or by `rename(path)`); the first problem of a field wins. */
export function fieldMessages(issues: readonly FieldIssue[], word: (issue: FieldIssue) => string | undefined, rename: (path: string) => string = (p) => p): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of issues) out[rename(i.path)] ??= word(i) ?? i.message;
  return out;
}

/**
 * A form's submit handler that runs once at a time: a second Enter or click while the first
 * submission is still with the core is ignored (the submit button's `loading` state only shows
 * after a render, too late for a quick double press).
 */
export function useSubmitOnce<A extends unknown[]>(submit: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  const running = useRef(false);
  const latest = useRef(submit);
  useEffect(() => {
    latest.current = submit;
  });
  return useCallback(async (...args: A) => {
    if (running.current) return;
    running.current = true;
    try {
      await latest.current(...args);
    } finally {
      running.current = false;
    }
  }, []);
}
