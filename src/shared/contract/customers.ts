import type { OutboxStatus } from './outbox';
import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature, job } from './define';
import { empty, id, isoDate, requiredText, checked } from '../fields';
import { emailField } from '../email';
import { LANGUAGES, type Language } from '../i18n';
import {
  ACCOUNT_STATUSES,
  RESUBSCRIBE_METHODS,
  type AccountStatus,
  type ConsentMethod,
  type MailingList,
  type NoticeId,
  type OptOutReason,
} from '../customers-lists';

export interface Notice {
  id: NoticeId;
  /** Names the language too: `v1` is English, `v1-fi` the Finnish text of the same version. */
  version: string;
  /** The language of `text`; each language version has its own hash. */
  language: Language;
  text: string;
  /** SHA-256 (hex) of the notice file's exact bytes; recorded with every consent that cites it. */
  hash: string;
}

export interface ListState {
  list: MailingList;
  subscribed: boolean;
  /** When the current state began (the newest consent event for the list). */
  since: string | null;
}

export interface ConsentEventView {
  id: number;
  list: MailingList;
  action: 'subscribe' | 'unsubscribe';
  /** How the consent was given or withdrawn. */
  method: ConsentMethod;
  reason: OptOutReason | null;
  /** 'account_cancelled': withdrawn because the account was cancelled (technical advisories left). */
  cause: 'direct' | 'account_cancelled' | 'account_reopened';
  note: string | null;
  notice: { id: string; version: string; hash: string } | null;
  /** The date the person asked. */
  requestedOn: string;
  recordedAt: string;
  /** The staff member who took it; null for none. */
  staff: { id: number; name: string } | null;
  device: string;
  importId: number | null;
}

export interface AccountSummary {
  id: number;
  /** The account number people read out: the same on every device (`123` or `<device>-<digits>`). */
  number: string;
  name: string;
  email: string;
  status: AccountStatus;
  productName: string;
  createdAt: string;
}

export const accountSummary = z
  .object({
    id: z.number().int().positive(),
    number: z.string(),
    name: z.string(),
    email: z.string(),
    status: z.enum(ACCOUNT_STATUSES),
    productName: z.string(),
    createdAt: z.string(),
  })
  .strict() satisfies z.ZodType<AccountSummary>;

export interface AccountDetail extends AccountSummary {
  productId: number;
  /** Numbers of accounts registered with the same address on other devices while offline, merged into this one. */
  mergedNumbers: string[];
  /** The customer's language: the registration email was sent in it. */
  language: Language;
  cancelledAt: string | null;
  cancelReason: OptOutReason | null;
  cancelNote: string | null;
  lists: ListState[];
  /** Every consent event of the account, oldest first. */
  history: ConsentEventView[];
  registrationEmail: { id: string; status: OutboxStatus; sentAt: string | null } | null;
}

export type AgeCheckResult = { allowed: true } | { allowed: false; message: string };

export type RegisterResult =
  | { outcome: 'registered'; account: AccountDetail; reopened: boolean; emailId: string }
  | { outcome: 'refused'; message: string };

export const birthDate = isoDate('Date of birth');

export const ageCheckInput = z.object({ birthDate }).strict();

export const productId = z.number({ error: 'Choose a product.' }).int('Choose a product.').positive('Choose a product.');

/** The registration form (step two: the birth date was asked first, on its own). */
export const registrationFields = z
  .object({
    name: requiredText('Name', 200),
    email: emailField,
    productId,
    /**
     * The customer's language, for the registration email. Omitted: the language of the staff
     * member who registers (the one they are speaking in).
     */
    language: z.enum(LANGUAGES).optional(),
    /** Unchecked by default; ticking it is the marketing consent. */
    marketingOptIn: z.boolean(),
    /** The notice versions the form showed; refused if the text changed meanwhile. */
    registrationNoticeVersion: z.string().min(1).max(20).superRefine(checked('Notice version', false)),
    marketingNoticeVersion: z.string().min(1).max(20).superRefine(checked('Notice version', false)),
    /** Set to reopen a cancelled account with this email through this new registration consent. */
    reopenAccountId: id.optional(),
  })
  .strict();

export const registerInput = registrationFields.extend({ birthDate }).strict();

export const searchInput = z
  .object({ query: requiredText('Search', 254).refine((v) => v.length >= 2 || /^\d+$/.test(v), rule('search_too_short', { params: { min: 2 } })) })
  .strict();

export const RESUBSCRIBABLE_LISTS = ['call_detail_reports', 'email_marketing'] as const satisfies readonly MailingList[];

export const resubscribeInput = z
  .object({
    accountId: id,
    list: z.enum(RESUBSCRIBABLE_LISTS, { error: 'Choose a list.' }),
    method: z.enum(RESUBSCRIBE_METHODS, { error: 'Choose how the customer asked.' }),
    requestedOn: isoDate('Request date'),
    noticeVersion: z.string().min(1).max(20).superRefine(checked('Notice version', false)),
    /** The customer agreed to the notice text just now; the form's explicit checkbox. */
    confirmed: z.literal(true, { error: 'Confirm that the customer agreed to the notice.' }),
  })
  .strict();

export const customersFeature = feature('customers', {
  channels: {
    /** Current consent notice texts; not personal data. */
    'customers.notices': channel<Notice[]>()('signed_in', empty),
    /** The neutral birth-date question. Under 13: refused, and only an anonymous count is kept. */
    'customers.checkAge': channel<AgeCheckResult>()('customers.register', ageCheckInput),
    'customers.register': channel<RegisterResult>()('customers.register', registerInput),
    'customers.search': channel<AccountSummary[]>()('customers.read', searchInput),
    'customers.get': channel<AccountDetail>()('customers.read', z.object({ id }).strict()),
    /** A new, explicit consent for a list the customer left. Technical advisories come back only by registering. */
    'customers.resubscribe': channel<AccountDetail>()('optouts.process', resubscribeInput),
  },
  jobs: {
    /** The matches of customers.search, read in the query worker (the call audits them on the main thread). */
    'customers.search': job({ params: searchInput, result: z.array(accountSummary) }),
  },
});
