import type { Database } from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/main/audit/log';
import type { AuditVerification } from '../../src/shared/contract/audit';
import { startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';

/**
 * Plays the attacker against a chain built by real actions: for every row position in turn, alter
 * it, delete it, or swap it with a neighbour, and expect the verifier to name that row. Each attack
 * runs in a transaction that is rolled back, so the next one starts from the intact chain.
 */

let t: TestCore;
let db: Database;
let N = 0;

beforeAll(async () => {
  t = await startCore();
  await withStaff(t, ['manager', 'office_staff', 'billing_clerk']);
  const clerk = (await t.must('admin', 'staff.list', {})).find((s) => s.role === 'billing_clerk')!;
  await t.call('nobody', 'auth.signIn', { username: 'admin', password: 'not the password' });
  await t.call('nobody', 'auth.signIn', { username: 'no-such-user', password: 'not the password' });
  await t.must('admin', 'staff.setRole', { id: clerk.id, role: 'customer_service' });
  await t.must('admin', 'staff.setDisabled', { id: clerk.id, disabled: true });
  await t.must('admin', 'staff.setDisabled', { id: clerk.id, disabled: false });
  await t.must('admin', 'staff.resetPassword', { id: clerk.id, password: 'another long password' });
  await t.must('admin', 'settings.update', { lockAfterMinutes: 7, kioskIdleSeconds: 60, smtp: { host: 'smtp.example.test', port: 587, secure: false, user: '', from: 'a@example.test' } });
  await t.must('manager', 'auth.signOut', {});
  await t.must('manager', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD });
  db = t.core.stores!.customers;
  N = (db.prepare('SELECT max(seq) AS n FROM audit_log').get() as { n: number }).n;
});

afterAll(async () => {
  await t.close();
});

/** Runs `attack` with the append-only triggers dropped, verifies, and rolls everything back. */
function underAttack(attack: (db: Database) => void): AuditVerification {
  const before = storeDigest(db);
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    attack(db);
    return verifyAudit(db);
  } finally {
    db.exec('ROLLBACK');
    expect(storeDigest(db)).toBe(before);
  }
}

const seqs = () => Array.from({ length: N }, (_, i) => i + 1);

/** A changed value of the right type for each column an attacker might edit. */
const ALTERATIONS: Record<string, string> = {
  at: "at = '2020-01-01T00:00:00.000Z'",
  actor_id: 'actor_id = coalesce(actor_id, 0) + 1000',
  actor_name: "actor_name = actor_name || ' '",
  action: "action = 'staff.nothing_happened'",
  subject_type: "subject_type = coalesce(subject_type, '') || 'x'",
  subject_id: "subject_id = coalesce(subject_id, '') || '9'",
  details: "details = '{\"note\":\"edited\"}'",
  prev_hash: "prev_hash = (CASE substr(prev_hash, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END) || substr(prev_hash, 2)",
  hash: "hash = (CASE substr(hash, 1, 1) WHEN 'f' THEN 'e' ELSE 'f' END) || substr(hash, 2)",
};

describe('audit chain built by real actions', () => {
  it('has rows from sign-ins, failed sign-ins, staff and settings changes, and verifies intact', () => {
    expect(N).toBeGreaterThanOrEqual(12);
    const actions = (db.prepare('SELECT action FROM audit_log ORDER BY seq').all() as { action: string }[]).map((r) => r.action);
    expect(actions).toEqual(
      expect.arrayContaining(['staff.create_first_admin', 'staff.create', 'auth.sign_in', 'auth.sign_in_failed', 'staff.set_role', 'staff.disable', 'staff.enable', 'staff.reset_password', 'settings.update', 'auth.sign_out']),
    );
    expect(verifyAudit(db)).toEqual({ ok: true, rows: N });
  });

  it('altering any column of any row is detected at that row', () => {
    for (const seq of seqs()) {
      for (const [column, set] of Object.entries(ALTERATIONS)) {
        const result = underAttack((d) => {
          const row = d.prepare('SELECT * FROM audit_log WHERE seq = ?');
          const before = row.get(seq);
          d.prepare(`UPDATE audit_log SET ${set} WHERE seq = ?`).run(seq);
          expect(row.get(seq), `${column} of row ${seq} was really changed`).not.toEqual(before);
        });
        expect(result, `${column} of row ${seq}`).toEqual({ ok: false, rows: seq, firstBadSeq: seq, problem: 'altered' });
      }
    }
  });

  it('deleting any row is detected at that row', () => {
    for (const seq of seqs()) {
      const result = underAttack((d) => expect(d.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq).changes).toBe(1));
      expect(result.ok, `row ${seq}`).toBe(false);
      expect(result.ok === false && result.firstBadSeq, `row ${seq}`).toBe(seq);
      expect(result.ok === false && result.problem, `row ${seq}`).toBe(seq === N ? 'truncated' : 'removed');
    }
  });

  it('deleting any row and renumbering the rest to close the gap is detected at that row', () => {
    for (const seq of seqs().slice(0, -1)) {
      const result = underAttack((d) => {
        d.prepare('DELETE FROM audit_log WHERE seq = ?').run(seq);
        // Shift down one at a time, in order, so the primary key never collides.
        for (let s = seq + 1; s <= N; s++) d.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(s - 1, s);
      });
      expect(result.ok === false && result.firstBadSeq, `row ${seq}`).toBe(seq);
    }
  });

  it('swapping any row with its neighbour is detected at the first of the two', () => {
    for (const seq of seqs()) {
      const [a, b] = seq < N ? [seq, seq + 1] : [seq - 1, seq];
      // Variant 1: the rows trade places in seq order (their seq numbers are exchanged).
      const bySeq = underAttack((d) => {
        d.prepare('UPDATE audit_log SET seq = -1 WHERE seq = ?').run(a);
        d.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(a, b);
        d.prepare('UPDATE audit_log SET seq = ? WHERE seq = -1').run(b);
      });
      expect(bySeq, `swap ${a}<->${b} by seq`).toEqual({ ok: false, rows: a, firstBadSeq: a, problem: 'reordered' });
      // Variant 2: the seq numbers stay and everything else is exchanged.
      const byContent = underAttack((d) => {
        const cols = 'at, actor_id, actor_name, action, subject_type, subject_id, details, prev_hash, hash';
        const ra = d.prepare(`SELECT ${cols} FROM audit_log WHERE seq = ?`).raw().get(a) as unknown[];
        const rb = d.prepare(`SELECT ${cols} FROM audit_log WHERE seq = ?`).raw().get(b) as unknown[];
        const set = d.prepare(`UPDATE audit_log SET (${cols}) = (?, ?, ?, ?, ?, ?, ?, ?, ?) WHERE seq = ?`);
        set.run(...rb, a);
        set.run(...ra, b);
      });
      expect(byContent.ok === false && byContent.firstBadSeq, `swap ${a}<->${b} by content`).toBe(a);
    }
  });

  it('cutting rows from the end is detected at the first missing row', () => {
    for (let keep = 0; keep < N; keep++) {
      const result = underAttack((d) => d.prepare('DELETE FROM audit_log WHERE seq > ?').run(keep));
      expect(result, `keep ${keep}`).toEqual({ ok: false, rows: keep, firstBadSeq: keep + 1, problem: 'truncated' });
    }
  });

  it('the intact chain still verifies after every attack was rolled back', () => {
    expect(verifyAudit(db)).toEqual({ ok: true, rows: N });
  });
});

describe('tampering with the file itself', () => {
  it('is reported by audit.verify after the app is opened again', async () => {
    const other = await startCore();
    await withStaff(other, ['manager']);
    await other.must('admin', 'staff.resetPassword', { id: 2, password: 'another long password' });
    const d = other.core.stores!.customers;
    const target = 3;
    d.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{"edited":true}' WHERE seq = ${target};`);
    await other.close();

    const reopened = await startCore({ dataDir: other.dataDir, vault: other.vault });
    try {
      await reopened.must('admin', 'auth.signIn', { username: 'admin', password: TEST_PASSWORD });
      expect(await reopened.must('admin', 'audit.verify', {})).toMatchObject({ ok: false, firstBadSeq: target, problem: 'altered' });
      const mgr = await reopened.call('manager', 'audit.verify', {});
      expect(mgr.ok).toBe(false); // the manager's session did not survive the restart
    } finally {
      await reopened.close();
    }
  });
});
