import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { z } from 'zod';
import type { Settings, settingsInput } from '../../shared/contract/settings';
import type { KeyVault } from '../keychain/vault';
import { DEFAULT_BUSINESS_TIME_ZONE } from '../../shared/business-time';

const DEFAULTS = {
  lockAfterMinutes: 5,
  businessTimeZone: DEFAULT_BUSINESS_TIME_ZONE,
  kioskIdleSeconds: 60,
  smtp: { host: '', port: 587, secure: false, user: '', from: 'IXO Systems <no-reply@ixo.fi>' },
};

type Stored = typeof DEFAULTS;

const SMTP_PASSWORD_ACCOUNT = 'smtp-password';

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string;
  password: string | null;
  from: string;
}

/** Owns the settings table. Values are cached; every change goes through update(). */
export class SettingsService {
  private cache: Stored | null = null;
  private hasSmtpPassword: boolean | null = null;
  constructor(
    private readonly db: Database,
    private readonly vault: KeyVault,
  ) {}

  private load(): Stored {
    if (this.cache) return this.cache;
    const rows = this.db.prepare('SELECT key, value FROM settings').all() as { key: string; value: string }[];
    const stored = Object.fromEntries(rows.map((r) => [r.key, JSON.parse(r.value) as unknown]));
    this.cache = {
      lockAfterMinutes: (stored.lockAfterMinutes as number | undefined) ?? DEFAULTS.lockAfterMinutes,
      kioskIdleSeconds: (stored.kioskIdleSeconds as number | undefined) ?? DEFAULTS.kioskIdleSeconds,
      businessTimeZone: (stored.businessTimeZone as string | undefined) ?? DEFAULTS.businessTimeZone,
      smtp: { ...DEFAULTS.smtp, ...((stored.smtp as Partial<Stored['smtp']> | undefined) ?? {}) },
    };
    return this.cache;
  }

  get lockAfterMs(): number {
    return this.load().lockAfterMinutes * 60_000;
  }

  /** The zone every business date is taken in (see src/shared/business-time.ts). */
  get businessTimeZone(): string {
    return this.load().businessTimeZone;
  }

  get kioskIdleSeconds(): number {
    return this.load().kioskIdleSeconds;
  }

  /** A setting of another feature, stored as JSON under its own key. */
  getValue<T>(key: string, fallback: T): T {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row ? (JSON.parse(row.value) as T) : fallback;
  }

  /** Call inside the caller's transaction. */
  setValue(key: string, value: unknown): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
    this.cache = null;
  }

  async view(): Promise<Settings> {
    const s = this.load();
    if (this.hasSmtpPassword === null) this.hasSmtpPassword = (await this.vault.get(SMTP_PASSWORD_ACCOUNT)) !== null;
    return { lockAfterMinutes: s.lockAfterMinutes, kioskIdleSeconds: s.kioskIdleSeconds, businessTimeZone: s.businessTimeZone, smtp: { ...s.smtp, hasPassword: this.hasSmtpPassword } };
  }

  /** Writes the non-secret part; the caller runs it in a transaction with its audit row. */
  write(input: z.output<typeof settingsInput>): void {
    const { password: _password, ...smtp } = input.smtp;
    this.setValue('lockAfterMinutes', input.lockAfterMinutes);
    this.setValue('kioskIdleSeconds', input.kioskIdleSeconds);
    if (input.businessTimeZone !== undefined) this.setValue('businessTimeZone', input.businessTimeZone);
    this.setValue('smtp', smtp);
  }

  /** The SMTP password lives in the keychain, never in a file. */
  async storeSmtpPassword(password: string | undefined): Promise<void> {
    if (password === undefined) return;
    await this.vault.set(SMTP_PASSWORD_ACCOUNT, password);
    this.hasSmtpPassword = password !== '';
  }

  async smtpConfig(): Promise<SmtpConfig> {
    const s = this.load().smtp;
    const password = await this.vault.get(SMTP_PASSWORD_ACCOUNT);
    return { ...s, password: password === '' ? null : password };
  }
}
