import { useCallback } from 'react';
import { useIntl } from 'react-intl';
import { narrowSpaces } from './format';
import type { MessageKey } from './messages';

export type MessageValues = Record<string, string | number>;
export type Translate = (key: MessageKey, values?: MessageValues) => string;

/** The message function for the language on screen. Keys are checked against the English catalogue. */
export function useT(): Translate {
  const intl = useIntl();
  return useCallback(
    (key: MessageKey, values?: MessageValues) => {
      const text = intl.formatMessage({ id: key }, values);
      return intl.locale === 'fi' ? narrowSpaces(text) : text;
    },
    [intl],
  );
}
