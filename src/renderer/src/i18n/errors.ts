import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { JobStatus } from '../../../shared/contract/jobs';
import { ERRORS, FIELD_ERRORS, type AppErrorData, type ErrorKey, type FieldIssue, type FieldKey } from '../../../shared/errors';
import { useT, type MessageValues } from './t';

/** Words an error from the core in the language on screen. */
export function useErrorText(): (error: AppErrorData) => string {
  const t = useT();
  const { locale } = useIntl();
  return useCallback(
    (error: AppErrorData) => {
      const key: ErrorKey = error.key && error.key in ERRORS ? error.key : error.code;
      // An error with no key of its own (built outside the core, or by category only) may say more
      // than its category: keep those words in English.
      if ((!error.key || error.key === error.code) && locale === 'en' && error.message) return error.message;
      return t(`errors.${key}`, messageArgs(error.params));
    },
    [t, locale],
  );
}

/** A parameter as a message argument: lists joined, numbers kept for plurals, the rest as text. */
function arg(v: unknown): string | number {
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.map(String).join(', ');
  // null reaches the messages as 'null', so a select can word a missing id ({accountId, select, null {…} other {…}}).
  return v === undefined ? '' : String(v);
}

export function messageArgs(params: Record<string, unknown> | undefined): MessageValues {
  return Object.fromEntries(Object.entries(params ?? {}).map(([k, v]) => [k, arg(v)]));
}

const isFieldKey = (k: unknown): k is FieldKey => typeof k === 'string' && k in FIELD_ERRORS;

/** A field problem as a form keeps it (see lib/form.ts) or as the core sends it. */
type FieldProblem = { type?: unknown; message?: string; types?: Record<string, unknown> } | Pick<FieldIssue, 'key' | 'params'>;

/**
 * Words a field problem in the language on screen by its rule key and parameters. In English the
 * form's own message is kept when there is one: the schemas word it with the field's name
 * ("Name is required."), which the generic rule wording cannot.
 */
export function useFieldText(): (problem: FieldProblem | undefined) => string | undefined {
  const t = useT();
  const { locale } = useIntl();
  return useCallback(
    (problem: FieldProblem | undefined) => {
      if (!problem) return undefined;
      if (locale === 'en' && 'message' in problem && problem.message) return problem.message;
      if ('key' in problem && isFieldKey(problem.key)) return t(`fieldError.${problem.key}`, messageArgs(problem.params));
      if ('type' in problem && isFieldKey(problem.type) && typeof problem.types?.params === 'string') {
        return t(`fieldError.${problem.type}`, messageArgs(JSON.parse(problem.types.params) as Record<string, unknown>));
      }
      return ('message' in problem && problem.message) || undefined;
    },
    [t, locale],
  );
}
/** Words a background job's progress line from the step the job reports and its numbers. */
export function useJobText(): (status: JobStatus) => string {
  const t = useT();
  return useCallback(
    (s: JobStatus) => {
      switch (s.state) {
        case 'running':
          return t(`job.step.${s.message.key}`, { ...s.message.params, percent: Math.round(s.progress * 100) });
        case 'done':
          return t('job.done');
        case 'failed':
          return t('job.failed');
        case 'cancelled':
          return t('job.cancelled');
      }
    },
    [t],
  );
}
