import { randomBytes, randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import type { Migration } from '../../src/main/db/migrate';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { openStore, type StoreName } from '../../src/main/db/open-store';
import { memoryVault, type KeyVault } from '../../src/main/keychain/vault';
import { recordLocalChange, unsentRecordCount } from '../../src/main/replica/records';
import { enqueue, flaggedRows, OUTBOX_KINDS, outboxSummary, pendingBatch, recordAnswers, recordAttemptFailed, type HubAnswer, type OutboxKind } from '../../src/main/sync/outbox';
import { enqueueSuppression, SuppressionBatch } from '../../src/main/sync/suppression-feed';
import { tempDir } from '../support/core';
import { watchStatements } from '../support/statement-watch';
import { closedAfterEach } from '../support/cleanup';

/**
 * The Sync screen's counts and the push's selection, asked on the main thread, read indexes instead
 * of the rows an import leaves waiting, and answer as the queries over those rows did.
 */

const hash = () => randomBytes(32).toString('hex');
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 9, minute)).toISOString();

const cleanup = closedAfterEach();

async function store(name: StoreName, migrations: readonly Migration[], dataDir = tempDir(), vault: KeyVault = memoryVault()) {
  cleanup.dir(dataDir);
  const { db } = await openStore({ dataDir, store: name, vault, migrations });
  cleanup.db(db);
  const reopen = (all: readonly Migration[]) => {
    db.close();
    return store(name, all, dataDir, vault);
  };
  return { db, reopen };
}

/** The queries before customers.db 017 and contests.db 008, which read every unsent row: what the answers must equal. */
const reference = {
  summary(db: Database, kinds: readonly OutboxKind[]) {
    const p = db
      .prepare(
        `SELECT coalesce(sum(CASE WHEN kind = 'suppression' THEN coalesce(json_array_length(payload, '$.changes'), 1) ELSE 1 END), 0) AS n, min(created_at) AS oldest
         FROM sync_outbox WHERE sent_at IS NULL AND kind IN (SELECT value FROM json_each(?))`,
      )
      .get(JSON.stringify(kinds)) as { n: number; oldest: string | null };
    const flagged = db
      .prepare("SELECT coalesce(sum(hub_status = 'refused'), 0) AS refused, coalesce(sum(hub_status = 'conflict'), 0) AS conflicts FROM sync_outbox WHERE hub_status IS NOT NULL")
      .get() as { refused: number; conflicts: number };
    const last = db.prepare('SELECT max(sent_at) AS at FROM sync_outbox WHERE sent_at IS NOT NULL').pluck().get() as string | null;
    return { pending: p.n, refused: flagged.refused, conflicts: flagged.conflicts, oldestPendingAt: p.oldest, lastAcknowledgedAt: last };
  },
  unsentRecords: (db: Database) => db.prepare("SELECT count(*) FROM sync_outbox WHERE kind = 'record' AND sent_at IS NULL AND hub_status IS NULL").pluck().get() as number,
  /** Flagged rows as [createdAt, id, changes], in created_at order (the order of rows queued at one time is not part of the answer). */
  flagged: (db: Database, limit: number) =>
    (
      db
        .prepare(
          `SELECT created_at, id, CASE WHEN kind = 'suppression' THEN coalesce(json_array_length(payload, '$.changes'), 1) ELSE 1 END AS changes
           FROM sync_outbox WHERE hub_status IS NOT NULL ORDER BY created_at LIMIT ?`,
        )
        .all(limit) as { created_at: string; id: string; changes: number }[]
    ).map((r) => [r.created_at, r.id, r.changes]),
  pending: (db: Database, limit: number, kinds: readonly OutboxKind[], after: { createdAt: string; id: string } | null) =>
    db
      .prepare(
        `SELECT id FROM sync_outbox WHERE sent_at IS NULL AND hub_status IS NULL AND kind IN (SELECT value FROM json_each(?)) AND (created_at, id) > (?, ?)
         ORDER BY created_at, id LIMIT ?`,
      )
      .pluck()
      .all(JSON.stringify(kinds), after?.createdAt ?? '', after?.id ?? '', limit) as string[],
};

const byTime = (rows: unknown[][]) => [...rows].sort((a, b) => String(a[0]).localeCompare(String(b[0])) || String(a[1]).localeCompare(String(b[1])));

function expectReferenceAnswers(db: Database, kindSets: readonly (readonly OutboxKind[])[]): void {
  for (const kinds of kindSets) expect(outboxSummary(db, kinds), kinds.join()).toEqual(reference.summary(db, kinds));
  expect(unsentRecordCount(db)).toBe(reference.unsentRecords(db));
  for (const limit of [2, 50]) {
    const flagged = flaggedRows(db, limit).map((f) => [f.createdAt, f.id, f.changes]);
    expect(flagged.map((f) => f[0])).toEqual(reference.flagged(db, limit).map((f) => f[0]));
    expect(byTime(flagged)).toEqual(byTime(reference.flagged(db, limit)));
  }
  for (const kinds of kindSets) {
    const all = reference.pending(db, 1000, kinds, null);
    expect(pendingBatch(db, 1000, kinds).map((r) => r.id)).toEqual(all);
    expect(pendingBatch(db, 2, kinds).map((r) => r.id)).toEqual(all.slice(0, 2));
    for (const row of pendingBatch(db, 3, kinds)) {
      expect(pendingBatch(db, 1000, kinds, row).map((r) => r.id)).toEqual(reference.pending(db, 1000, kinds, row));
    }
  }
}

/** Opt-outs single and in batches, and record changes, waiting, acknowledged, refused, kept with other content, and dropped. */
function fillCustomers(db: Database, check: () => void): void {
  const queued = (from: number) => db.prepare('SELECT id FROM sync_outbox WHERE rowid > ? ORDER BY rowid').pluck().all(from) as string[];
  const lastRowid = () => db.prepare('SELECT coalesce(max(rowid), 0) FROM sync_outbox').pluck().get() as number;
  let mark = lastRowid();
  db.transaction(() => enqueueSuppression(db, { emailHmac: hash(), lists: 1, at: at(1) })).immediate();
  const [single] = queued(mark);
  mark = lastRowid();
  // 2,500 opt-outs queued at one time: a row of 2,000 and a row of 500.
  db.transaction(() => {
    const b = new SuppressionBatch(at(2));
    for (let i = 0; i < 2500; i++) b.add(hash(), 1, at(2));
    b.enqueue(db);
  }).immediate();
  const batches = queued(mark);
  mark = lastRowid();
  db.transaction(() => {
    for (let i = 0; i < 6; i++) recordLocalChange(db, 'notes', randomUUID(), { body: `note ${i}` }, Date.parse(at(3)) + i);
  }).immediate();
  const records = queued(mark);
  mark = lastRowid();
  db.transaction(() => {
    for (let i = 0; i < 3; i++) enqueueSuppression(db, { emailHmac: hash(), lists: 2, at: at(4) });
    const b = new SuppressionBatch(at(5));
    for (let i = 0; i < 10; i++) b.add(hash(), 4, at(5));
    b.enqueue(db);
  }).immediate();
  const later = queued(mark);
  expect([batches.length, records.length, later.length]).toEqual([2, 6, 4]);
  check();

  const answer = (answers: HubAnswer[]) => recordAnswers(db, answers, at(30));
  answer([
    { id: single!, status: 'stored' },
    { id: records[0]!, status: 'duplicate' },
  ]);
  check();
  answer([
    { id: batches[1]!, status: 'conflict', message: 'other content' },
    { id: records[1]!, status: 'conflict' },
  ]);
  check();
  answer([
    { id: later[3]!, status: 'refused', code: 'malformed_payload' },
    { id: records[2]!, status: 'refused', code: 'clock_ahead' },
    { id: later[0]!, status: 'refused', code: 'forbidden_kind' },
  ]);
  recordAttemptFailed(db, [later[1]!, records[3]!], 'offline');
  check();
  // An erasure drops a record's changes, sent or waiting.
  db.prepare('DELETE FROM sync_outbox WHERE id IN (?, ?)').run(records[0]!, records[4]!);
  check();
}

function fillContests(db: Database, check: () => void): void {
  const ids = db.transaction(() => [
    enqueue(db, 'event', { eventId: randomUUID(), version: 1 }, at(1)),
    ...[2, 2, 3, 4].map((minute) => enqueue(db, 'contest_entry', { name: 'Pia Virtanen' }, at(minute))),
  ])();
  check();
  recordAnswers(
    db,
    [
      { id: ids[0]!, status: 'stored' },
      { id: ids[1]!, status: 'conflict' },
      { id: ids[2]!, status: 'refused', code: 'hash_mismatch' },
    ],
    at(30),
  );
  check();
}

const CUSTOMER_KINDS: readonly (readonly OutboxKind[])[] = [OUTBOX_KINDS, ['suppression'], ['contest_entry']];
const CONTEST_KINDS: readonly (readonly OutboxKind[])[] = [OUTBOX_KINDS, ['contest_entry'], ['event']];

describe('the outbox status and the push selection', () => {
  it('answer as the queries over every unsent row did, as rows are queued, acknowledged, refused, kept with other content and dropped', async () => {
    const customers = (await store('customers', customersMigrations)).db;
    fillCustomers(customers, () => expectReferenceAnswers(customers, CUSTOMER_KINDS));
    expect(outboxSummary(customers)).toMatchObject({ pending: 2000 + 3 + 10, refused: 3, conflicts: 2 });
    expect(unsentRecordCount(customers)).toBe(2);

    const contests = (await store('contests', contestsMigrations)).db;
    fillContests(contests, () => expectReferenceAnswers(contests, CONTEST_KINDS));
    expect(outboxSummary(contests)).toMatchObject({ pending: 3, refused: 1, conflicts: 1 });
  });

  it('count the rows a store held before the counts were read from indexes as they were counted then', async () => {
    for (const [name, all, kindSets, fill] of [
      ['customers', customersMigrations, CUSTOMER_KINDS, fillCustomers],
      ['contests', contestsMigrations, CONTEST_KINDS, fillContests],
    ] as const) {
      const version = all.findIndex((m) => m.name.includes('read from indexes'));
      expect(version, name).toBeGreaterThan(0);
      const old = await store(name, all.slice(0, version));
      fill(old.db, () => undefined);
      const answers = {
        summaries: kindSets.map((kinds) => reference.summary(old.db, kinds)),
        records: reference.unsentRecords(old.db),
        flagged: byTime(reference.flagged(old.db, 50)),
        pending: kindSets.map((kinds) => reference.pending(old.db, 1000, kinds, null)),
      };
      const { db } = await old.reopen(all);
      expect({
        summaries: kindSets.map((kinds) => outboxSummary(db, kinds)),
        records: unsentRecordCount(db),
        flagged: byTime(flaggedRows(db, 50).map((f) => [f.createdAt, f.id, f.changes])),
        pending: kindSets.map((kinds) => pendingBatch(db, 1000, kinds).map((r) => r.id)),
      }).toEqual(answers);
    }
  });

  it('read no row for the counts, and only the rows handed out for the push and the flagged list', async () => {
    const { db } = await store('customers', customersMigrations);
    fillCustomers(db, () => undefined);
    let run: string[] = [];
    watchStatements(db, (sql) => run.push(sql));
    const statementsOf = (call: () => unknown) => {
      run = [];
      call();
      return [...new Set(run)];
    };
    const args = (sql: string) => Array<string>(sql.split('?').length - 1).fill('x');
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args(sql)) as { detail: string }[]).map((p) => p.detail).filter((d) => d.includes('sync_outbox'));
    const table = db.prepare("SELECT rootpage FROM sqlite_schema WHERE type = 'table' AND name = 'sync_outbox'").pluck().get() as number;
    /** Whether the statement's program reads any column of a sync_outbox row (as opposed to an index entry). */
    const readsRows = (sql: string) => {
      const program = db.prepare(`EXPLAIN ${sql}`).all(...args(sql)) as { opcode: string; p1: number; p2: number }[];
      const cursors = new Set(program.filter((op) => op.opcode === 'OpenRead' && op.p2 === table).map((op) => op.p1));
      return program.some((op) => op.opcode === 'Column' && cursors.has(op.p1));
    };

    const counts = [...statementsOf(() => outboxSummary(db)), ...statementsOf(() => unsentRecordCount(db))];
    expect(counts).toHaveLength(4);
    expect(counts.map(plan)).toEqual([
      ['SEARCH sync_outbox USING INDEX sync_outbox_unsent (kind=?)'],
      ['SCAN sync_outbox USING COVERING INDEX sync_outbox_flagged'],
      ['SEARCH sync_outbox USING COVERING INDEX sync_outbox_sent (sent_at>?)'],
      ['SEARCH sync_outbox USING INDEX sync_outbox_unsent (kind=? AND hub_status=?)'],
    ]);
    for (const sql of counts) expect(readsRows(sql), sql).toBe(false);

    // In index order with nothing sorted first, so the rows past the last one handed out are never read.
    const first = pendingBatch(db, 1, ['suppression'])[0]!;
    const handOut = [...statementsOf(() => pendingBatch(db, 10, ['suppression'])), ...statementsOf(() => pendingBatch(db, 10, ['suppression'], first)), ...statementsOf(() => flaggedRows(db, 10))];
    expect(handOut.map(plan)).toEqual([
      ['SCAN sync_outbox USING INDEX sync_outbox_push'],
      ['SEARCH sync_outbox USING INDEX sync_outbox_push (created_at>?)'],
      ['SCAN sync_outbox USING INDEX sync_outbox_flagged'],
    ]);
    for (const sql of handOut) expect(db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...args(sql))).not.toContainEqual(expect.objectContaining({ detail: expect.stringContaining('TEMP B-TREE') }));
  });
});
