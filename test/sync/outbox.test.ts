import { createHash, randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3-multiple-ciphers';
import { migrate } from '../../src/main/db/migrate';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { flaggedRows, outboxSummary, pendingBatch, recordAnswers } from '../../src/main/sync/outbox';
import { enqueueSuppression, SuppressionBatch } from '../../src/main/sync/suppression-feed';
import { PendingSuppression } from '../../src/main/sync/suppression-pending';
import { LIMITS } from '../../src/shared/sync/protocol';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { entryFor, makeEvent, TODAY } from '../integration/booth-support';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('sync outbox', () => {
  it('stores the SHA-256 of the exact payload bytes at capture, and refuses any later change of payload or hash', async () => {
    t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)) });
    await withStaff(t, ['booth_staff', 'manager']);
    const ev = await makeEvent(t);
    const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { name: 'Åsa Öberg' }));
    if (r.outcome !== 'saved') throw new Error('not saved');
    const db = t.core.stores!.contests;
    const row = db.prepare('SELECT payload, sha256 FROM sync_outbox WHERE id = ?').get(r.entryId) as { payload: string; sha256: string };
    expect(row.sha256).toBe(sha(row.payload));
    expect(() => db.prepare('UPDATE sync_outbox SET payload = ? WHERE id = ?').run(row.payload.replace('Åsa', 'Asa'), r.entryId)).toThrow(/exactly as it was written/);
    expect(() => db.prepare('UPDATE sync_outbox SET sha256 = ? WHERE id = ?').run(sha('x'), r.entryId)).toThrow(/exactly as it was written/);
    expect(() => db.prepare("INSERT INTO sync_outbox (id, kind, payload, created_at) VALUES ('x', 'contest_entry', '{}', '2026-01-01')").run()).toThrow(/needs the SHA-256/);
  });

  it('backfills the hash of rows written before the hash column existed, once, from their stored bytes', () => {
    const db = new Database(':memory:');
    migrate(db, contestsMigrations.slice(0, 2));
    const payloads = ['{"a":1}', '{"name":"Pia Virtanen","emoji":"🎉"}', '{ "spaced" : true }'];
    payloads.forEach((p, i) => db.prepare('INSERT INTO sync_outbox (id, kind, payload, created_at) VALUES (?, ?, ?, ?)').run(`r${i}`, 'contest_entry', p, `2026-01-0${i + 1}T00:00:00Z`));
    migrate(db, contestsMigrations);
    const rows = db.prepare('SELECT id, payload, sha256 FROM sync_outbox ORDER BY id').all() as { payload: string; sha256: string }[];
    expect(rows.map((r) => r.sha256)).toEqual(payloads.map(sha));
    db.close();
  });

  it('acknowledges only rows the hub answered as committed; a refused row stays unsent and flagged; nothing is deleted', () => {
    const db = new Database(':memory:');
    migrate(db, contestsMigrations);
    const ins = db.prepare('INSERT INTO sync_outbox (id, kind, payload, sha256, created_at) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < 5; i++) ins.run(`id${i}`, 'contest_entry', `{"n":${i}}`, sha(`{"n":${i}}`), `2026-01-01T00:00:0${i}Z`);
    const batch = pendingBatch(db, 10);
    expect(batch.map((r) => r.id)).toEqual(['id0', 'id1', 'id2', 'id3', 'id4']);
    const r = recordAnswers(
      db,
      [
        { id: 'id0', status: 'stored' },
        { id: 'id1', status: 'duplicate' },
        { id: 'id2', status: 'conflict', message: 'other content' },
        { id: 'id3', status: 'refused', code: 'hash_mismatch', message: 'bad hash' },
      ],
      '2026-01-02T00:00:00Z',
    );
    expect(r).toEqual({ acknowledged: 3, conflicts: 1, refused: 1 });
    // id3 waits for a person; id4 got no answer and is sent again.
    expect(pendingBatch(db, 10).map((x) => x.id)).toEqual(['id4']);
    expect(outboxSummary(db)).toEqual({ pending: 2, refused: 1, conflicts: 1, oldestPendingAt: '2026-01-01T00:00:03Z', lastAcknowledgedAt: '2026-01-02T00:00:00Z' });
    // The refusal keeps the hub's code, for the screen to word; a conflict has none.
    expect(flaggedRows(db, 10).map((f) => [f.id, f.status, f.code, f.message])).toEqual([
      ['id2', 'conflict', null, 'other content'],
      ['id3', 'refused', 'hash_mismatch', 'hash_mismatch: bad hash'],
    ]);
    expect((db.prepare('SELECT count(*) AS n FROM sync_outbox').get() as { n: number }).n).toBe(5);
    db.close();
  });

  it('a row refused before refusal codes were kept shows the stored message and no code; a later refusal of a record change keeps its code and names its table; a refused batch of opt-outs says how many it holds', () => {
    const db = new Database(':memory:');
    const before = customersMigrations.findIndex((m) => m.name.includes('refusal code'));
    expect(before).toBeGreaterThan(0);
    migrate(db, customersMigrations.slice(0, before));
    const ins = db.prepare('INSERT INTO sync_outbox (id, kind, payload, sha256, created_at) VALUES (?, ?, ?, ?, ?)');
    const change = JSON.stringify({ table: 'staff', recordId: 'r1', fields: {} });
    ins.run('old', 'suppression', '{}', sha('{}'), '2026-01-01T00:00:00Z');
    db.prepare("UPDATE sync_outbox SET hub_status = 'refused', last_error = 'forbidden_kind: A booth may not send this.' WHERE id = 'old'").run();
    migrate(db, customersMigrations);
    ins.run('new', 'record', change, sha(change), '2026-01-02T00:00:00Z');
    const at = '2026-01-02T00:00:01.000Z';
    db.transaction(() => {
      const batch = new SuppressionBatch(at);
      for (let i = 0; i < 3; i++) batch.add(randomBytes(32).toString('hex'), 1, at);
      batch.enqueue(db);
    })();
    const batchId = pendingBatch(db, 10, ['suppression'])[0]!.id;
    recordAnswers(
      db,
      [
        { id: 'new', status: 'refused', code: 'clock_ahead', message: 'Stamped 120 minutes ahead.' },
        { id: batchId, status: 'refused', code: 'malformed_payload', message: 'changes.0.1: lists out of range.' },
      ],
      '2026-01-03T00:00:00Z',
    );
    expect(flaggedRows(db, 10)).toEqual([
      { id: 'old', kind: 'suppression', table: null, changes: 1, status: 'refused', code: null, message: 'forbidden_kind: A booth may not send this.', createdAt: '2026-01-01T00:00:00Z' },
      { id: 'new', kind: 'record', table: 'staff', changes: 1, status: 'refused', code: 'clock_ahead', message: 'clock_ahead: Stamped 120 minutes ahead.', createdAt: '2026-01-02T00:00:00Z' },
      { id: batchId, kind: 'suppression', table: null, changes: 3, status: 'refused', code: 'malformed_payload', message: 'malformed_payload: changes.0.1: lists out of range.', createdAt: at },
    ]);
    db.close();
  });

  it('a batch of opt-outs is queued in rows of at most LIMITS.suppressionBatchChanges, counted as its changes, and its hashes wait like single ones', async () => {
    const db = new Database(':memory:');
    migrate(db, customersMigrations);
    const at = '2026-01-01T00:00:00.000Z';
    const hash = () => randomBytes(32).toString('hex');
    const single = hash();
    const many = Array.from({ length: LIMITS.suppressionBatchChanges + 1 }, hash);
    db.transaction(() => {
      enqueueSuppression(db, { emailHmac: single, lists: 1, at });
      const batch = new SuppressionBatch(at);
      for (const h of many) batch.add(h, 1, at);
      // Added twice in one transaction: one change with both lists.
      batch.add(many[0]!, 4, at);
      expect(() => batch.add(hash(), 1, '2026-01-01T00:00:01.000Z')).toThrow(/suppression batch/);
      batch.enqueue(db);
      // Queued once: enqueueing again adds nothing.
      batch.enqueue(db);
    })();
    // Rows queued in one millisecond have ids in no particular order: sorted by size here.
    const payloads = pendingBatch(db, 10)
      .map((r) => JSON.parse(r.payload) as { changes?: [string, number][] })
      .sort((a, b) => (a.changes?.length ?? 0) - (b.changes?.length ?? 0));
    expect(payloads.map((p) => p.changes?.length ?? 'single')).toEqual(['single', 1, LIMITS.suppressionBatchChanges]);
    expect(payloads[2]!.changes![0]).toEqual([many[0], 5]);
    expect(outboxSummary(db).pending).toBe(1 + many.length);
    const pending = new PendingSuppression(db);
    await pending.catchUp();
    expect(pending.size).toBe(1 + many.length);
    expect([single, ...many].every((h) => pending.has(h))).toBe(true);

    // A push takes rows up to its payload budget, and always at least one (in the order it sends them).
    const sizes = pendingBatch(db, 10).map((r) => r.payload.length);
    expect(pendingBatch(db, 10, undefined, null, sizes[0]! + sizes[1]!)).toHaveLength(2);
    expect(pendingBatch(db, 10, undefined, null, sizes[0]! + sizes[1]! - 1)).toHaveLength(1);
    expect(pendingBatch(db, 10, undefined, null, 1)).toHaveLength(1);

    // Once the hub has them, nothing waits.
    recordAnswers(db, pendingBatch(db, 10).map((r) => ({ id: r.id, status: 'stored' as const })), at);
    expect(outboxSummary(db).pending).toBe(0);
    expect(pending.ready()).toBe(true);
    expect(pending.size).toBe(0);
    db.close();
  });

  it('queues an office opt-out in customers.db as a keyed hash, never an email', async () => {
    t = await startCore();
    await withStaff(t, ['office_staff']);
    const email = `canary-${randomBytes(4).toString('hex')}@example.com`;
    await t.must('office_staff', 'optouts.process', { email, lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-20' });
    const rows = t.core.stores!.customers.prepare("SELECT id, payload, sha256 FROM sync_outbox WHERE kind = 'suppression'").all() as { id: string; payload: string; sha256: string }[];
    expect(rows).toHaveLength(1);
    // A time-ordered id (UUIDv7): many rows queued at once append to the id index instead of landing on random pages.
    expect(rows[0]!.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(rows[0]!.sha256).toBe(sha(rows[0]!.payload));
    expect(rows[0]!.payload).not.toContain(email.split('@')[0]);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ emailHmac: expect.stringMatching(/^[0-9a-f]{64}$/), lists: 4 });
  });
});
