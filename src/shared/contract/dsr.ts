import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature } from './define';
import { emailField, normaliseEmail } from '../email';
import { phone } from '../restricted-fields';
import type { AuditRow } from './audit';

/**
 * Data subject requests (managers, dsr.manage): access (everything stored about one person, as JSON
 * and as a readable document) and erasure. Plus the manager's access log: who read whose data.
 */

/** A request reference such as "DSR-2026-014". No spaces or @, so it is safe to keep in the audit log. */
export const dsrReference = z
  .string({ error: 'Enter the request reference.' })
  .trim()
  .min(1, 'Enter the request reference.')
  .max(40, 'The reference can be at most 40 characters.')
  .refine((v) => /^[A-Za-z0-9._/-]+$/.test(v), rule('dsr_reference_chars'));

/** Who the request is about: the email, and optionally a phone number (telemarketing leads may have no email). */
const subjectFields = {
  email: emailField,
  phone: phone('Phone').optional().or(z.literal('').transform(() => undefined)),
};

export const dsrSubjectInput = z.object(subjectFields).strict();

export interface DsrSummary {
  email: string;
  account: { id: number; status: string } | null;
  counts: {
    listMemberships: number;
    consentEvents: number;
    contestEntries: number;
    leads: number;
    serviceNotes: number;
    billing: number;
    mail: number;
    suppressedLists: number;
    auditRows: number;
  };
  /** True when nothing at all is stored about this person. */
  empty: boolean;
}

export const DSR_EXPORT_FORMATS = ['json', 'html'] as const;
export type DsrExportFormat = (typeof DSR_EXPORT_FORMATS)[number];

export const dsrExportInput = z
  .object({ ...subjectFields, reference: dsrReference, format: z.enum(DSR_EXPORT_FORMATS, { error: 'Choose a format.' }) })
  .strict();

export interface DsrExportResult {
  /** False when the save dialog was cancelled: nothing was written or audited. */
  saved: boolean;
  /** Name of the written file (no directory). */
  fileName: string | null;
  bytes: number;
  summary: DsrSummary;
}

/** How the person asked; recorded with the consent withdrawals the erasure makes. */
export const DSR_REQUEST_METHODS = ['email_request', 'phone', 'web_form'] as const;
export type DsrRequestMethod = (typeof DSR_REQUEST_METHODS)[number];
export const DSR_REQUEST_METHOD_LABELS: Record<DsrRequestMethod, string> = {
  email_request: 'By email',
  phone: 'By phone',
  web_form: 'Through the web form',
};

export const dsrEraseInput = z
  .object({
    ...subjectFields,
    requestMethod: z.enum(DSR_REQUEST_METHODS, { error: 'Choose how the person asked.' }),
    /** Typed again by the manager: erasure cannot be undone. */
    confirmEmail: z.string().trim().max(254 * 4),
    reference: dsrReference,
  })
  .strict()
  .refine((v) => normaliseEmail(v.email) === normaliseEmail(v.confirmEmail), rule('confirm_email_differs', { path: ['confirmEmail'] }));

export interface ErasureReport {
  accountId: number | null;
  erased: {
    account: boolean;
    contestEntries: number;
    leads: number;
    serviceNotes: number;
    billing: number;
    mail: number;
  };
  kept: {
    /** Consent and withdrawal events kept without personal data, as proof. */
    consentEvents: number;
    entryConsentEvents: number;
    suppressedLists: number;
  };
  /** Both databases were compacted and their write-ahead logs emptied, so no deleted bytes remain. */
  scrubbed: { customers: boolean; contests: boolean };
}

/** An audit row in the managers' access log: who read or exported what, without the details. */
export type AccessLogRow = Omit<AuditRow, 'details'>;

export const accessLogInput = z
  .object({
    /** Only rows about this person (account, leads, contest entries); all reads when omitted. */
    email: emailField.optional().or(z.literal('').transform(() => undefined)),
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

export const dsrFeature = feature('dsr', {
  channels: {
    'dsr.lookup': channel<DsrSummary>()('dsr.manage', dsrSubjectInput),
    'dsr.exportAccess': channel<DsrExportResult>()('dsr.manage', dsrExportInput),
    'dsr.erase': channel<ErasureReport>()('dsr.manage', dsrEraseInput),
    'dsr.accessLog': channel<{ rows: AccessLogRow[]; nextBeforeSeq: number | null }>()('dsr.manage', accessLogInput),
  },
});
