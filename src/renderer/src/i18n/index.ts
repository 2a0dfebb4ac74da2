export { I18nProvider } from './I18nProvider';
export { useT, type Translate, type MessageValues } from './t';
export { useFormat, useToday, useBusinessZone, type Formats } from './format';
export { useLanguage, systemLanguage, isLanguage, LANGUAGES, type Language } from './language';
export { useErrorText, useFieldText, useJobText } from './errors';
export type { MessageKey } from './messages';
