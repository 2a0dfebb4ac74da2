import type { NetworkSignal } from './sync/network';
import type { AppStatus, StoreFailure } from '../shared/contract/app';
import type { Result } from '../shared/errors';
import { DEFAULT_BUSINESS_TIME_ZONE, todayIn } from '../shared/business-time';
import { languageOfLocale, type Language } from '../shared/i18n';
import { ROLE_PERMISSIONS } from '../shared/roles';
import { isChannelName } from '../shared/contract';
import type { SessionInfo } from '../shared/contract/auth';
import { appendAudit } from './audit/log';
import { DEFAULT_SCRYPT_COST, type ScryptCost } from './auth/password';
import { SignInThrottle } from './auth/throttle';
import { systemClock, type Actor, type CoreDeps, type Ctx, type PublicCtx, type Session, type Stores } from './context';
import { openStore } from './db/open-store';
import { walCheckpointer } from './db/wal-checkpointer';
import { deferSyncs, stopSyncs, whenDurable } from './db/durability';
import { StoreOpenError } from './db/store-error';
import { customersMigrations } from './db/migrations/customers';
import { contestsMigrations } from './db/migrations/contests';
import { dispatch as runDispatch, type DispatchEnv } from './dispatch';
import { findStaffById, countStaff } from './staff/repo';
import { SettingsService } from './settings/service';
import { JobRunner } from './jobs/runner';
import { MailOutbox } from './outbox/outbox';
import { handlers } from './features';
import { silentLogger } from './log/logger';
import { SyncService } from './sync/service';
import { scheduleCaptureAudit } from './booth/capture-audit';

export interface Core {
  /** `connectionId` names the caller (one per window or test page); sessions are bound to it. */
  dispatch(connectionId: string, channel: unknown, input: unknown): Promise<Result<unknown>>;
  status(): AppStatus;
  close(): Promise<void>;
  /** Whether this connection's window is running the booth kiosk (the shell's key guard asks). */
  inKiosk(connectionId: string): boolean;
  /**
   * The window's renderer died and is being reloaded. A staff session comes back locked (password
   * to continue); a kiosk comes back as the kiosk.
   */
  rendererGone(connectionId: string): void;
  /** The operating system reported a network or power change (relayed by the Electron shell). */
  networkSignal(signal: NetworkSignal): void;
  /** For tests and the benchmark: the open stores, or null when they failed to open. */
  readonly stores: Stores | null;
}

/** What public handlers (status, sign-in, first run) may reach inside the core. */
export interface CoreInternals {
  status(): AppStatus;
  throttle: SignInThrottle;
  /** Cost of new password hashes (CoreDeps.passwordCost or the app's default). */
  passwordCost: ScryptCost;
  sessionInfo(session: Session): SessionInfo | null;
  bind(session: Session, staffId: number): void;
  signOut(session: Session): void;
  audit: (session: Session, entry: Parameters<Ctx['audit']>[0] & { actorId: number | null; actorName: string }) => number;
  settings: SettingsService | null;
}


/** Who runs the jobs the sync loop starts on its own (no staff member asked for them). */
const SYNC_ACTOR: Actor = { staffId: 0, username: 'sync', displayName: 'sync', role: 'admin' };

export async function createCore(input: CoreDeps): Promise<Core> {
  const deps = { ...input, clock: input.clock ?? systemClock, logger: input.logger ?? silentLogger };
  const logger = deps.logger;
  const clock = deps.clock;
  const now = () => clock.now().toISOString();
  const sessions = new Map<string, Session>();
  const throttle = new SignInThrottle(deps.signInDelaysMs);

  let stores: Stores | null = null;
  let failure: StoreFailure | null = null;
  try {
    const customers = await openStore({ dataDir: deps.dataDir, store: 'customers', vault: deps.vault, migrations: customersMigrations, nativeBinding: deps.nativeBinding });
    try {
      const contests = await openStore({ dataDir: deps.dataDir, store: 'contests', vault: deps.vault, migrations: contestsMigrations, nativeBinding: deps.nativeBinding });
      stores = { customers: customers.db, contests: contests.db, customersKeyHex: customers.keyHex, contestsKeyHex: contests.keyHex, dataDir: deps.dataDir };
      // Main-thread commits never wait for the disk; answers, pushes and sent mail wait instead.
      deferSyncs(customers.db, customers.file);
      deferSyncs(contests.db, contests.file);
    } catch (e) {
      customers.db.close();
      throw e;
    }
  } catch (e) {
    if (!(e instanceof StoreOpenError)) throw e;
    failure = e.failure;
  }

  const settings = stores ? new SettingsService(stores.customers, deps.vault) : null;
  // Checkpoints run after the call has answered. The commit after a complete checkpoint restarts
  // the WAL with one extra fsync, so captures (the booth's hot path) checkpoint less often.
  const jobs = new JobRunner({ stores, deps, clock, threads: deps.jobThreads });
  const checkpointers = stores
    ? { customers: walCheckpointer(stores.customers, 300, () => jobs.checkpoint('customers')), contests: walCheckpointer(stores.contests, 600, () => jobs.checkpoint('contests')) }
    : null;
  const services =
    settings && stores
      ? {
          settings,
          jobs,
          // Timers and sync rounds that write on the main thread wait while a worker writes (an erasure, a
          // granted write turn). Not for a turn still asked for: it waits for the calls in progress, and a
          // round inside "Sync now" that waited for it would wait for itself.
          mail: new MailOutbox(stores.customers, settings, clock, { ...deps.mail, logger, whenStoresFree: () => jobs.whenWorkersIdle() }),
          sync: new SyncService({
            contests: stores.contests,
            customers: stores.customers,
            vault: deps.vault,
            settings,
            clock,
            appVersion: deps.appVersion ?? '0.0.0',
            logger,
            whenStoresFree: () => jobs.whenWorkersIdle(),
            scrubCustomers: () => jobs.run('dsr.scrub', {}, SYNC_ACTOR, { exclusive: true }),
            removeExpiredEntries: (cutoff) => jobs.run('sync.removeExpiredEntries', { cutoff }, SYNC_ACTOR),
            ...deps.sync,
            // Pulled entries are audited as they arrive, so a large pull leaves no backlog for the next view of entries.
            afterPageApplied: (feed) => {
              if (feed === 'entries' && stores) scheduleCaptureAudit(stores, now, jobs, logger);
              deps.sync?.afterPageApplied?.(feed);
            },
          }),
        }
      : null;
  services?.mail.start();
  // Not enrolled: the sync loop starts no timer and makes no network call.
  if (deps.sync?.autoStart !== false) await services?.sync.start();

  const status = (): AppStatus => {
    if (failure) return { state: 'store_error', failure };
    if (stores && countStaff(stores.customers) === 0) return { state: 'first_run' };
    return { state: 'ready' };
  };

  const sessionOf = (connectionId: string): Session => {
    let s = sessions.get(connectionId);
    if (!s) {
      s = { connectionId, staffId: null, lastActivityMs: clock.now().getTime(), locked: false, kioskEventId: null };
      sessions.set(connectionId, s);
    }
    return s;
  };

  const actorOf = (session: Session): Actor | null => {
    if (!stores || session.staffId === null) return null;
    const staff = findStaffById(stores.customers, session.staffId);
    if (!staff || staff.disabled) {
      session.staffId = null;
      return null;
    }
    return { staffId: staff.id, username: staff.username, displayName: staff.displayName, role: staff.role };
  };

  const auditAs = (actor: { actorId: number | null; actorName: string }, entry: Parameters<Ctx['audit']>[0]) => {
    if (!stores) throw new Error('stores are not open');
    return appendAudit(stores.customers, now(), { ...entry, ...actor });
  };

  const staffLanguage = (staffId: number): { language: Language; languageChosen: boolean } => {
    const chosen = stores ? (findStaffById(stores.customers, staffId)?.language ?? null) : null;
    return { language: chosen ?? languageOfLocale(deps.osLocale), languageChosen: chosen !== null };
  };

  const internals: CoreInternals = {
    status,
    throttle,
    passwordCost: deps.passwordCost ?? DEFAULT_SCRYPT_COST,
    settings,
    sessionInfo(session) {
      const actor = actorOf(session);
      if (!actor) return null;
      // auth.session is public, so the dispatcher's idle check does not run for it: apply it here,
      // or a reloaded window would show an unlocked shell after the idle time.
      if (!session.locked && session.kioskEventId === null && clock.now().getTime() - session.lastActivityMs > (settings?.lockAfterMs ?? 300_000)) session.locked = true;
      return {
        staffId: actor.staffId,
        username: actor.username,
        displayName: actor.displayName,
        role: actor.role,
        permissions: [...ROLE_PERMISSIONS[actor.role]],
        lockAfterMs: settings?.lockAfterMs ?? 300_000,
        locked: session.locked,
        businessTimeZone: settings?.businessTimeZone ?? DEFAULT_BUSINESS_TIME_ZONE,
        ...staffLanguage(actor.staffId),
        kioskEventId: session.kioskEventId,
      };
    },
    bind(session, staffId) {
      session.staffId = staffId;
      session.locked = false;
      session.lastActivityMs = clock.now().getTime();
    },
    signOut(session) {
      session.staffId = null;
      session.locked = false;
    },
    audit: (_session, entry) => auditAs({ actorId: entry.actorId, actorName: entry.actorName }, entry),
  };

  const publicCtx = (session: Session): PublicCtx => ({ stores, session, deps: deps as PublicCtx['deps'], clock, now, core: internals });

  const ctxFor = (session: Session, actor: Actor): Ctx => {
    if (!stores || !services) throw new Error('stores are not open');
    const s = stores;
    return {
      stores: s,
      actor,
      session,
      deps: deps as Ctx['deps'],
      clock,
      now,
      timeZone: () => services.settings.businessTimeZone,
      today: () => todayIn(services.settings.businessTimeZone, clock.now()),
      audit: (entry) => auditAs({ actorId: actor.staffId, actorName: actor.displayName }, entry),
      tx: (fn) => {
        const result = s.customers.transaction(fn).immediate();
        checkpointers?.customers.noteWrite();
        return result;
      },
      contestsTx: (fn) => {
        const result = s.contests.transaction(fn).immediate();
        checkpointers?.contests.noteWrite();
        return result;
      },
      services,
      core: internals,
    };
  };

  const env: DispatchEnv = {
    session: sessionOf,
    actor: actorOf,
    lockAfterMs: () => settings?.lockAfterMs ?? 300_000,
    nowMs: () => clock.now().getTime(),
    storesReady: () => stores !== null,
    ctx: ctxFor,
    publicCtx,
    handlers,
    log: (error, channel) => logger.error({ err: error, channel }, 'call failed'),
    mainWrite: (run) => jobs.mainWrite(run),
    durable: async () => {
      if (stores) await Promise.all([whenDurable(stores.customers), whenDurable(stores.contests)]);
    },
  };

  return {
    get stores() {
      return stores;
    },
    status,
    inKiosk: (connectionId) => sessions.get(connectionId)?.kioskEventId != null,
    networkSignal(signal) {
      services?.sync.networkSignal(signal);
    },
    rendererGone(connectionId) {
      const s = sessions.get(connectionId);
      if (s && s.staffId !== null && s.kioskEventId === null) s.locked = true;
    },
    async dispatch(connectionId, channel, payload) {
      try {
        return await runDispatch(env, connectionId, channel, payload);
      } catch (e) {
        // Outside the handler (the session or actor lookup): a store that failed under the app.
        logger.error({ err: e, channel: isChannelName(channel) ? channel : 'unknown' }, 'call failed before its handler');
        return { ok: false, error: { code: 'internal', message: 'Something went wrong and nothing was saved. Restart the app; if it keeps happening, contact support.' } };
      }
    },
    async close() {
      await services?.mail.stop();
      await services?.sync.stop();
      await jobs.stopAll();
      if (stores) {
        // Fold the WAL back into the main file so a clean shutdown leaves one file per store.
        for (const db of [stores.customers, stores.contests]) {
          await stopSyncs(db);
          db.pragma('wal_checkpoint(TRUNCATE)');
          db.close();
        }
        stores = null;
      }
    },
  };
}

