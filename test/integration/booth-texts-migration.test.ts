import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../src/main/db/migrate';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { tempDir } from '../support/core';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

/** A contests.db as the app before per-language texts left it: one event, two rules versions, a used notice, an entry with consent. */
function legacyStore(): Database {
  const db = openKeyed(path.join(tempDir(), 'contests.db'), randomBytes(32).toString('hex'));
  applyConnectionPragmas(db);
  open.push(db);
  migrate(db, contestsMigrations.slice(0, 4));
  db.exec(`
    INSERT INTO events (id, uuid, name, starts_on, ends_on, location, created_at, updated_at) VALUES (1, 'ev-1', 'Fair', '2026-11-26', '2026-11-26', 'Hall', 't', 't');
    INSERT INTO event_texts (id, event_id, kind, version, body, sha256, created_at, used) VALUES
      (10, 1, 'rules', 1, 'Rules one', '${sha('Rules one')}', 't', 1),
      (11, 1, 'rules', 2, 'Rules two', '${sha('Rules two')}', 't', 0),
      (12, 1, 'notice', 1, 'Notice one', '${sha('Notice one')}', 't', 1);
    INSERT INTO entries (id, uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent)
      VALUES (1, 'entry-1', 1, 't', '2026-11-26 09', 1, 'd', 'Pia', 'pia@example.com', 'pia@example.com', '', '', '', '', '', '{}', 10, 12, 1);
    INSERT INTO entry_consent_events (entry_id, purpose, granted, notice_text_id, notice_sha256, method, at, device) VALUES (1, 'marketing', 1, 12, '${sha('Notice one')}', 'booth', 't', 'd');
  `);
  return db;
}

describe('contests.db migration 5: texts per language', () => {
  it('labels the earlier texts English, keeps every id and reference, and keeps used versions frozen', () => {
    const db = legacyStore();
    migrate(db, contestsMigrations.slice(0, 5));
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare('SELECT id, kind, lang, version, body, used FROM event_texts ORDER BY id').all()).toEqual([
      { id: 10, kind: 'rules', lang: 'en', version: 1, body: 'Rules one', used: 1 },
      { id: 11, kind: 'rules', lang: 'en', version: 2, body: 'Rules two', used: 0 },
      { id: 12, kind: 'notice', lang: 'en', version: 1, body: 'Notice one', used: 1 },
    ]);
    expect(db.prepare('SELECT language, rules_text_id, notice_text_id FROM entries').get()).toEqual({ language: 'en', rules_text_id: 10, notice_text_id: 12 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_temp_schema WHERE name = 'event_texts_copy'").all()).toEqual([]);
    // The rebuilt table keeps its triggers, the foreign keys still hold, and a language has its own versions.
    expect(() => db.prepare("UPDATE event_texts SET body = 'x' WHERE id = 10").run()).toThrow(/cannot change/);
    expect(() => db.prepare('DELETE FROM event_texts WHERE id = 12').run()).toThrow(/cannot be deleted/);
    expect(() => db.prepare("UPDATE entries SET rules_text_id = 11 WHERE id = 1").run()).toThrow(/cannot change/);
    expect(() => db.prepare("INSERT INTO event_texts (event_id, kind, lang, version, body, sha256, created_at) VALUES (99, 'rules', 'fi', 1, 'x', 'x', 't')").run()).toThrow(/FOREIGN KEY/);
    db.prepare("INSERT INTO event_texts (event_id, kind, lang, version, body, sha256, created_at) VALUES (1, 'rules', 'fi', 1, 'Säännöt', 'x', 't')").run();
    expect(() => db.prepare("INSERT INTO event_texts (event_id, kind, lang, version, body, sha256, created_at) VALUES (1, 'rules', 'fi', 1, 'Toiset', 'y', 't')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO event_texts (event_id, kind, lang, version, body, sha256, created_at) VALUES (1, 'rules', 'sv', 1, 'Regler', 'z', 't')").run()).toThrow(/CHECK/);
    expect(db.prepare('SELECT prize_fi, prize_en FROM events').get()).toEqual({ prize_fi: '', prize_en: '' });
  });
});
