import type { MailingList } from '../../shared/customers-lists';
import type { Language } from '../../shared/i18n';
import { CONTACT } from '../app/handlers';
import { renderTemplate, type MailText } from '../outbox/template';

/** The lists as the registration email names them, in the customer's language. */
const LIST_NAMES: Record<Language, Record<MailingList, string>> = {
  en: { technical_advisories: 'Technical advisories', call_detail_reports: 'Call detail reports', email_marketing: 'Email marketing' },
  fi: { technical_advisories: 'Tekniset tiedotteet', call_detail_reports: 'Puheluerittelyt', email_marketing: 'Sähköpostimarkkinointi' },
};

/** The registration email (policy 3a) in the customer's language, from resources/templates. */
export function registrationMail(
  resourcesDir: string,
  language: Language,
  a: { accountNumber: string; name: string; email: string; product: string; lists: readonly MailingList[] },
): MailText {
  return renderTemplate(resourcesDir, 'registration-email', language, {
    name: a.name,
    email: a.email,
    product: a.product,
    accountNumber: a.accountNumber,
    lists: a.lists.map((l) => `  - ${LIST_NAMES[language][l]}`).join('\n'),
    supportEmail: CONTACT.email,
    supportPhone: CONTACT.phone,
  });
}
