/**
 * The three mailing lists of policy 3b, the ways consent is given or withdrawn, and the reasons an
 * opt-out can have. Shared by the core, the renderer and later features (reports, exports, leads).
 */

export const LISTS = ['technical_advisories', 'call_detail_reports', 'email_marketing'] as const;
export type MailingList = (typeof LISTS)[number];

export const LIST_LABELS: Record<MailingList, string> = {
  technical_advisories: 'Technical advisories',
  call_detail_reports: 'Call detail reports',
  email_marketing: 'Email marketing',
};

/** Each list's bit where list sets are stored as one integer (account state, suppression). */
export const LIST_BIT: Record<MailingList, number> = { technical_advisories: 1, call_detail_reports: 2, email_marketing: 4 };
export const ALL_LISTS_MASK = 7;

export const maskOf = (lists: readonly MailingList[]): number => lists.reduce((m, l) => m | LIST_BIT[l], 0);
export const listsIn = (mask: number): MailingList[] => LISTS.filter((l) => (mask & LIST_BIT[l]) !== 0);

/** Leaving this list cancels the account (policy 3b). */
export const ACCOUNT_LIST: MailingList = 'technical_advisories';

/** How a consent was given or withdrawn. */
export const CONSENT_METHODS = ['registration_form', 'booth', 'phone', 'email_request', 'web_form', 'bounce', 'telemarketing', 'other'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  registration_form: 'Registration form',
  booth: 'Event booth',
  phone: 'Phone',
  email_request: 'Email request',
  web_form: 'Web form',
  bounce: 'Bounce',
  telemarketing: 'Telemarketing call',
  other: 'Other',
};

/** Why a list was left: the customer asked by email, phone or web form; a bounce; or other. */
export const OPT_OUT_REASONS = ['email', 'phone', 'web_form', 'bounce', 'other'] as const;
export type OptOutReason = (typeof OPT_OUT_REASONS)[number];

export const OPT_OUT_REASON_LABELS: Record<OptOutReason, string> = {
  email: 'Customer asked by email',
  phone: 'Customer asked by phone',
  web_form: 'Customer asked through the web form',
  bounce: 'Mail bounced',
  other: 'Other',
};

/** The consent event's "how" for an opt-out reason. */
export const METHOD_OF_REASON: Record<OptOutReason, ConsentMethod> = {
  email: 'email_request',
  phone: 'phone',
  web_form: 'web_form',
  bounce: 'bounce',
  other: 'other',
};

/** Ways a re-subscription can be asked for (a new, explicit consent). */
export const RESUBSCRIBE_METHODS = ['phone', 'email_request', 'web_form', 'registration_form', 'other'] as const satisfies readonly ConsentMethod[];

export const ACCOUNT_STATUSES = ['active', 'cancelled', 'erased'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Consent notice texts live in resources/notices; each list cites one of them. */
export const NOTICE_IDS = ['registration', 'marketing'] as const;
export type NoticeId = (typeof NOTICE_IDS)[number];

export const NOTICE_OF_LIST: Record<MailingList, NoticeId> = {
  technical_advisories: 'registration',
  call_detail_reports: 'registration',
  email_marketing: 'marketing',
};
