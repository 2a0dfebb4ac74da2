import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { JobStatus } from '../../../shared/contract/jobs';
import type { AppErrorData } from '../../../shared/errors';
import type { MessageKey } from './messages';
import { useT } from './t';

/** Words an error from the core in the language on screen. */
export function useErrorText(): (error: AppErrorData) => string {
  const t = useT();
  const { locale } = useIntl();
  return useCallback((error: AppErrorData) => (locale === 'en' && error.message ? error.message : t(`error.${error.code}`)), [t, locale]);
}

/**
 * Words a field's message (from a form's schema or from the core) in the language on screen.
 * A message that is a catalogue key ('field.passwordsDiffer') is looked up; others are shown as given.
 */
export function useFieldText(): (issue: { message?: string } | undefined) => string | undefined {
  const t = useT();
  const { messages } = useIntl();
  return useCallback(
    (issue: { message?: string } | undefined) => {
      const m = issue?.message;
      if (!m) return undefined;
      return m in messages ? t(m as MessageKey) : m;
    },
    [t, messages],
  );
}

/** Words a background job's progress line. */
export function useJobText(): (status: JobStatus) => string {
  const t = useT();
  const { locale } = useIntl();
  return useCallback(
    (s: JobStatus) => {
      if (locale === 'en' && s.message) return s.message;
      switch (s.state) {
        case 'running':
          return t('job.running', { percent: Math.round(s.progress * 100) });
        case 'done':
          return t('job.done');
        case 'failed':
          return t('job.failed');
        case 'cancelled':
          return t('job.cancelled');
      }
    },
    [t, locale],
  );
}
