import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterEach, describe, expect, it } from 'vitest';
import { appendAudit, listAudit, verifyAudit } from '../../src/main/audit/log';
import { migrate } from '../../src/main/db/migrate';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { applyConnectionPragmas, openKeyed } from '../../src/main/db/open-store';
import { tempDir } from '../support/core';

const open: Database[] = [];
afterEach(() => {
  for (const db of open.splice(0)) db.close();
});

function customersDb(): Database {
  const db = openKeyed(path.join(tempDir(), 'customers.db'), randomBytes(32).toString('hex'));
  applyConnectionPragmas(db);
  migrate(db, customersMigrations);
  open.push(db);
  return db;
}

const append = (db: Database, action: string, details: Record<string, unknown> = {}) =>
  db.transaction(() => appendAudit(db, '2026-11-26T09:00:00.000Z', { actorId: 7, actorName: 'Tess', action, subjectType: 'staff', subjectId: 3, details }))();

interface Stored {
  seq: number;
  prev_hash: string;
  hash: string;
}

describe('appendAudit', () => {
  it('refuses to write outside a transaction, so a row never commits apart from its change', () => {
    const db = customersDb();
    expect(() => appendAudit(db, 'now', { actorId: null, actorName: 'x', action: 'y' })).toThrow(/transaction/);
    expect(db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual({ n: 0 });
  });

  it('numbers rows from 1 and links each to the previous hash, and keeps the head', () => {
    const db = customersDb();
    expect([append(db, 'a'), append(db, 'b'), append(db, 'c')]).toEqual([1, 2, 3]);
    const rows = db.prepare('SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq').all() as Stored[];
    expect(rows[0]!.prev_hash).toMatch(/^0{64}$/);
    for (let i = 1; i < rows.length; i++) expect(rows[i]!.prev_hash).toBe(rows[i - 1]!.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(3);
    expect(db.prepare('SELECT seq, hash FROM audit_head').get()).toEqual({ seq: 3, hash: rows[2]!.hash });
  });

  it('rolls back with the transaction it is part of', () => {
    const db = customersDb();
    append(db, 'kept');
    expect(() =>
      db.transaction(() => {
        appendAudit(db, 'now', { actorId: 1, actorName: 'x', action: 'lost' });
        throw new Error('change failed');
      })(),
    ).toThrow('change failed');
    expect(db.prepare('SELECT action FROM audit_log').all()).toEqual([{ action: 'kept' }]);
    expect(verifyAudit(db)).toEqual({ ok: true, rows: 1 });
  });

  it('the table is append-only: UPDATE and DELETE are refused by triggers', () => {
    const db = customersDb();
    append(db, 'a');
    expect(() => db.prepare("UPDATE audit_log SET action = 'b'").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(verifyAudit(db)).toEqual({ ok: true, rows: 1 });
  });
});

describe('verifyAudit', () => {
  it('an empty log verifies', () => {
    expect(verifyAudit(customersDb())).toEqual({ ok: true, rows: 0 });
  });

  it('an emptied log (head remains) is caught at row 1', () => {
    const db = customersDb();
    append(db, 'a');
    append(db, 'b');
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log;');
    expect(verifyAudit(db)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('rows cut from the end together with the head row are still caught', () => {
    const db = customersDb();
    for (const a of ['a', 'b', 'c']) append(db, a);
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3; DELETE FROM audit_head;');
    expect(verifyAudit(db)).toEqual({ ok: false, rows: 2, firstBadSeq: 3, problem: 'truncated' });
  });
});

describe('listAudit', () => {
  it('pages newest first and filters by action and by reads of personal data', () => {
    const db = customersDb();
    for (const a of ['auth.sign_in', 'read.customer', 'staff.create', 'export.customers', 'read.customer', 'auth.sign_in']) append(db, a, { a });
    const first = listAudit(db, { limit: 4 });
    expect(first.rows.map((r) => r.seq)).toEqual([6, 5, 4, 3]);
    expect(first.nextBeforeSeq).toBe(3);
    const second = listAudit(db, { limit: 4, beforeSeq: first.nextBeforeSeq! });
    expect(second.rows.map((r) => r.seq)).toEqual([2, 1]);
    expect(second.nextBeforeSeq).toBeNull();
    expect(listAudit(db, { limit: 100, action: 'auth.sign_in' }).rows.map((r) => r.seq)).toEqual([6, 1]);
    expect(listAudit(db, { limit: 100, readsOnly: true }).rows.map((r) => r.action)).toEqual(['read.customer', 'export.customers', 'read.customer']);
    expect(first.rows[0]).toEqual({ seq: 6, at: '2026-11-26T09:00:00.000Z', actorId: 7, actorName: 'Tess', action: 'auth.sign_in', subjectType: 'staff', subjectId: '3', details: { a: 'auth.sign_in' } });
  });
});
