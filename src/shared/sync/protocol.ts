import { z } from 'zod';
import { HLC_PATTERN } from '../hlc';
import { CONSENT_METHODS, LISTS, OPT_OUT_REASONS } from '../customers-lists';
import { LANGUAGES } from '../i18n';
import { ROLES } from '../roles';
import { CARD_BRANDS } from '../contract/billing';
import { PERMISSION_METHODS } from '../contract/leads';

/**
 * The wire protocol between devices and the hub, version 1. Both sides parse every body with these
 * schemas. No Node-only imports: the renderer imports the types.
 *
 * Transport: JSON over HTTPS. Every request carries the client's version in CLIENT_VERSION_HEADER;
 * every authenticated request carries `Authorization: Bearer <access token>`. Every refusal is an
 * ErrorBody with the HTTP status listed in ERROR_STATUS, and a `Retry-After` header when
 * `retryAfterS` is set.
 */

export const PROTOCOL_VERSION = 1;
export const CLIENT_VERSION_HEADER = 'x-ixo-client-version';

export const PATHS = {
  health: '/v1/health',
  enroll: '/v1/enroll',
  refresh: '/v1/token/refresh',
  push: '/v1/push',
  heartbeat: '/v1/heartbeat',
  /** GET, with `?cursor=…&limit=…`; see FEEDS. */
  feed: (feed: Feed) => `/v1/feeds/${feed}`,
  adminCodes: '/v1/admin/enrollment-codes',
  adminDevices: '/v1/admin/devices',
  adminRevoke: (deviceId: string) => `/v1/admin/devices/${deviceId}/revoke`,
  /** POST, ReplicaPushRequest: changes to replicated records (office only). */
  replicaPush: '/v1/replica/push',
  /** GET, with `?cursor=…&limit=…`: replicated records, as far as the profile may see them. */
  replicaFeed: '/v1/replica/feed',
  /** POST: the next rows of this device's audit chain (AuditPushRequest). */
  auditPush: '/v1/audit/push',
  /** GET: every device's audit chain as the hub has checked it (office devices only). */
  adminAudit: '/v1/admin/audit',
} as const;

/** Limits the hub enforces; a client keeps its batches under them. */
export const LIMITS = {
  /** Items in one push. */
  pushItems: 1000,
  /** Characters in one item's payload. */
  payloadChars: 256 * 1024,
  /** Bytes in one request body (413 payload_too_large above it). */
  bodyBytes: 16 * 1024 * 1024,
  /** Items in one feed page: the default and the largest a client may ask for. */
  feedPageDefault: 1000,
  feedPageMax: 10_000,
  /** Suppression pages are packed (33 bytes an item), so they may be larger. */
  suppressionPageMax: 50_000,
  /** Opt-outs in one suppression batch item (at most 71 characters each, so a full batch stays well under payloadChars). */
  suppressionBatchChanges: 2000,
  /** Audit rows in one audit push. */
  auditRows: 1000,
} as const;

// ---------------------------------------------------------------------------------------------
// Errors

export const ERROR_CODES = [
  'bad_request', // the body or query does not match the schema
  'payload_too_large', // the body is over LIMITS.bodyBytes
  'unauthorized', // no or unknown access token
  'token_expired', // the access token expired: refresh, then repeat the request
  'refresh_invalid', // unknown or expired refresh token: enroll again
  'refresh_reused', // a used refresh token came back: the device is revoked, enroll again
  'device_revoked', // the device was revoked: keep everything unsent, enroll again
  'forbidden_profile', // the device's profile may not do this
  'enrollment_code_invalid', // unknown, used or expired code
  'rate_limited', // too many attempts: wait retryAfterS
  'client_too_old', // the client is below the hub's minimum version
  'not_found',
  'unavailable', // the hub cannot reach its database: retry later
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export const ERROR_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  payload_too_large: 413,
  unauthorized: 401,
  token_expired: 401,
  refresh_invalid: 401,
  refresh_reused: 401,
  device_revoked: 403,
  forbidden_profile: 403,
  enrollment_code_invalid: 400,
  rate_limited: 429,
  client_too_old: 426,
  not_found: 404,
  unavailable: 503,
  internal: 500,
};

export const errorBody = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    /** Seconds to wait before trying again (also sent as `Retry-After`). */
    retryAfterS: z.number().int().nonnegative().optional(),
    /** With client_too_old: the lowest version the hub accepts. */
    minVersion: z.string().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;

// ---------------------------------------------------------------------------------------------
// Shared pieces

export const PROFILES = ['booth', 'office'] as const;
export type Profile = (typeof PROFILES)[number];

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase hex SHA-256');
const isoTime = z.iso.datetime({ offset: true });
const deviceName = z.string().trim().min(1).max(80);
/** 32 random bytes, base64. */
const key32 = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, '32 bytes, base64');

/** Tokens are opaque to the client. */
const token = z.string().min(20).max(200);

export const tokens = z.object({
  accessToken: token,
  accessExpiresAt: isoTime,
  refreshToken: token,
  refreshExpiresAt: isoTime,
});
export type Tokens = z.infer<typeof tokens>;

// ---------------------------------------------------------------------------------------------
// Enrollment and tokens

/**
 * Enrollment codes are ENROLLMENT_CODE_LENGTH characters of Crockford base32, shown as XXXXX-XXXXX.
 * The hub ignores dashes, spaces and case, and reads I/L as 1 and O as 0.
 */
export const ENROLLMENT_CODE_LENGTH = 10;
export const normaliseEnrollmentCode = (code: string): string =>
  code.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');

export const enrollRequest = z.object({
  code: z.string().trim().min(1).max(40),
  /** The name the device gives itself; the hub keeps the name the code was created with if set. */
  deviceName: deviceName.optional(),
  appVersion: z.string().min(1).max(40),
  /**
   * An office device that already holds suppression entries offers its local HMAC key. The hub
   * adopts it only if the organisation has no key yet (see suppressionKeyAdopted).
   */
  localSuppressionKey: key32.optional(),
});
export type EnrollRequest = z.infer<typeof enrollRequest>;

const deviceNumber = z.number().int().min(1).max(9999).nullable();

export const enrollResponse = z.object({
  deviceId: z.uuid(),
  name: deviceName,
  profile: z.enum(PROFILES),
  tokens,
  /**
   * The organisation's suppression HMAC key, or null while no office device has enrolled yet (the
   * heartbeat answer carries it once it exists).
   */
  suppressionKey: key32.nullable(),
  /** True when the key offered in localSuppressionKey became the organisation's key. */
  suppressionKeyAdopted: z.boolean(),
  hubTime: isoTime,
  /**
   * The office device's number on this hub (1, 2, …; 1 is the first office device to enroll), the
   * prefix of the account numbers it gives; null for a booth. Absent from hubs that predate it.
   */
  deviceNumber: deviceNumber.optional(),
});
export type EnrollResponse = z.infer<typeof enrollResponse>;

export const refreshRequest = z.object({ refreshToken: token });
export type RefreshRequest = z.infer<typeof refreshRequest>;
/** Each refresh returns a new pair; the old refresh token is spent (using it again revokes the device). */
export const refreshResponse = z.object({ tokens, hubTime: isoTime });
export type RefreshResponse = z.infer<typeof refreshResponse>;

// ---------------------------------------------------------------------------------------------
// Push

/**
 * What a device pushes, and who may push it:
 * - contest_entry: a booth or office capture (payload: the entry as captured; personal data, stored
 *   encrypted). Booth and office.
 * - event: an event definition with its rules, notices and survey (payload: EventPayload). Office.
 * - suppression: opt-outs as keyed hashes, one change or a batch of them (payload: SuppressionPayload).
 *   Office; a booth too, but only opt-outs: the hub refuses a booth's item that lifts one (cleared
 *   other than 0).
 */
export const PUSH_KINDS = ['contest_entry', 'event', 'suppression'] as const;
export type PushKind = (typeof PUSH_KINDS)[number];

export const PUSH_KINDS_BY_PROFILE: Record<Profile, readonly PushKind[]> = {
  booth: ['contest_entry', 'suppression'],
  office: ['contest_entry', 'event', 'suppression'],
};

export const pushItem = z.object({
  /** The record's permanent UUID (the outbox row id). */
  id: z.uuid(),
  kind: z.enum(PUSH_KINDS),
  /** SHA-256 of the UTF-8 bytes of `payload`, computed once at capture. */
  sha256: sha256Hex,
  payload: z.string().max(LIMITS.payloadChars),
  createdAt: isoTime,
});
export type PushItem = z.infer<typeof pushItem>;

export const pushRequest = z.object({ items: z.array(pushItem).min(1).max(LIMITS.pushItems) });
export type PushRequest = z.infer<typeof pushRequest>;

/**
 * One result per item, in request order. The hub answers only after its transaction committed, so
 * `stored`, `duplicate` and `conflict` all mean "durable on the hub: acknowledge the row".
 * - stored: new, committed.
 * - duplicate: the hub already had this id with the same sha256 (an earlier attempt committed).
 * - conflict: the hub has this id with another sha256. Both versions are kept; the hub flags it.
 *   The device marks the row as a conflict (shown on both sides) and stops sending it.
 * - refused: nothing stored for this item; `code` says why (PUSH_REFUSAL_CODES). Not retried as is.
 */
export const PUSH_STATUSES = ['stored', 'duplicate', 'conflict', 'refused'] as const;
export type PushStatus = (typeof PUSH_STATUSES)[number];

export const PUSH_REFUSAL_CODES = [
  'hash_mismatch', // sha256 is not the hash of payload
  'malformed_payload', // an event or suppression payload that does not match its schema
  'forbidden_kind', // the device's profile may not push this kind
  'duplicate_in_batch', // the same id twice in one request with different content
  'clock_ahead', // a record change stamped further ahead of the hub's clock than MAX_CLOCK_AHEAD_MS (shared/hlc.ts)
] as const;
export type PushRefusalCode = (typeof PUSH_REFUSAL_CODES)[number];

export const pushResult = z.object({
  id: z.string(),
  status: z.enum(PUSH_STATUSES),
  code: z.enum(PUSH_REFUSAL_CODES).optional(),
  message: z.string().optional(),
});
export type PushResult = z.infer<typeof pushResult>;

export const pushResponse = z.object({ results: z.array(pushResult), hubTime: isoTime });
export type PushResponse = z.infer<typeof pushResponse>;

const suppressionChange = z
  .object({
    /** HMAC-SHA256 of the normalised email under the organisation's key, lowercase hex. */
    emailHmac: sha256Hex,
    lists: z.number().int().min(0).max(7),
    cleared: z.number().int().min(0).max(7).default(0),
    at: isoTime,
  })
  .refine((p) => (p.lists | p.cleared) !== 0 && (p.lists & p.cleared) === 0, 'a change sets or clears at least one list, never both for one list');

const suppressionBatch = z
  .object({
    at: isoTime,
    /** [emailHmac, lists]: the hash as in a single change, the lists opted out of (at least one). */
    changes: z
      .array(z.tuple([sha256Hex, z.number().int().min(1).max(7)]))
      .min(1)
      .max(LIMITS.suppressionBatchChanges),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.changes.forEach(([h], i) => {
      if (seen.has(h)) ctx.addIssue({ code: 'custom', path: ['changes', i, 0], message: 'a hash appears once per batch' });
      seen.add(h);
    });
  });

/**
 * The payload of a `suppression` item: changes to keyed hashes' opt-outs, in one of two shapes. A
 * payload with `changes` is a batch; any other is one change.
 * - One change: `{ emailHmac, lists, cleared, at }`. `lists` are the lists opted out of, `cleared`
 *   the lists whose opt-out a new consent lifted (bits as LIST_BIT in shared/customers-lists.ts).
 * - A batch of opt-outs made at one time (a bulk import's): `{ at, changes: [[emailHmac, lists], …] }`,
 *   1 to LIMITS.suppressionBatchChanges changes, each hash at most once, each with lists 1..7 and
 *   nothing cleared. The hub applies it as that many single changes, and stores it once by its id.
 * The hub orders changes per hash and list by `at`; at the same instant an opt-out wins over a lift.
 */
export const suppressionPayload = z.unknown().transform((v, ctx) => {
  const batch = typeof v === 'object' && v !== null && Object.hasOwn(v, 'changes');
  const r = batch ? suppressionBatch.safeParse(v) : suppressionChange.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return z.NEVER;
});
export type SuppressionPayload = z.input<typeof suppressionChange> | z.input<typeof suppressionBatch>;

/** The payload of an `event` item. Later versions of an event replace earlier ones. */
export const eventPayload = z.object({
  eventId: z.uuid(),
  version: z.number().int().min(1),
  /** The event as the office defines it (name, dates, rules, notices, survey); opaque to the hub. */
  body: z.unknown(),
});
export type EventPayload = z.infer<typeof eventPayload>;

// ---------------------------------------------------------------------------------------------
// Feeds

/**
 * Feeds down to devices. A page's items are in the order their transactions became visible, and
 * the hub never hands out a cursor past a change that could still commit, so no change is skipped.
 * Applying a page twice changes nothing. Cursors are opaque; null starts from the beginning.
 * - events: the latest version of every event (booth and office).
 * - suppression: every suppressed hash with the union of its list bits (booth and office).
 * - entries: every contest entry pushed by other devices (office only).
 */
export const FEEDS = ['events', 'suppression', 'entries'] as const;
export type Feed = (typeof FEEDS)[number];

export const FEEDS_BY_PROFILE: Record<Profile, readonly Feed[]> = {
  booth: ['events', 'suppression'],
  office: ['events', 'suppression', 'entries'],
};

export const feedQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.suppressionPageMax).optional(),
});
export type FeedQuery = z.infer<typeof feedQuery>;

export const eventFeedItem = z.object({ eventId: z.uuid(), version: z.number().int(), sha256: sha256Hex, payload: z.string() });
export type EventFeedItem = z.infer<typeof eventFeedItem>;

/**
 * `lists` is the hash's current state: the lists it is opted out of, 0 when every opt-out was lifted.
 * Apply as local = lists. On the wire a page packs its items into `packed`: base64 of
 * SUPPRESSION_RECORD_BYTES per item (the 32-byte hash, then one byte of lists); unpackSuppression
 * reads it (shared/sync/packed.ts, Node only).
 */
export const suppressionFeedItem = z.object({ emailHmac: sha256Hex, lists: z.number().int().min(0).max(7) });
export type SuppressionFeedItem = z.infer<typeof suppressionFeedItem>;
export const SUPPRESSION_RECORD_BYTES = 33;

export const entryFeedItem = z.object({
  id: z.uuid(),
  kind: z.literal('contest_entry'),
  sha256: sha256Hex,
  payload: z.string(),
  createdAt: isoTime,
  deviceId: z.uuid(),
  receivedAt: isoTime,
});
export type EntryFeedItem = z.infer<typeof entryFeedItem>;

const page = <T extends z.ZodType>(item: T) =>
  z.discriminatedUnion('resync', [
    z.object({
      resync: z.literal(false),
      items: z.array(item),
      /** Pass it back as `cursor`; store it only after the page is applied. */
      nextCursor: z.string(),
      /** More items are ready now; ask again at once. */
      hasMore: z.boolean(),
    }),
    /**
     * The cursor is from another hub database or older than the hub keeps: drop the cursor, pull
     * again from null and apply it all (apply is idempotent, so nothing local needs clearing).
     */
    z.object({ resync: z.literal(true), reason: z.string() }),
  ]);

const packedPage = z.discriminatedUnion('resync', [
  z.object({
    resync: z.literal(false),
    /** Base64; checked against `count` when unpacked (shared/sync/packed.ts). */
    packed: z.string(),
    /** Items in `packed`. */
    count: z.number().int().nonnegative(),
    nextCursor: z.string(),
    hasMore: z.boolean(),
  }),
  z.object({ resync: z.literal(true), reason: z.string() }),
]);

export const feedPages = {
  events: page(eventFeedItem),
  suppression: packedPage,
  entries: page(entryFeedItem),
} as const;
export type FeedPage<F extends Feed> = z.infer<(typeof feedPages)[F]>;

// ---------------------------------------------------------------------------------------------
// Heartbeat

export const heartbeatRequest = z.object({
  appVersion: z.string().min(1).max(40),
  pendingCount: z.number().int().nonnegative(),
  oldestPendingAt: isoTime.nullable(),
  /** The device's clock when it sent the request. */
  clock: isoTime,
});
export type HeartbeatRequest = z.infer<typeof heartbeatRequest>;

export const heartbeatResponse = z.object({
  hubTime: isoTime,
  /** hub time minus device clock, ms, ignoring transit time. */
  clockSkewMs: z.number(),
  device: z.object({ id: z.uuid(), name: z.string(), profile: z.enum(PROFILES) }),
  suppressionKey: key32.nullable(),
  minClientVersion: z.string(),
  /** As in the enrollment answer: this office device's number, null for a booth. */
  deviceNumber: deviceNumber.optional(),
});
export type HeartbeatResponse = z.infer<typeof heartbeatResponse>;

/** Warn when device and hub clocks differ by more than this. */
export const CLOCK_SKEW_WARN_MS = 5 * 60_000;

// ---------------------------------------------------------------------------------------------
// Admin (office devices only; people are authorised on the device, by role)

export const createCodeRequest = z.object({
  profile: z.enum(PROFILES),
  name: deviceName,
  ttlHours: z.number().int().min(1).max(24 * 14).optional(),
});
export type CreateCodeRequest = z.infer<typeof createCodeRequest>;
export const createCodeResponse = z.object({ code: z.string(), profile: z.enum(PROFILES), name: deviceName, expiresAt: isoTime });
export type CreateCodeResponse = z.infer<typeof createCodeResponse>;

export const deviceInfo = z.object({
  id: z.uuid(),
  name: z.string(),
  profile: z.enum(PROFILES),
  enrolledAt: isoTime,
  lastSeenAt: isoTime.nullable(),
  appVersion: z.string().nullable(),
  pendingCount: z.number().int().nullable(),
  oldestPendingAt: isoTime.nullable(),
  clockSkewMs: z.number().nullable(),
  revokedAt: isoTime.nullable(),
  revokedReason: z.string().nullable(),
  conflicts: z.number().int(),
});
export type DeviceInfo = z.infer<typeof deviceInfo>;
export const listDevicesResponse = z.object({ devices: z.array(deviceInfo) });
export type ListDevicesResponse = z.infer<typeof listDevicesResponse>;

export const revokeResponse = z.object({ device: deviceInfo });
export type RevokeResponse = z.infer<typeof revokeResponse>;

export const healthResponse = z.object({ ok: z.literal(true), protocol: z.literal(PROTOCOL_VERSION), hubTime: isoTime, minClientVersion: z.string() });
export type HealthResponse = z.infer<typeof healthResponse>;

/** Compares dotted numeric versions ('1.2.10' > '1.2.9'); a pre-release suffix is ignored. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[-+]/)[0]!.split('.').map((n) => Number.parseInt(n, 10) || 0);
  const pa = parts(a);
  const pb = parts(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// Replicated records

/**
 * An account number as people read it out: the bare local number of an account made before its
 * device joined the hub (kept only on office device 1), else `<device number>-<number>`.
 */
export const ACCOUNT_NUMBER_PATTERN = /^(?:[1-9]\d{0,3}-)?[1-9]\d{0,14}$/;

const consentEvent = z
  .object({
    /** The account, by accounts.gid. */
    account: z.uuid(),
    list: z.enum(LISTS),
    action: z.enum(['subscribe', 'unsubscribe']),
    method: z.enum(CONSENT_METHODS),
    reason: z.enum(OPT_OUT_REASONS).nullable(),
    cause: z.enum(['direct', 'account_cancelled', 'account_reopened']),
    note: z.string().max(2000).nullable(),
    notice: z
      .object({ id: z.string().min(1).max(80), version: z.string().min(1).max(80), hash: z.string().regex(/^[0-9a-f]{64}$/) })
      .strict()
      .nullable(),
    requestedOn: z.iso.date(),
    recordedAt: isoTime,
    /** The staff member who recorded it, by staff gid. */
    staff: z.uuid().nullable(),
    /** The device name it was recorded on, as shown in the history. */
    device: z.string().min(1).max(200),
    hlc: z.string().regex(HLC_PATTERN),
    node: z.uuid(),
    /** The account's opening it was recorded in (REPLICA_FIELDS.accounts.opened); only the current opening's events set list state. */
    opened: z.number().int().min(1),
  })
  .strict()
  .refine((e) => e.action === 'unsubscribe' || e.notice !== null, { message: 'a subscription cites the notice agreed to', path: ['notice'] })
  .refine((e) => e.action === 'subscribe' || e.reason !== null, { message: 'a withdrawal has a reason', path: ['reason'] });

/**
 * Records that every office device holds a copy of and edits offline: each field carries the clock
 * stamp (shared/hlc.ts) and the device (its replica node id) of the change that wrote it, and the
 * copies merge field by field: the greater (hlc, node) wins. REPLICA_FIELDS is every table's field
 * schema; a change naming an unknown table or field, or a value its schema refuses, is refused
 * whole.
 */
export const REPLICA_TABLES = ['staff', 'settings', 'accounts', 'consent', 'notes', 'billing', 'leads'] as const;
export type ReplicaTable = (typeof REPLICA_TABLES)[number];

const smtpSettings = z
  .object({ host: z.string().max(255), port: z.number().int().min(1).max(65535), secure: z.boolean(), user: z.string().max(255), from: z.string().max(320) })
  .strict();

export const REPLICA_FIELDS = {
  staff: {
    username: z.string().trim().min(1).max(80),
    displayName: z.string().trim().min(1).max(120),
    role: z.enum(ROLES),
    disabled: z.boolean(),
    passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/, 'a scrypt password hash'),
    language: z.enum(LANGUAGES).nullable(),
    /** The role a role change replaced, written with it (same stamp); how every copy tells a demoted admin. */
    roleBefore: z.enum(ROLES),
  },
  settings: {
    lockAfterMinutes: z.number().int().min(1).max(240),
    kioskIdleSeconds: z.number().int().min(15).max(900),
    businessTimeZone: z.string().min(1).max(64),
    smtp: smtpSettings,
  },
  /**
   * A customer account (record id: accounts.gid). Status is derived from three fields, so that a
   * cancellation or erasure wins over a concurrent edit whatever the stamps: `opened` counts the
   * account's openings (1 at registration, +1 at each reopen, which is only possible after seeing
   * the cancellation it undoes); `cancellation.opened` is the opening it closed. Erased when
   * erasedAt is set; else cancelled when cancellation.opened >= opened; else active.
   */
  accounts: {
    number: z.string().regex(ACCOUNT_NUMBER_PATTERN, 'an account number (digits, or device number - digits)'),
    /** Null once erased. */
    name: z.string().trim().min(1).max(200).nullable(),
    email: z.string().trim().min(3).max(320).nullable(),
    /** The product by its name (names are unique); a device that does not know it adds it. */
    product: z.string().trim().min(1).max(120),
    language: z.enum(LANGUAGES),
    createdAt: isoTime,
    /** The staff member who registered it, by staff gid. */
    createdBy: z.uuid().nullable(),
    opened: z.number().int().min(1),
    cancellation: z
      .object({ opened: z.number().int().min(1), at: isoTime, reason: z.enum(OPT_OUT_REASONS), note: z.string().max(2000).nullable() })
      .strict()
      .nullable(),
    erasedAt: isoTime.nullable(),
    /**
     * Set with erasedAt: the suppression HMAC of the erased address (hex), never the address. The hub
     * erases every other account and lead with that address made before the erasure (hub/erasure.ts).
     */
    erasedEmail: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .nullable(),
  },
  /**
   * One consent event of the append-only ledger (record id: the event's UUIDv7), written once, in
   * one field. `hlc` and `node` are the stamp it was recorded with: every device orders an account's
   * events by (hlc, node, id) and derives list state from the newest per list. Only an erasure
   * writes it again, with no note; the stamp inside keeps its place.
   */
  consent: {
    event: consentEvent,
  },
  /**
   * A service note (record id: service_notes.gid), kept apart from its account: a table and a
   * record of its own. Removal is final: `removed` once true is never projected again, and the
   * removal blanks the body with the same stamp.
   */
  notes: {
    /** The account, by accounts.gid. */
    account: z.uuid(),
    /** Null once removed. */
    body: z.string().trim().min(1).max(16000).nullable(),
    createdAt: isoTime,
    /** Staff, by staff gid. */
    createdBy: z.uuid(),
    updatedAt: isoTime,
    updatedBy: z.uuid(),
    removed: z.boolean(),
  },
  /**
   * An account's billing profile (record id: billingRecordId(account gid), one per account on every
   * device). The address travels as one field, so two concurrent edits never mix two addresses. A
   * removal sets name, address and card to null and `removedAt`; while the merged `removedAt` is set,
   * those three stay null whatever the stamps of concurrent edits. Only a save that creates the
   * profile again (removedAt: null with a later stamp) brings them back.
   */
  billing: {
    account: z.uuid(),
    billingName: z.string().trim().min(1).max(800).nullable(),
    address: z
      .object({
        line1: z.string().trim().min(1).max(800),
        line2: z.string().max(800).nullable(),
        postalCode: z.string().trim().min(1).max(80),
        city: z.string().trim().min(1).max(400),
        country: z.string().trim().min(1).max(400),
      })
      .strict()
      .nullable(),
    card: z
      .object({ brand: z.enum(CARD_BRANDS), last4: z.string().regex(/^\d{4}$/) })
      .strict()
      .nullable(),
    updatedAt: isoTime,
    updatedBy: z.uuid(),
    removedAt: isoTime.nullable(),
  },
  /**
   * A telemarketing lead (record id: leads.gid). Every change carries `permission`, the express
   * permission evidence as the lead's row holds it (REPLICA_REQUIRED_FIELDS): a lead change without
   * it is refused whole. Removal is final: while the merged `removed` is true, the contact details
   * and the prospect's own words in the evidence (`confirmation`) stay blank whatever the stamps of
   * concurrent edits; who obtained permission, when, how and with which script stay.
   */
  leads: {
    /** Null once removed. */
    name: z.string().trim().min(1).max(800).nullable(),
    phone: z.string().trim().min(1).max(160).nullable(),
    email: z.string().trim().min(3).max(1280).nullable(),
    company: z.string().max(800).nullable(),
    notes: z.string().max(8000).nullable(),
    permission: z
      .object({
        /** Staff gid when a staff member obtained it, else null (obtainedByName names who did). */
        obtainedByStaff: z.uuid().nullable(),
        obtainedByName: z.string().trim().min(1).max(480),
        obtainedAt: isoTime,
        method: z.enum(PERMISSION_METHODS),
        scriptVersion: z.string().trim().min(1).max(160),
        scriptSha256: z.string().regex(/^[0-9a-f]{64}$/),
        scriptLanguage: z.enum(LANGUAGES),
        confirmation: z.string().trim().min(1).max(2000),
        recordedAt: isoTime,
        recordedBy: z.uuid(),
      })
      .strict(),
    createdAt: isoTime,
    createdBy: z.uuid(),
    updatedAt: isoTime,
    /** Set once the lead became a customer: the account, by accounts.gid. */
    conversion: z.object({ account: z.uuid(), at: isoTime }).strict().nullable(),
    removed: z.boolean(),
  },
} as const satisfies Record<ReplicaTable, Record<string, z.ZodType>>;

/** Fields every change of a table must carry; a change without one is refused whole. */
export const REPLICA_REQUIRED_FIELDS: Partial<Record<ReplicaTable, readonly string[]>> = {
  leads: ['permission'],
};

/** Fields a booth receives: staff it may need offline never bring more than these; settings not the mail server; no customer data. */
export const BOOTH_REPLICA_FIELDS: Record<ReplicaTable, readonly string[]> = {
  staff: ['username', 'displayName', 'role', 'disabled', 'passwordHash', 'language', 'roleBefore'],
  settings: ['lockAfterMinutes', 'kioskIdleSeconds', 'businessTimeZone'],
  accounts: [],
  consent: [],
  notes: [],
  billing: [],
  leads: [],
};
/** What a booth learns of a staff member who may not work on it: enough to refuse them, and to keep the last admin as every device does. */
export const BOOTH_BARRED_STAFF_FIELDS: readonly string[] = ['role', 'disabled', 'roleBefore'];

/** The organisation's settings are one record with this id. */
export const ORGANISATION_SETTINGS_ID = '00000000-0000-7000-8000-000000000001';

/**
 * Any present value: every value is then checked by its field's own schema (recordChange), which
 * accepts JSON of one shape only, and an unknown field is refused. A generic JSON check here would
 * only walk and copy each value a second time.
 */
const fieldJson = z.custom<z.core.util.JSONType>((v) => v !== undefined, { message: 'a field value is required' });

const replicaFieldValue = z.object({
  value: fieldJson,
  hlc: z.string().regex(HLC_PATTERN, 'a clock stamp (12 hex digits, -, 4 hex digits)'),
  /** The replica node (device) that wrote it. */
  node: z.uuid(),
});
export type ReplicaFieldValue = z.infer<typeof replicaFieldValue>;

/** One change to one record, or (in the feed) a record's current merged state. */
export const recordChange = z
  .object({
    table: z.enum(REPLICA_TABLES),
    recordId: z.uuid(),
    fields: z.record(z.string(), replicaFieldValue),
  })
  .superRefine((c, ctx) => {
    const known: Record<string, z.ZodType> = REPLICA_FIELDS[c.table];
    const names = Object.keys(c.fields);
    if (names.length === 0) ctx.addIssue({ code: 'custom', path: ['fields'], message: 'a change sets at least one field' });
    for (const name of REPLICA_REQUIRED_FIELDS[c.table] ?? []) {
      if (!Object.hasOwn(c.fields, name)) ctx.addIssue({ code: 'custom', path: ['fields', name], message: `every ${c.table} change carries "${name}"` });
    }
    for (const name of names) {
      const schema = known[name];
      if (!schema || !Object.hasOwn(known, name)) {
        ctx.addIssue({ code: 'custom', path: ['fields', name], message: `${c.table} has no field "${name}"` });
        continue;
      }
      const r = schema.safeParse(c.fields[name]!.value);
      if (!r.success) ctx.addIssue({ code: 'custom', path: ['fields', name, 'value'], message: r.error.issues[0]?.message ?? 'invalid value' });
    }
  });
export type RecordChange = z.infer<typeof recordChange>;

/** A pushed change: the outbox row (kind 'record') whose payload is a RecordChange as JSON. */
export const replicaPushItem = z.object({ id: z.uuid(), sha256: sha256Hex, payload: z.string().max(LIMITS.payloadChars), createdAt: isoTime });
export type ReplicaPushItem = z.infer<typeof replicaPushItem>;
export const replicaPushRequest = z.object({ items: z.array(replicaPushItem).min(1).max(LIMITS.pushItems) });
export type ReplicaPushRequest = z.infer<typeof replicaPushRequest>;
/** Same answers as a push: stored, duplicate (the id was seen before) or refused with a code. */
export const replicaPushResponse = pushResponse;

/** Records in the order their last change committed on the hub; see FEEDS for the cursor rules. */
export const replicaFeedPage = page(recordChange);
export type ReplicaFeedPage = z.infer<typeof replicaFeedPage>;
// Central audit

/**
 * One row of a device's hash-chained audit log, exactly as the device stores it (its hash covers
 * these fields: shared/sync/audit-chain.ts). `details` is the stored JSON text, not re-encoded.
 */
export const auditChainRow = z
  .object({
    seq: z.number().int().min(1),
    at: z.string().min(1).max(64),
    actorId: z.number().int().nullable(),
    actorName: z.string().max(500),
    action: z.string().min(1).max(200),
    subjectType: z.string().max(200).nullable(),
    subjectId: z.string().max(500).nullable(),
    details: z.string().max(LIMITS.payloadChars),
    prevHash: sha256Hex,
    hash: sha256Hex,
  })
  .strict();
export type AuditChainRow = z.infer<typeof auditChainRow>;

/**
 * The device's rows after seq `after`, in seq order. The rows are always filed under the device the
 * access token belongs to; the body names no device (an unknown field is refused). `after` is the
 * last seq the device believes the hub holds: when the hub holds less, it stores nothing and answers
 * with what it holds, and the device sends again from there.
 */
export const auditPushRequest = z
  .object({
    after: z.number().int().min(0),
    rows: z.array(auditChainRow).min(1).max(LIMITS.auditRows),
  })
  .strict()
  .refine((b) => b.rows.every((r, i) => r.seq > b.after && (i === 0 || r.seq > b.rows[i - 1]!.seq)), 'rows must come after `after`, in rising seq order');
export type AuditPushRequest = z.infer<typeof auditPushRequest>;

export const AUDIT_PROBLEMS = ['altered', 'removed', 'reordered'] as const;
export type AuditProblem = (typeof AUDIT_PROBLEMS)[number];

/** What the hub found wrong in one device's chain: the first bad row, kept once found. */
export const auditFinding = z.object({ seq: z.number().int(), problem: z.enum(AUDIT_PROBLEMS), foundAt: isoTime });
export type AuditFinding = z.infer<typeof auditFinding>;

/** Answered after the hub committed: `haveThrough` is the highest seq it now holds for this device. */
export const auditPushResponse = z.object({
  haveThrough: z.number().int().min(0),
  stored: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  finding: auditFinding.nullable(),
  hubTime: isoTime,
});
export type AuditPushResponse = z.infer<typeof auditPushResponse>;

/**
 * One device's chain on the hub: rows held (`received`, up to seq `haveThrough`), checked intact
 * through `verifiedThrough`, and the first bad row if any. A device that never sent a row has
 * received 0.
 */
export const auditChainState = z.object({
  deviceId: z.uuid(),
  name: z.string(),
  profile: z.enum(PROFILES),
  revokedAt: isoTime.nullable(),
  received: z.number().int().min(0),
  haveThrough: z.number().int().min(0),
  verifiedThrough: z.number().int().min(0),
  lastReceivedAt: isoTime.nullable(),
  finding: auditFinding.nullable(),
});
export type AuditChainState = z.infer<typeof auditChainState>;
export const auditChainsResponse = z.object({ devices: z.array(auditChainState), hubTime: isoTime });
export type AuditChainsResponse = z.infer<typeof auditChainsResponse>;
