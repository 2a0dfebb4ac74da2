import type { Database } from 'better-sqlite3-multiple-ciphers';
import { formatHlc, HLC_ZERO } from '../../shared/hlc';
import { ORGANISATION_SETTINGS_ID, REPLICA_FIELDS } from '../../shared/sync/protocol';
import { stmt } from '../db/statements';
import { mergedFields, recordLocalChange, type FieldValues } from './records';

/**
 * The organisation's settings as one replicated record (table 'settings', ORGANISATION_SETTINGS_ID),
 * one field per settings key. Organisation-wide: ORGANISATION_SETTINGS (the keys of the protocol's
 * REPLICA_FIELDS.settings). Everything else in the settings table belongs to the device (its sync
 * state, its replica clock, its retention of pulled entries), as does the SMTP password, which
 * lives in each device's keychain.
 */
export const ORGANISATION_SETTINGS = Object.keys(REPLICA_FIELDS.settings) as (keyof typeof REPLICA_FIELDS.settings)[];

/** Where the projection writes: the settings service, so its cache follows. */
export interface SettingsSink {
  setValue(key: string, value: unknown): void;
}

/** Queues a local change of organisation settings. Call in the transaction that stored them. */
export function shareSettings(db: Database, values: Partial<Record<(typeof ORGANISATION_SETTINGS)[number], unknown>>, at: string): void {
  const fields: FieldValues = {};
  for (const k of ORGANISATION_SETTINGS) if (values[k] !== undefined) fields[k] = values[k] as FieldValues[string];
  recordLocalChange(db, 'settings', ORGANISATION_SETTINGS_ID, fields, Date.parse(at));
}

/** Writes the merged organisation settings into the settings table. Call inside a transaction. */
export function projectSettings(db: Database, sink: SettingsSink, fields: readonly string[]): void {
  const merged = mergedFields(db, 'settings', ORGANISATION_SETTINGS_ID);
  for (const k of fields) if (merged[k] && (ORGANISATION_SETTINGS as string[]).includes(k)) sink.setValue(k, merged[k].value);
}

/**
 * The organisation settings this device had stored before it joined, shared once with the lowest
 * stamp: they fill in what the organisation has never set and lose to any change made anywhere.
 */
export function shareExistingSettings(db: Database, nowMs: number): void {
  if (stmt<[string], { n: number }>(db, 'SELECT count(*) AS n FROM replica_fields WHERE tbl = ?').get('settings')!.n > 0) return;
  const fields: FieldValues = {};
  for (const k of ORGANISATION_SETTINGS) {
    const row = stmt<[string], { value: string }>(db, 'SELECT value FROM settings WHERE key = ?').get(k);
    if (row) fields[k] = JSON.parse(row.value) as FieldValues[string];
  }
  recordLocalChange(db, 'settings', ORGANISATION_SETTINGS_ID, fields, nowMs, formatHlc(HLC_ZERO));
}
