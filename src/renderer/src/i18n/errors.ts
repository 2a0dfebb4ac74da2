import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import type { AppErrorData } from '../../../shared/errors';
import { useT } from './t';

/** Words an error from the core in the language on screen. */
export function useErrorText(): (error: AppErrorData) => string {
  const t = useT();
  const { locale } = useIntl();
  return useCallback((error: AppErrorData) => (locale === 'en' && error.message ? error.message : t(`error.${error.code}`)), [t, locale]);
}

/** Words a field's message (from a form's schema or from the core) in the language on screen. */
export function useFieldText(): (issue: { message?: string } | undefined) => string | undefined {
  return useCallback((issue: { message?: string } | undefined) => issue?.message, []);
}
