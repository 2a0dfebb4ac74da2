import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { SyncDevice, SyncProblem, SyncStateName, SyncStatus, EnrollmentCode } from '../../shared/contract/sync';
import { AppError, appError, ERRORS, type ErrorCode, type ErrorKey, type ErrorParams } from '../../shared/errors';
import {
  enrollResponse,
  FEEDS_BY_PROFILE,
  feedPages,
  heartbeatResponse,
  LIMITS,
  PATHS,
  PUSH_KINDS_BY_PROFILE,
  pushResponse,
  refreshResponse,
  createCodeResponse,
  listDevicesResponse,
  revokeResponse,
  eventPayload,
  type Feed,
  type FeedPage,
  type Profile,
  type PushItem,
} from '../../shared/sync';
import type { Clock } from '../context';
import { silentLogger, type Logger } from '../log/logger';
import { stmt } from '../db/statements';
import { whenDurable, withoutSync } from '../db/durability';
import type { KeyVault } from '../keychain/vault';
import { SUPPRESSION_KEY_ACCOUNT, adoptSuppressionKey } from '../accounts/suppression';
import { DEFAULT_BACKOFF, backoffDelayMs, type BackoffPolicy } from './backoff';
import { loadCredential, saveCredential, type Credential } from './credentials';
import { applyEntry, park, parkedCount, retryParked } from './entries-feed';
import { applyEventVersion, eventBody } from './events-feed';
import { HubError, hubRequest } from './hub-client';
import { pushAuditChain } from './audit-push';
import { flaggedRows, OUTBOX_KINDS, outboxSummary, pendingBatch, recordAnswers, recordAttemptFailed, type OutboxKind, type OutboxRow } from './outbox';
import { DEFAULT_RETENTION_DAYS, hasExpired, retentionCutoff } from './retention';
import { suppressionPageSteps } from './suppression-feed';
import { PendingSuppression } from './suppression-pending';
import { syncNowOn, type NetworkSignal } from './network';
import { SCRUB_DUE_KEY } from '../replica/erasure';
import { checkSuppressionRecords } from '../../shared/sync/packed';
import { syncReplica } from '../replica/sync';
import { unsentRecordCount } from '../replica/records';
import { setDeviceNumber } from '../replica/accounts';

/**
 * The outbound sync client. One loop per core: a round pushes every outbox row the device's
 * profile may send, reports to the hub (heartbeat), then pulls the feeds the profile receives. It
 * runs at start, shortly after a capture, when the network comes back, on a timer and on "Sync
 * now"; after a failure it waits with capped exponential backoff and full jitter (never less than
 * the hub's Retry-After) and tries again, for ever. It never runs inside a capture: captures only
 * call nudge(), which schedules a round.
 */

export interface SyncSettingsAccess {
  /** The business time zone: an office device files a pulled entry under its local hour there. */
  readonly businessTimeZone: string;
  getValue<T>(key: string, fallback: T): T;
  setValue(key: string, value: unknown): void;
}

export interface SyncDeps {
  contests: Database;
  customers: Database;
  vault: KeyVault;
  settings: SyncSettingsAccess;
  clock: Clock;
  appVersion: string;
  /** Defaults to Math.random; tests pass a seeded one. */
  random?: () => number;
  backoff?: BackoffPolicy;
  /**
   * How often a round runs when nothing else starts one. Short by default so an office device sees
   * a booth's entry within seconds; an idle round is one empty feed page per feed.
   */
  intervalMs?: number;
  /** How often the device reports itself (pending count, version, clock) to the hub. */
  heartbeatMs?: number;
  /** Delay between a capture and the round it triggers, so a burst of captures shares one round. */
  nudgeDelayMs?: number;
  /** Items per push request. */
  batchSize?: number;
  /** Called after every change of state (the shell may forward it to windows). */
  onChange?: (status: SyncStatus) => void;
  /** Test hook: runs after the hub answered a push and before the answers are recorded. */
  afterPushAnswer?: () => void;
  /** Test hook: runs after each feed page is applied and its cursor saved. */
  afterPageApplied?: (feed: Feed) => void;
  /** Where a round's own failures (not the hub's answers) are logged. */
  logger?: Logger;
  /** Resolves when the loop may write: not while an erasure holds the stores (a write would sit in SQLite's busy wait). */
  whenStoresFree?: () => Promise<void>;
  /** Runs the erasure's scrub of customers.db off the main thread (the dsr.scrub job), after received erasures. */
  scrubCustomers?: () => Promise<unknown>;
  /** Removes a booth's entries the hub acknowledged before the cutoff, off the main thread (the sync.removeExpiredEntries job). */
  removeExpiredEntries: (cutoff: string) => Promise<unknown>;
}

/** Settings keys (customers.db settings table); none of them is secret. */
const KEY = {
  revoked: 'sync.revoked',
  lastPushAt: 'sync.lastPushAt',
  lastPullAt: 'sync.lastPullAt',
  lastSyncedAt: 'sync.lastSyncedAt',
  clockSkewMs: 'sync.clockSkewMs',
  retentionDays: 'sync.retentionDays',
  /** The profile this device is enrolled with, so it is known before the keychain is read. */
  profile: 'sync.profile',
  /** This device keeps its own opt-out key (it held opt-outs under it before joining). */
  keyMismatch: 'sync.suppressionKeyMismatch',
} as const;

/** A failure that needs a person; the loop stops retrying until something changes. */
const NEEDS_PERSON = new Set(['client_too_old', 'forbidden_profile', 'bad_request', 'bad_answer', 'payload_too_large', 'not_found']);
const REVOKED = new Set(['device_revoked', 'refresh_reused', 'refresh_invalid', 'unauthorized']);

/** Push requests in flight at once. */
const PUSH_PARALLEL = 4;
/** Items per push request unless the caller says otherwise (the hub takes up to LIMITS.pushItems). */
const PUSH_BATCH = 1000;
/**
 * Payload characters per push request (past its first item): rows of an import's opt-outs hold
 * about 140,000 each, so a request of them stays far under LIMITS.bodyBytes, and the hub's
 * transaction that applies their changes stays short.
 */
const PUSH_CHARS = LIMITS.bodyBytes / 16;

const STORES_OF_KIND: Record<OutboxKind, 'contests' | 'customers'> = { contest_entry: 'contests', event: 'contests', suppression: 'customers' };

export class SyncService {
  private credential: Credential | null = null;
  private loaded = false;
  private running: Promise<void> | null = null;
  private again = false;
  /** Rounds started so far, and how the newest finished one ended: "Sync now" reports its own round. */
  private started = 0;
  private finished: { round: number; state: SyncStateName } | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private interval: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  private failures = 0;
  private state: SyncStateName = 'not_enrolled';
  private retryAt: number | null = null;
  /** The hub's Retry-After: nothing, not even "Sync now", goes before it. */
  private notBefore = 0;
  private lastError: SyncProblem | null = null;
  private readonly random: () => number;
  private readonly pendingSuppression: PendingSuppression;

  constructor(private readonly deps: SyncDeps) {
    this.random = deps.random ?? Math.random;
    this.pendingSuppression = new PendingSuppression(deps.customers);
  }

  // -------------------------------------------------------------------------------------------
  // Lifecycle

  async start(): Promise<void> {
    await this.ensureLoaded();
    this.interval = setInterval(() => this.trigger('timer'), this.deps.intervalMs ?? 2_000);
    this.interval.unref?.();
    this.trigger('start');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    if (this.timer) clearTimeout(this.timer);
    this.interval = null;
    this.timer = null;
    await this.running;
    await this.removingExpired;
  }

  /** After a capture or another local change: a round shortly, never inside the caller. */
  nudge(): void {
    if (!this.credential || this.revoked() || this.retryAt !== null) return;
    this.schedule(this.deps.nudgeDelayMs ?? 250);
  }

  /** The shell relays the operating system's network and power events here. */
  networkSignal(signal: NetworkSignal): void {
    if (!syncNowOn(signal, this.state)) return;
    // A fresh start: the backoff built up while the network was away no longer applies.
    this.failures = 0;
    this.retryAt = null;
    this.trigger('online');
  }

  /** Starts a round now unless one is running (then another follows it). */
  trigger(_reason: 'start' | 'timer' | 'online' | 'now' | 'nudge'): void {
    if (this.stopped || !this.credential || this.revoked()) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const wait = this.notBefore - this.deps.clock.now().getTime();
    if (wait > 0) {
      this.schedule(wait);
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const n = ++this.started;
    this.running = this.round().finally(() => {
      this.finished = { round: n, state: this.state };
      this.running = null;
      if (this.again && !this.stopped) {
        this.again = false;
        this.trigger('nudge');
      }
    });
  }

  /**
   * Runs a round that starts after this call (after the running one, if any) and resolves when that
   * round is done, with its outcome. The loop's timer may start yet another round meanwhile: the
   * status then still reports how this call's round ended, not "syncing".
   */
  async syncNow(): Promise<SyncStatus> {
    await this.ensureLoaded();
    if (!this.credential) throw appError('sync.not_enrolled');
    this.retryAt = null;
    const after = this.started;
    this.trigger('now');
    while (this.running && (this.finished?.round ?? 0) <= after) await this.running;
    const status = this.status();
    const outcome = this.finished && this.finished.round > after ? this.finished.state : null;
    if (outcome === null) return status;
    return { ...status, state: outcome === 'synced' && status.pending > 0 ? 'pending' : outcome };
  }

  /** Resolves when no round is running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.trigger('nudge');
    }, ms);
    this.timer.unref?.();
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    this.credential = await loadCredential(this.deps.vault);
    this.loaded = true;
    this.state = !this.credential ? 'not_enrolled' : this.revoked() ? 'revoked' : 'pending';
  }

  private revoked(): boolean {
    return this.deps.settings.getValue<boolean>(KEY.revoked, false);
  }

  private setting(key: string, value: unknown): void {
    this.deps.customers.transaction(() => this.deps.settings.setValue(key, value)).immediate();
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  // -------------------------------------------------------------------------------------------
  // Status

  status(): SyncStatus {
    const kinds = this.credential ? this.sendableKinds() : undefined;
    const c = outboxSummary(this.deps.contests, kinds);
    const k = outboxSummary(this.deps.customers, kinds);
    const oldest = [c.oldestPendingAt, k.oldestPendingAt].filter((x): x is string => x !== null).sort()[0] ?? null;
    const pending = c.pending + k.pending;
    const s = this.deps.settings;
    let state = this.state;
    if (state === 'synced' && pending > 0) state = 'pending';
    return {
      state,
      hubUrl: this.credential?.hubUrl ?? null,
      deviceName: this.credential?.name ?? null,
      profile: this.credential?.profile ?? null,
      pending,
      pendingRecords: unsentRecordCount(this.deps.customers),
      oldestPendingAt: oldest,
      lastPushAt: s.getValue<string | null>(KEY.lastPushAt, null),
      lastPullAt: s.getValue<string | null>(KEY.lastPullAt, null),
      lastSyncedAt: s.getValue<string | null>(KEY.lastSyncedAt, null),
      retryAt: this.retryAt === null ? null : new Date(this.retryAt).toISOString(),
      lastError: this.lastError,
      clockSkewMs: s.getValue<number | null>(KEY.clockSkewMs, null),
      conflicts: c.conflicts + k.conflicts,
      refused: c.refused + k.refused,
      parked: parkedCount(this.deps.contests),
      flagged: [...flaggedRows(this.deps.contests, 50), ...flaggedRows(this.deps.customers, 50)],
      retentionDays: this.retentionDays(),
      optOutsShared: !this.keyMismatch(),
    };
  }

  async currentStatus(): Promise<SyncStatus> {
    await this.ensureLoaded();
    return this.status();
  }

  /** The profile this device is enrolled with, or null when it is not enrolled. */
  enrolledAs(): Profile | null {
    if (this.loaded) return this.credential?.profile ?? null;
    return this.deps.settings.getValue<Profile | null>(KEY.profile, null);
  }

  retentionDays(): number {
    return this.deps.settings.getValue<number>(KEY.retentionDays, DEFAULT_RETENTION_DAYS);
  }

  setRetentionDays(days: number): void {
    this.setting(KEY.retentionDays, days);
  }

  private setState(state: SyncStateName): void {
    this.state = state;
    this.deps.onChange?.(this.status());
  }

  // -------------------------------------------------------------------------------------------
  // Enrollment

  async enroll(hubUrl: string, code: string, deviceName: string): Promise<SyncStatus> {
    await this.ensureLoaded();
    await this.idle();
    const localKeyHex = await this.deps.vault.get(SUPPRESSION_KEY_ACCOUNT);
    let answer: z.output<typeof enrollResponse>;
    try {
      answer = await hubRequest(hubUrl, this.deps.appVersion, {
        method: 'POST',
        path: PATHS.enroll,
        body: {
          code,
          deviceName,
          appVersion: this.deps.appVersion,
          ...(localKeyHex && /^[0-9a-f]{64}$/.test(localKeyHex) ? { localSuppressionKey: Buffer.from(localKeyHex, 'hex').toString('base64') } : {}),
        },
        answer: enrollResponse,
      });
    } catch (e) {
      if (e instanceof HubError) {
        const code = e.code === 'enrollment_code_invalid' || e.code === 'bad_request' ? 'invalid_input' : e.code === 'rate_limited' ? 'rate_limited' : 'conflict';
        throw hubAppError(code, enrollProblem(e), e);
      }
      throw e;
    }
    await this.adoptSuppressionKey(answer.suppressionKey);
    const credential: Credential = { hubUrl, deviceId: answer.deviceId, name: answer.name, profile: answer.profile, tokens: answer.tokens };
    await saveCredential(this.deps.vault, credential);
    this.credential = credential;
    this.deps.customers
      .transaction(() => {
        this.deps.settings.setValue(KEY.revoked, false);
        this.deps.settings.setValue(KEY.profile, answer.profile);
        this.deps.settings.setValue(KEY.clockSkewMs, Date.parse(answer.hubTime) - this.deps.clock.now().getTime());
        setDeviceNumber(this.deps.customers, answer.deviceNumber);
      })
      .immediate();
    this.failures = 0;
    this.retryAt = null;
    this.lastError = null;
    this.setState('pending');
    this.trigger('now');
    return this.status();
  }

  /**
   * The organisation's key replaces this device's own when this device has no opt-outs hashed under
   * its own key. A device that has some keeps its key, so none of them stops matching; it then
   * neither sends nor receives opt-outs (the Sync screen says so).
   */
  private async adoptSuppressionKey(keyB64: string | null): Promise<void> {
    if (keyB64 === null) return;
    const orgHex = Buffer.from(keyB64, 'base64').toString('hex');
    const current = await this.deps.vault.get(SUPPRESSION_KEY_ACCOUNT);
    if (current === orgHex) {
      if (this.keyMismatch()) this.setting(KEY.keyMismatch, false);
      return;
    }
    const hasLocal = stmt<[], { n: number }>(this.deps.customers, 'SELECT count(*) AS n FROM suppression').get()!.n > 0;
    if (current !== null && hasLocal) {
      if (!this.keyMismatch()) this.setting(KEY.keyMismatch, true);
      return;
    }
    await adoptSuppressionKey(this.deps.vault, this.deps.settings, this.deps.customers, orgHex);
    if (this.keyMismatch()) this.setting(KEY.keyMismatch, false);
  }

  private keyMismatch(): boolean {
    return this.deps.settings.getValue<boolean>(KEY.keyMismatch, false);
  }

  // -------------------------------------------------------------------------------------------
  // Admin calls (office devices)

  async devices(): Promise<SyncDevice[]> {
    const r = await this.authed((token, c) => hubRequest(c.hubUrl, this.deps.appVersion, { method: 'GET', path: PATHS.adminDevices, accessToken: token, answer: listDevicesResponse }));
    return r.devices.map((d) => ({
      id: d.id,
      name: d.name,
      profile: d.profile,
      enrolledAt: d.enrolledAt,
      lastSeenAt: d.lastSeenAt,
      appVersion: d.appVersion,
      pendingCount: d.pendingCount,
      revokedAt: d.revokedAt,
      conflicts: d.conflicts,
      thisDevice: d.id === this.credential?.deviceId,
    }));
  }

  async revoke(deviceId: string): Promise<SyncDevice> {
    const r = await this.authed((token, c) =>
      hubRequest(c.hubUrl, this.deps.appVersion, { method: 'POST', path: PATHS.adminRevoke(deviceId), body: {}, accessToken: token, answer: revokeResponse }),
    );
    const d = r.device;
    return { ...d, thisDevice: d.id === this.credential?.deviceId };
  }

  async createEnrollmentCode(profile: Profile, name: string): Promise<EnrollmentCode> {
    return this.authed((token, c) =>
      hubRequest(c.hubUrl, this.deps.appVersion, { method: 'POST', path: PATHS.adminCodes, body: { profile, name }, accessToken: token, answer: createCodeResponse }),
    );
  }

  /** Restarts every feed from its beginning. */
  async resync(): Promise<SyncStatus> {
    await this.idle();
    this.deps.contests.transaction(() => stmt(this.deps.contests, 'DELETE FROM sync_cursors').run()).immediate();
    this.deps.customers.transaction(() => stmt(this.deps.customers, 'DELETE FROM sync_cursors').run()).immediate();
    return this.syncNow();
  }

  /** An admin call with the device's credential, refreshing the access token once if it expired. */
  async authed<T>(call: (accessToken: string, c: Credential) => Promise<T>): Promise<T> {
    await this.ensureLoaded();
    if (!this.credential) throw appError('sync.not_enrolled');
    if (this.revoked()) throw appError('sync.revoked');
    try {
      return await this.withToken(call);
    } catch (e) {
      if (!(e instanceof HubError)) throw e;
      if (REVOKED.has(e.code)) this.markRevoked(e);
      throw hubAppError(e.code === 'forbidden_profile' ? 'forbidden' : e.code === 'rate_limited' ? 'rate_limited' : 'conflict', hubProblem(e), e);
    }
  }

  private async withToken<T>(call: (accessToken: string, c: Credential) => Promise<T>): Promise<T> {
    const c = this.credential!;
    if (Date.parse(c.tokens.accessExpiresAt) - this.deps.clock.now().getTime() < 5_000) await this.refresh();
    try {
      return await call(this.credential!.tokens.accessToken, this.credential!);
    } catch (e) {
      if (e instanceof HubError && e.code === 'token_expired') {
        await this.refresh();
        return call(this.credential!.tokens.accessToken, this.credential!);
      }
      throw e;
    }
  }

  private refreshing: Promise<void> | null = null;

  /** One refresh at a time: a second concurrent one would spend the token twice and revoke the device. */
  private refresh(): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        const c = this.credential!;
        const r = await hubRequest(c.hubUrl, this.deps.appVersion, { method: 'POST', path: PATHS.refresh, body: { refreshToken: c.tokens.refreshToken }, answer: refreshResponse });
        const next = { ...c, tokens: r.tokens };
        await saveCredential(this.deps.vault, next);
        this.credential = next;
      })().finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  private markRevoked(e: HubError): void {
    this.setting(KEY.revoked, true);
    this.lastError = { code: e.code, key: 'sync.revoked_kept', params: {}, message: ERRORS['sync.revoked_kept'].en({}), at: this.nowIso() };
    this.retryAt = null;
    this.setState('revoked');
  }

  // -------------------------------------------------------------------------------------------
  // A round

  private async round(): Promise<void> {
    const c = this.credential;
    if (!c) return;
    this.setState('syncing');
    this.sentThisRound = false;
    try {
      await this.deps.whenStoresFree?.();
      await this.withToken(() => this.pushAll());
      await this.withToken((token, c) => pushAuditChain(this.deps.customers, { hubUrl: c.hubUrl, appVersion: this.deps.appVersion, accessToken: token }));
      if (this.heartbeatDue) await this.withToken(() => this.heartbeat());
      await this.withToken(() => this.pullAll());
      await this.withToken(() => syncReplica({ customers: this.deps.customers, settings: this.deps.settings, clock: this.deps.clock, profile: c.profile, hub: (req) => hubRequest(c.hubUrl, this.deps.appVersion, { ...req, accessToken: this.credential!.tokens.accessToken }) }));
      if (this.deps.settings.getValue<boolean>(SCRUB_DUE_KEY, false) && this.deps.scrubCustomers) {
        await this.deps.scrubCustomers();
        this.setting(SCRUB_DUE_KEY, false);
      }
      if (c.profile === 'booth') this.removeExpiredAfterRound();
      this.failures = 0;
      this.retryAt = null;
      this.lastError = null;
      this.setting(KEY.lastSyncedAt, this.nowIso());
      this.setState('synced');
    } catch (e) {
      this.failed(e);
    }
  }

  private removingExpired: Promise<void> | null = null;

  /**
   * Booth retention, as a job that runs after the round rather than inside it: a round started by a
   * call (sync.now) holds back every worker's write turn until the call ends, so a round awaiting
   * the job would wait for itself. One removal at a time; a failure is logged and retried next round.
   */
  private removeExpiredAfterRound(): void {
    const cutoff = retentionCutoff(this.deps.clock.now(), this.retentionDays());
    if (this.removingExpired || !hasExpired(this.deps.contests, cutoff)) return;
    this.removingExpired = this.deps
      .removeExpiredEntries(cutoff)
      .then(
        () => undefined,
        (e: unknown) => (this.deps.logger ?? silentLogger).error({ err: e }, 'booth retention failed'),
      )
      .finally(() => {
        this.removingExpired = null;
      });
  }

  private failed(e: unknown): void {
    if (!(e instanceof HubError)) {
      // A fault in this device (a store error, a bug), not the hub's: shown as it is, retried with backoff.
      (this.deps.logger ?? silentLogger).error({ err: e }, 'sync round failed');
    }
    const err = e instanceof HubError ? e : new HubError('internal', e instanceof Error ? e.message : String(e));
    if (REVOKED.has(err.code)) {
      this.markRevoked(err);
      return;
    }
    const problem = hubProblem(err);
    this.lastError = { code: err.code, key: problem.key, params: problem.params, message: `${plainMessage(err)} (hub: ${err.code}: ${err.message})`, at: this.nowIso() };
    if (NEEDS_PERSON.has(err.code)) {
      this.retryAt = null;
      this.setState('attention');
      // Still tried again on the timer and on "Sync now": the hub may have been fixed meanwhile.
      return;
    }
    const delay = backoffDelayMs(this.deps.backoff ?? DEFAULT_BACKOFF, this.failures, this.random, err.retryAfterS);
    this.failures++;
    const now = this.deps.clock.now().getTime();
    if (err.retryAfterS !== null) this.notBefore = now + err.retryAfterS * 1000;
    this.retryAt = now + delay;
    this.setState(err.code === 'network' ? 'offline' : 'retrying');
    this.schedule(delay);
  }

  /**
   * Sends every row this profile may push, oldest first, with PUSH_PARALLEL requests in flight: each
   * lane takes the next batch as soon as its answer is recorded (durably), so one slow request does
   * not hold the others back. A row is acknowledged only by its answer.
   */
  private async pushAll(): Promise<void> {
    // Rows this profile may never send (events made before the device became a booth) go to the
    // hub all the same: it refuses them item by item and keeps the refusal in its audit under this
    // device; here they leave the queue, flagged with the hub's reason, instead of waiting for ever.
    const kinds = [...this.sendableKinds(), ...OUTBOX_KINDS.filter((k) => k !== 'suppression' && !PUSH_KINDS_BY_PROFILE[this.credential!.profile].includes(k))];
    const size = Math.min(this.deps.batchSize ?? PUSH_BATCH, LIMITS.pushItems);
    let lastHubTime: string | null = null;
    try {
      for (const storeName of ['contests', 'customers'] as const) {
        const db = this.deps[storeName];
        const mine = kinds.filter((k) => STORES_OF_KIND[k] === storeName);
        if (mine.length === 0) continue;
        let after: OutboxRow | null = null;
        let failure: { reason: unknown } | null = null;
        let taken = 0;
        const next = (): OutboxRow[] | null => {
          if (failure || taken++ >= 100_000) return null;
          const rows = pendingBatch(db, size, mine, after, PUSH_CHARS);
          if (rows.length === 0) return null;
          after = rows[rows.length - 1]!;
          return rows;
        };
        const lane = async () => {
          for (let batch = next(); batch; batch = next()) {
            try {
              lastHubTime = await this.pushBatch(db, batch);
            } catch (e) {
              failure ??= { reason: e };
              return;
            }
          }
        };
        await Promise.all(Array.from({ length: PUSH_PARALLEL }, lane));
        if (failure) throw (failure as { reason: unknown }).reason;
      }
    } finally {
      if (lastHubTime !== null) {
        const hubTime: string = lastHubTime;
        this.deps.customers
          .transaction(() => {
            this.deps.settings.setValue(KEY.lastPushAt, this.nowIso());
            this.deps.settings.setValue(KEY.clockSkewMs, Date.parse(hubTime) - this.deps.clock.now().getTime());
          })
          .immediate();
      }
    }
  }

  /** One push request; resolves with the hub's time once the answers are recorded. */
  private async pushBatch(db: Database, batch: readonly OutboxRow[]): Promise<string> {
    const items: PushItem[] = batch.map((r) => ({ id: r.id, kind: r.kind, sha256: r.sha256, payload: r.payload, createdAt: r.createdAt }));
    let answer: z.output<typeof pushResponse>;
    try {
      // Only rows already on disk here go to the hub: the hub must never hold a change this device lost in a power cut.
      await whenDurable(db);
      answer = await hubRequest(this.credential!.hubUrl, this.deps.appVersion, {
        method: 'POST',
        path: PATHS.push,
        body: { items },
        accessToken: this.credential!.tokens.accessToken,
        answer: pushResponse,
      });
    } catch (e) {
      if (e instanceof HubError && e.code !== 'token_expired') recordAttemptFailed(db, batch.map((r) => r.id), `${e.code}: ${e.message}`);
      throw e;
    }
    this.deps.afterPushAnswer?.();
    await this.deps.whenStoresFree?.();
    recordAnswers(db, answer.results, this.nowIso());
    this.sentThisRound = true;
    return answer.hubTime;
  }

  private lastHeartbeatMs = Number.NEGATIVE_INFINITY;

  /** Every round that sent something reports, and at least one round a minute. */
  private get heartbeatDue(): boolean {
    return this.sentThisRound || this.deps.clock.now().getTime() - this.lastHeartbeatMs >= (this.deps.heartbeatMs ?? 60_000);
  }

  private sentThisRound = false;

  private async heartbeat(): Promise<void> {
    const c = this.credential!;
    const s = this.status();
    const r = await hubRequest(c.hubUrl, this.deps.appVersion, {
      method: 'POST',
      path: PATHS.heartbeat,
      body: { appVersion: this.deps.appVersion, pendingCount: s.pending, oldestPendingAt: s.oldestPendingAt, clock: this.nowIso() },
      accessToken: c.tokens.accessToken,
      answer: heartbeatResponse,
    });
    await this.deps.whenStoresFree?.();
    this.setting(KEY.clockSkewMs, r.clockSkewMs);
    setDeviceNumber(this.deps.customers, r.deviceNumber);
    this.lastHeartbeatMs = this.deps.clock.now().getTime();
    await this.adoptSuppressionKey(r.suppressionKey);
  }

  /** What this device sends: its profile's kinds, without opt-outs while it keeps its own key. */
  private sendableKinds(): OutboxKind[] {
    return PUSH_KINDS_BY_PROFILE[this.credential!.profile].filter((k) => k !== 'suppression' || !this.keyMismatch());
  }

  private async pullAll(): Promise<void> {
    const feeds = FEEDS_BY_PROFILE[this.credential!.profile].filter((f) => f !== 'suppression' || !this.keyMismatch());
    // Events first, so entries of a new event find it.
    for (const feed of ['events', 'suppression', 'entries'] as const) {
      if (feeds.includes(feed)) await this.pull(feed);
    }
    this.setting(KEY.lastPullAt, this.nowIso());
  }

  private storeOfFeed(feed: Feed): Database {
    return feed === 'suppression' ? this.deps.customers : this.deps.contests;
  }

  private cursorOf(feed: Feed): string | null {
    return stmt<[string], { cursor: string }>(this.storeOfFeed(feed), 'SELECT cursor FROM sync_cursors WHERE feed = ?').get(feed)?.cursor ?? null;
  }

  private async pull(feed: Feed): Promise<void> {
    const db = this.storeOfFeed(feed);
    const limit = feed === 'suppression' ? SUPPRESSION_PAGE : LIMITS.feedPageDefault;
    const fetchPage = (cursor: string | null) => {
      const q = new URLSearchParams({ limit: String(limit) });
      if (cursor !== null) q.set('cursor', cursor);
      return hubRequest(this.credential!.hubUrl, this.deps.appVersion, { method: 'GET', path: `${PATHS.feed(feed)}?${q}`, accessToken: this.credential!.tokens.accessToken, answer: feedPages[feed] });
    };
    let cursor = this.cursorOf(feed);
    let coming = fetchPage(cursor);
    for (let guard = 0; guard < 100_000; guard++) {
      const page = await coming;
      if (page.resync) {
        await this.deps.whenStoresFree?.();
        db.transaction(() => stmt(db, 'DELETE FROM sync_cursors WHERE feed = ?').run(feed)).immediate();
        if (cursor === null) throw new HubError('bad_answer', 'The hub asked to start the feed again from its beginning, where it already was.');
        cursor = null;
        coming = fetchPage(null);
        continue;
      }
      // The next page is fetched while this one is applied; its cursor is only saved once it is
      // applied in turn, so a crash or a failed request re-reads it.
      const next = page.hasMore ? fetchPage(page.nextCursor) : null;
      next?.catch(() => undefined);
      const at = this.nowIso();
      const saveCursor = () =>
        stmt(db, 'INSERT INTO sync_cursors (feed, cursor, at) VALUES (?,?,?) ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, at = excluded.at').run(feed, page.nextCursor, at);
      const steps = this.pageSteps(feed, page, at);
      // The cursor is saved with the page's last slice: a crash re-applies at most this page, and
      // applying an item twice changes nothing.
      await applyInSlices(
        db,
        {
          ...steps,
          finish: () => {
            steps.finish();
            saveCursor();
          },
        },
        this.deps.whenStoresFree,
      );
      this.deps.afterPageApplied?.(feed);
      if (!next) break;
      cursor = page.nextCursor;
      coming = next;
    }
  }

  /** How to apply one page: item by item (any slice of them in one transaction), then finish. */
  private pageSteps(feed: Feed, page: FeedPage<Feed> & { resync: false }, at: string): SliceSteps {
    switch (feed) {
      case 'suppression': {
        const p = page as FeedPage<'suppression'> & { resync: false };
        const records = Buffer.from(p.packed, 'base64');
        try {
          checkSuppressionRecords(records, p.count);
        } catch (e) {
          throw new HubError('bad_answer', `The hub's suppression page was not understood: ${(e as Error).message}.`);
        }
        return { ...suppressionPageSteps(this.deps.customers, this.pendingSuppression, records, p.count, at), finish: () => undefined };
      }
      case 'events': {
        const items = (page as FeedPage<'events'> & { resync: false }).items;
        return {
          count: items.length,
          apply: (i) => {
            const p = eventPayload.safeParse(JSON.parse(items[i]!.payload));
            const body = p.success ? eventBody.safeParse(p.data.body) : null;
            if (!p.success || !body?.success) return;
            applyEventVersion(this.deps.contests, p.data.eventId, p.data.version, body.data, at);
          },
          finish: () => retryParked(this.deps.contests, this.deps.settings.businessTimeZone),
        };
      }
      case 'entries': {
        const items = (page as FeedPage<'entries'> & { resync: false }).items;
        return {
          count: items.length,
          apply: (i) => {
            const it = items[i]!;
            const r = applyEntry(this.deps.contests, it.id, it.payload, this.deps.settings.businessTimeZone);
            if (!r.applied) park(this.deps.contests, it.id, 'entries', it.payload, r.reason, at);
          },
          finish: () => undefined,
        };
      }
    }
  }
}

/** Suppression records asked for per page (33 bytes each on the wire). */
const SUPPRESSION_PAGE = LIMITS.suppressionPageMax;

/** How long one slice of a page may hold the thread, ms; the commit comes on top. */
const SLICE_MS = 8;

/** What a page's items depend on besides the page: it must be up to date before a slice applies any. */
export interface SliceGate {
  /** Asked inside each slice's transaction, before it applies anything. */
  ready(): boolean;
  /** Brings it up to date, without a long hold of the thread; runs whenever `ready` said no. */
  catchUp(): Promise<void>;
}

/** A page's work: `count` items applied one by one (any slice of them in one transaction), then `finish`. */
export interface SliceSteps {
  count: number;
  apply: (i: number) => void;
  finish: () => void;
  gate?: SliceGate;
}

/**
 * Applies the items in slices of at most SLICE_MS, one transaction each, yielding to the event
 * loop between slices so a large page never stalls a window; then `finish` runs in a transaction of
 * its own (it saves the cursor). A slice whose gate is not ready applies nothing, and the gate
 * catches up before the next one.
 *
 * Each transaction starts once `storesFree` resolves: a worker may be granted a write turn while
 * this yields, and a transaction begun during it would wait for its lock inside SQLite, on the main
 * thread. The slices never sync to disk (see withoutSync); the page is on disk when this resolves.
 */
export async function applyInSlices(db: Database, { count, apply, finish, gate }: SliceSteps, storesFree?: () => Promise<void>): Promise<void> {
  let i = 0;
  const slice = db.transaction((start: number): boolean => {
    if (gate && !gate.ready()) return false;
    while (i < count && performance.now() - start < SLICE_MS) apply(i++);
    return true;
  });
  while (i < count) {
    await storesFree?.();
    const start = performance.now();
    if (withoutSync(db, () => slice.immediate(start))) await new Promise<void>((resolve) => setImmediate(resolve));
    else await gate!.catchUp();
  }
  await storesFree?.();
  db.transaction(finish).immediate();
  await whenDurable(db);
}

type HubProblem = { [K in ErrorKey]: { key: K; params: ErrorParams<K> } }[ErrorKey];

/** The keyed error for a hub failure while enrolling: a bad code or too many tries say so. */
function enrollProblem(e: HubError): HubProblem {
  switch (e.code) {
    case 'enrollment_code_invalid':
      return { key: 'sync.enrollment_code_invalid', params: {} };
    case 'rate_limited':
      return { key: 'sync.enroll_rate_limited', params: { seconds: e.retryAfterS ?? 60 } };
    default:
      return hubProblem(e);
  }
}

/** A hub failure as a keyed error a person can act on; the hub's code goes beside it for support. */
export function hubProblem(e: HubError): HubProblem {
  switch (e.code) {
    case 'network':
      return { key: 'sync.hub_unreachable', params: {} };
    case 'unavailable':
    case 'internal':
      return { key: 'sync.hub_unavailable', params: {} };
    case 'rate_limited':
      return { key: 'sync.hub_slow_down', params: {} };
    case 'client_too_old':
      return { key: 'sync.client_too_old', params: {} };
    case 'forbidden_profile':
      return { key: 'sync.profile_forbidden', params: {} };
    case 'device_revoked':
    case 'refresh_reused':
    case 'refresh_invalid':
    case 'unauthorized':
      return { key: 'sync.device_not_accepted', params: {} };
    case 'token_expired':
      return { key: 'sync.token_expired', params: {} };
    case 'payload_too_large':
    case 'bad_request':
    case 'bad_answer':
    case 'not_found':
      return { key: 'sync.hub_mismatch', params: {} };
    case 'enrollment_code_invalid':
      return { key: 'sync.enrollment_code_invalid', params: {} };
  }
}

/** The English wording of a hub failure, as shown in the sync status. */
export function plainMessage(e: HubError): string {
  const p = hubProblem(e);
  return (ERRORS[p.key].en as (params: unknown) => string)(p.params);
}

/**
 * An AppError for a hub failure: keyed for the renderer, in the category the caller chose. The
 * English message keeps the hub's own code and text for the log.
 */
function hubAppError(code: ErrorCode, p: HubProblem, e: HubError): AppError {
  const words = (ERRORS[p.key].en as (params: unknown) => string)(p.params);
  return new AppError(code, `${words} (hub: ${e.code}: ${e.message})`, undefined, p.key, p.params as Record<string, unknown>);
}
