import { z } from 'zod';
import { rule } from '../errors';
import { channel, feature, job } from './define';
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

const count = z.number().int().nonnegative();

export const dsrSummary = z
  .object({
    email: z.string(),
    account: z.object({ id: z.number().int().positive(), status: z.string() }).strict().nullable(),
    counts: z
      .object({
        listMemberships: count,
        consentEvents: count,
        contestEntries: count,
        leads: count,
        serviceNotes: count,
        billing: count,
        mail: count,
        suppressedLists: count,
        auditRows: count,
      })
      .strict(),
    /** True when nothing at all is stored about this person. */
    empty: z.boolean(),
  })
  .strict();
export type DsrSummary = z.infer<typeof dsrSummary>;

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

/**
 * What the access job's worker gets: the request, and the suppression key read from the keychain
 * by the main thread. With a tempPath it also writes the document there (the main thread renames
 * it into place with its audit row); without one it only counts.
 */
export const dsrAccessJobParams = z
  .object({
    email: z.string().min(1).max(254 * 4),
    phone: z.string().max(100).nullable(),
    reference: z.string().min(1).max(40),
    suppressionKeyHex: z.string().regex(/^[0-9a-f]{64}$/),
    generatedAt: z.iso.datetime(),
    generatedBy: z.string().max(200),
    file: z.object({ tempPath: z.string().min(1), format: z.enum(DSR_EXPORT_FORMATS) }).strict().nullable(),
  })
  .strict();

/** Ids only: what an audit row may say about whom a request concerned. */
const subjectIds = z
  .object({ subjectType: z.literal('account').nullable(), subjectId: z.number().int().positive().nullable(), leadIds: z.array(z.number().int()), entryIds: z.array(z.string()) })
  .strict();

export const dsrAccessJobOutput = z
  .object({
    summary: dsrSummary,
    ids: subjectIds,
    bytes: count,
  })
  .strict();

export const erasureReport = z
  .object({
    accountId: z.number().int().positive().nullable(),
    erased: z.object({ account: z.boolean(), contestEntries: count, leads: count, serviceNotes: count, billing: count, mail: count }).strict(),
    kept: z
      .object({
        /** Consent and withdrawal events kept without personal data, as proof. */
        consentEvents: count,
        entryConsentEvents: count,
        suppressedLists: count,
      })
      .strict(),
    /** Both databases were compacted and their write-ahead logs emptied, so no deleted bytes remain. */
    scrubbed: z.object({ customers: z.boolean(), contests: z.boolean() }).strict(),
  })
  .strict();
export type ErasureReport = z.infer<typeof erasureReport>;

/**
 * What the erasure's worker thread gets: the request, the moment and business day it was made
 * (from the main thread's clock), and the suppression key, read from the keychain by the main
 * thread (a worker has no keychain). The key travels only inside the process, as exports' secrets do.
 */
export const dsrEraseJobParams = z
  .object({
    email: z.string().min(1).max(254 * 4),
    phone: z.string().max(100).nullable(),
    requestMethod: z.enum(DSR_REQUEST_METHODS),
    reference: dsrReference,
    suppressionKeyHex: z.string().regex(/^[0-9a-f]{64}$/),
    at: z.iso.datetime(),
    today: z.iso.date(),
    device: z.string().max(200),
  })
  .strict();

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

/** What the access log's reader gets: one page of the rows about one person. */
export const dsrAccessLogJobParams = z
  .object({
    email: z.string().min(1).max(254 * 4),
    beforeSeq: z.number().int().positive().optional(),
    limit: z.number().int().min(1).max(200),
  })
  .strict();

const accessLogRow = z
  .object({
    seq: z.number().int().positive(),
    at: z.string(),
    actorId: z.number().int().nullable(),
    actorName: z.string(),
    action: z.string(),
    subjectType: z.string().nullable(),
    subjectId: z.string().nullable(),
  })
  .strict() satisfies z.ZodType<AccessLogRow>;

export const dsrAccessLogJobOutput = z
  .object({ rows: z.array(accessLogRow), nextBeforeSeq: z.number().int().positive().nullable(), ids: subjectIds })
  .strict();

export const dsrFeature = feature('dsr', {
  channels: {
    'dsr.lookup': channel<DsrSummary>()('dsr.manage', dsrSubjectInput),
    'dsr.exportAccess': channel<DsrExportResult>()('dsr.manage', dsrExportInput),
    'dsr.erase': channel<ErasureReport>()('dsr.manage', dsrEraseInput),
    'dsr.accessLog': channel<{ rows: AccessLogRow[]; nextBeforeSeq: number | null }>()('dsr.manage', accessLogInput),
  },
  jobs: {
    /** The whole erasure, both databases and their scrub; the dsr.erase call waits for it. */
    'dsr.erase': job({ params: dsrEraseJobParams, result: erasureReport }),
    /** The access document of dsr.lookup and dsr.exportAccess, read (and written) in a worker. */
    'dsr.access': job({ params: dsrAccessJobParams, result: dsrAccessJobOutput }),
    /** One page of dsr.accessLog for one person (finding them scans every entry), read in a worker. */
    'dsr.accessLog': job({ params: dsrAccessLogJobParams, result: dsrAccessLogJobOutput }),
    /** The erasure's scrub of customers.db alone, after erasures received from other devices were applied. */
    'dsr.scrub': job({ params: z.object({}).strict(), result: z.object({ vacuumed: z.boolean(), walTruncated: z.boolean() }).strict() }),
  },
});
