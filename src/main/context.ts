import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChannelName, Contract, JobKind, OutputOf, ParsedInputOf } from '../shared/contract';
import type { FeatureName } from '../shared/features';
import type { Role } from '../shared/roles';
import type { AuditEntry } from './audit/log';
import type { ScryptCost } from './auth/password';
import type { KeyVault } from './keychain/vault';
import type { Logger } from './log/logger';
import type { CoreInternals } from './core';
import type { JobBody } from './jobs/job-context';
import type { JobRunner } from './jobs/runner';
import type { MailDeps, MailOutbox } from './outbox/outbox';
import type { SettingsService } from './settings/service';
import type { SyncDeps, SyncService } from './sync/service';

export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export interface SaveDialogOptions {
  title: string;
  defaultName: string;
  filters: { name: string; extensions: string[] }[];
}

/** Native dialogs live in the main process; the renderer never supplies a file path. */
export interface Dialogs {
  chooseSavePath(opts: SaveDialogOptions): Promise<string | null>;
}

/** How a worker thread is started: the built file in the app, the TypeScript source under tsx in tests. */
export interface WorkerEntry {
  file: string;
  execArgv?: string[];
}

export interface CoreDeps {
  dataDir: string;
  vault: KeyVault;
  resourcesDir: string;
  clock?: Clock;
  dialogs?: Dialogs;
  openExternal?: (url: string) => Promise<void>;
  workerEntry?: WorkerEntry;
  /** Job threads at work at once (default: one fewer than the cores, at least one). */
  jobThreads?: number;
  /** better-sqlite3 binary to load; the Electron build passes its own. */
  nativeBinding?: string;
  appVersion?: string;
  /**
   * scrypt cost of new password hashes; the app leaves it at DEFAULT_SCRYPT_COST. The test suites
   * lower it, as scrypt at the app's cost was most of their CPU time; verifying reads the cost
   * stored in each hash, so it is the same code either way.
   */
  passwordCost?: ScryptCost;
  /** Delays before answering the n-th consecutive failed sign-in (ms). The last value repeats. */
  signInDelaysMs?: readonly number[];
  /** The OS locale (e.g. "fi-FI"), passed in by the shell: the language of staff who have not chosen one. */
  osLocale?: string;
  /** Device name recorded with consent events. */
  deviceName?: string;
  /** Told when a session enters or leaves the booth kiosk, so the window can follow (setKiosk). */
  onKioskChange?: (connectionId: string, active: boolean) => void;
  /** Where failures are logged (src/main/log); the default writes nothing. */
  logger?: Logger;
  /** Mail outbox delivery (the SMTP relay itself comes from settings). The app passes { pump: 'auto' }; the default is manual. */
  mail?: MailDeps;
  /** Sync client tuning (tests and the benchmark); autoStart false leaves the loop to the caller. */
  sync?: Partial<Pick<SyncDeps, 'random' | 'backoff' | 'intervalMs' | 'heartbeatMs' | 'nudgeDelayMs' | 'batchSize' | 'onChange' | 'afterPushAnswer' | 'afterPageApplied'>> & { autoStart?: boolean };
}

export interface Stores {
  customers: Database;
  contests: Database;
  customersKeyHex: string;
  contestsKeyHex: string;
  dataDir: string;
}

export interface Actor {
  staffId: number;
  username: string;
  displayName: string;
  role: Role;
}

export interface Session {
  readonly connectionId: string;
  staffId: number | null;
  lastActivityMs: number;
  locked: boolean;
  /** The event whose kiosk this session runs (kiosk/handlers.ts), or null. */
  kioskEventId: number | null;
}

/** What every handler gets. Stores and actor are present for every non-public channel. */
export interface Ctx {
  stores: Stores;
  actor: Actor;
  session: Session;
  deps: Required<Pick<CoreDeps, 'dataDir' | 'resourcesDir'>> & CoreDeps;
  clock: Clock;
  /** ISO timestamp of "now" per the clock. */
  now(): string;
  /** Today's date (YYYY-MM-DD) in the business time zone, per the clock. */
  today(): string;
  /** The business time zone (a setting; see src/shared/business-time.ts). */
  timeZone(): string;
  /** Appends an audit row as the current actor. Call inside tx(). */
  audit(entry: Omit<AuditEntry, 'actorId' | 'actorName'>): number;
  /** A write transaction on customers.db (BEGIN IMMEDIATE). */
  tx<T>(fn: () => T): T;
  /** A write transaction on contests.db (BEGIN IMMEDIATE). */
  contestsTx<T>(fn: () => T): T;
  services: Services;
  core: CoreInternals;
}

/** Long-lived services owned by the core (mail outbox pump, jobs, …). Features add theirs here. */
export interface Services {
  settings: SettingsService;
  jobs: JobRunner;
  mail: MailOutbox;
  sync: SyncService;
}

/** The device recorded with consent events. */
export const deviceOf = (ctx: Ctx) => ctx.deps.deviceName ?? 'unknown device';

/** The context of public channels: the stores may be missing, there may be no actor. */
export interface PublicCtx {
  stores: Stores | null;
  session: Session;
  deps: Ctx['deps'];
  clock: Clock;
  now(): string;
  core: CoreInternals;
}

type AccessOf<K extends ChannelName> = Contract[K]['access'];

export type Handler<K extends ChannelName> = (
  ctx: AccessOf<K> extends 'public' ? PublicCtx : Ctx,
  input: ParsedInputOf<K>,
) => OutputOf<K> | Promise<OutputOf<K>>;

export type Handlers = { [K in ChannelName]: Handler<K> };

/** The handlers of one feature's channels: every one of them, and no other. */
export type FeatureHandlers<F extends FeatureName> = { [K in ChannelName & `${F}.${string}`]: Handler<K> };

/** The bodies of one feature's job kinds: every one of them, and no other. They run in a worker thread. */
export type FeatureJobs<F extends FeatureName> = { [K in JobKind & `${F}.${string}`]: JobBody<K> };

/** One feature's main-process side, exported by src/main/<feature>/index.ts. */
export interface MainFeature<F extends FeatureName> {
  handlers: FeatureHandlers<F>;
  jobs: FeatureJobs<F>;
}
