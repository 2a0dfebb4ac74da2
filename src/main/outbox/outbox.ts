import { whenDurable } from '../db/durability';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { SendReport } from '../../shared/contract/outbox';
import type { Clock } from '../context';
import { silentLogger, type Logger } from '../log/logger';
import type { SettingsService, SmtpConfig } from '../settings/service';
import { dueMail, makeAllDue, markFailed, markSent, nextDueAt } from './outbox-repo';

export interface MailDeps {
  /**
   * 'auto' (the app, src/main/index.ts): a timer delivers due mail in the background and
   * registration kicks it. 'manual' (the default, so tests and the benchmark never reach for a
   * network in the background): mail moves only when sendDue() / outbox.sendNow is called.
   */
  pump?: 'auto' | 'manual';
  /** Where a failed pass is logged (the core passes its logger). */
  logger?: Logger;
  /** Random source of the retry jitter, 0..1. */
  random?: () => number;
  /** Builds the transport for a pass; default is nodemailer SMTP to the relay in settings. */
  createTransport?: (cfg: SmtpConfig) => Transporter;
  /** Auto mode: longest wait between looks at the outbox. */
  pollMs?: number;
  /**
   * Resolves when the pump may write (the core passes the job runner's whenWorkersIdle): a write
   * while a worker writes (an erasure) would sit in SQLite's busy wait on the main thread.
   */
  whenStoresFree?: () => Promise<void>;
}

/** First retry after about 30 s, doubling up to an hour. */
export const RETRY_BASE_MS = 30_000;
export const RETRY_CAP_MS = 60 * 60_000;
/** After this many failed attempts a message is shown as needing attention. It is still retried. */
export const ATTENTION_AFTER = 5;
const BATCH = 20;

/** Exponential backoff with "equal jitter": half the step fixed, half random, so retries spread out. */
export function retryDelayMs(attempt: number, random: () => number): number {
  const step = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + (random() * step) / 2);
}

/** Errors that concern one message; anything else (connection, TLS, auth) stops the pass. */
const PER_MESSAGE = new Set(['EENVELOPE', 'EMESSAGE']);

function describeError(e: unknown): { text: string; perMessage: boolean } {
  const err = e as { code?: string; responseCode?: number; response?: string; message?: string };
  const code = err.code ? `${err.code}: ` : '';
  const text = `${code}${err.response ?? err.message ?? String(e)}`.replace(/\s+/g, ' ').slice(0, 500);
  return { text, perMessage: err.code !== undefined && PER_MESSAGE.has(err.code) };
}

export function smtpTransport(cfg: SmtpConfig): Transporter {
  return nodemailer.createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.secure,
    auth: cfg.user ? { user: cfg.user, pass: cfg.password ?? '' } : undefined,
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
    disableFileAccess: true,
    disableUrlAccess: true,
  });
}

/**
 * Delivers the mail outbox through the SMTP relay set in Settings. A row is written by the feature
 * in the same transaction as its record; this only moves it on. Delivery is at-least-once: a crash
 * between the relay's acceptance and markSent sends it again, with the same Message-ID (the row's
 * UUID) so the receiving side can drop the duplicate. Nothing is ever deleted.
 */
export class MailOutbox {
  private readonly mode: 'auto' | 'manual';
  private readonly random: () => number;
  private readonly logger: Logger;
  private readonly makeTransport: (cfg: SmtpConfig) => Transporter;
  private readonly pollMs: number;
  private readonly whenStoresFree: () => Promise<void>;
  private running: Promise<SendReport> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private abort: AbortController | null = null;
  /** After the relay failed, the automatic loop waits until then instead of trying the next message at once. */
  private holdUntilMs = 0;

  constructor(
    private readonly db: Database,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
    deps: MailDeps = {},
  ) {
    this.mode = deps.pump ?? 'manual';
    this.random = deps.random ?? Math.random;
    this.logger = deps.logger ?? silentLogger;
    this.makeTransport = deps.createTransport ?? smtpTransport;
    this.pollMs = deps.pollMs ?? 60_000;
    this.whenStoresFree = deps.whenStoresFree ?? (() => Promise.resolve());
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  /** Auto mode: begin the background loop. */
  start(): void {
    if (this.mode === 'auto') this.kick();
  }

  /** Something was queued: in auto mode, look at the outbox right away. */
  kick(): void {
    if (this.mode !== 'auto' || this.stopped) return;
    this.arm(0);
  }

  /** One pass over every due message. Concurrent calls share the pass that is running. */
  sendDue(): Promise<SendReport> {
    if (this.stopped) return Promise.resolve({ relayConfigured: true, attempted: 0, sent: 0, failed: 0, lastError: null });
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
        this.scheduleNext();
      });
    }
    return this.running;
  }

  /** "Send now": ignore the backoff of every waiting message and try them all. */
  async sendAllNow(): Promise<SendReport> {
    if (this.running) await this.running;
    this.holdUntilMs = 0;
    makeAllDue(this.db, this.now());
    return this.sendDue();
  }

  /** Stops the loop and waits for the pass in flight; an unfinished send is aborted and stays queued. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort?.abort();
    await this.running?.catch(() => undefined);
  }

  private arm(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.sendDue();
    }, delayMs);
    this.timer.unref();
  }

  private scheduleNext(): void {
    if (this.mode !== 'auto' || this.stopped) return;
    let delay = this.pollMs;
    const next = nextDueAt(this.db);
    const nowMs = this.clock.now().getTime();
    if (next !== null) delay = Math.max(50, Math.min(delay, Date.parse(next) - nowMs), this.holdUntilMs - nowMs);
    this.arm(delay);
  }

  private async pass(): Promise<SendReport> {
    const report: SendReport = { relayConfigured: true, attempted: 0, sent: 0, failed: 0, lastError: null };
    let cfg: SmtpConfig;
    try {
      cfg = await this.settings.smtpConfig();
    } catch (e) {
      // No keychain for the relay password: leave everything queued and say why.
      this.holdUntilMs = this.clock.now().getTime() + this.pollMs;
      return { ...report, lastError: describeError(e).text };
    }
    if (!cfg.host) {
      // Nothing can go until an admin sets the relay; look again at the next poll, not at once.
      this.holdUntilMs = this.clock.now().getTime() + this.pollMs;
      return { ...report, relayConfigured: false };
    }

    let transport: Transporter | null = null;
    try {
      for (;;) {
        if (this.stopped) break;
        const batch = dueMail(this.db, this.now(), BATCH);
        if (batch.length === 0) break;
        transport ??= this.makeTransport(cfg);
        let relayDown = false;
        for (const m of batch) {
          if (this.stopped) break;
          report.attempted++;
          this.abort = new AbortController();
          try {
            const message: SendMailOptions & { signal: AbortSignal } = {
              from: cfg.from,
              to: m.to,
              subject: m.subject,
              text: m.body,
              messageId: `<${m.id}@outbox.ixo-backoffice>`,
              headers: { 'X-IXO-Outbox-Id': m.id },
              disableFileAccess: true,
              disableUrlAccess: true,
              signal: this.abort.signal,
            };
            await transport.sendMail(message);
            await this.whenStoresFree();
            markSent(this.db, m.id, this.now());
            // Lost in a power cut, the mark would send the message a second time.
            await whenDurable(this.db);
            report.sent++;
          } catch (e) {
            // Shutting down aborted the send: not the relay's fault, so it is not counted.
            if (this.stopped) break;
            await this.whenStoresFree();
            const { text, perMessage } = describeError(e);
            const attempts = m.attempts + 1;
            const next = new Date(this.clock.now().getTime() + retryDelayMs(attempts, this.random)).toISOString();
            markFailed(this.db, m.id, { at: this.now(), error: text, nextAttemptAt: next, needsAttention: attempts >= ATTENTION_AFTER });
            report.failed++;
            report.lastError = text;
            if (!perMessage) {
              this.holdUntilMs = Date.parse(next);
              relayDown = true;
              break;
            }
          } finally {
            this.abort = null;
          }
        }
        if (relayDown) break;
      }
    } catch (e) {
      // A database error here must not kill the app; the next pass tries again.
      this.logger.error({ err: e }, 'mail outbox pass failed');
      report.lastError = describeError(e).text;
    } finally {
      transport?.close();
    }
    return report;
  }
}
