import 'dayjs/locale/fi';
import 'dayjs/locale/en-gb';
import { DatesProvider } from '@mantine/dates';
import { useEffect, type ReactNode } from 'react';
import { IntlProvider } from 'react-intl';
import { useBusinessZone } from './format';
import { useLanguage, type Language } from './language';
import { MESSAGES } from './messages';

const DAYJS_LOCALE: Record<Language, string> = { fi: 'fi', en: 'en-gb' };

/** Messages, formats and date inputs in one language: the staff's, or the one given (the kiosk's entrant). */
export function I18nProvider({ language, children }: { language?: Language; children: ReactNode }) {
  const staffLanguage = useLanguage((s) => s.language);
  const zone = useBusinessZone();
  const lang = language ?? staffLanguage;
  // The page's language follows the staff screens (the kiosk marks its own subtree).
  useEffect(() => {
    if (!language) document.documentElement.lang = lang;
  }, [language, lang]);
  return (
    <IntlProvider locale={lang} messages={MESSAGES[lang]} defaultLocale="en" timeZone={zone}>
      <DatesProvider settings={{ locale: DAYJS_LOCALE[lang], firstDayOfWeek: 1 }}>{children}</DatesProvider>
    </IntlProvider>
  );
}
