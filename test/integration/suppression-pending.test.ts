import { randomBytes } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { addSuppression } from '../../src/main/accounts/suppression';
import { customersMigrations } from '../../src/main/db/migrations/customers';
import { applyConnectionPragmas, openKeyed, openStore, type OpenedStore } from '../../src/main/db/open-store';
import { memoryVault } from '../../src/main/keychain/vault';
import { pendingBatch, recordAnswers, sha256Hex } from '../../src/main/sync/outbox';
import { applyInSlices } from '../../src/main/sync/service';
import { enqueueSuppression, SuppressionBatch, suppressionPageSteps } from '../../src/main/sync/suppression-feed';
import { PendingSuppression } from '../../src/main/sync/suppression-pending';
import { LIMITS, SUPPRESSION_RECORD_BYTES } from '../../src/shared/sync/protocol';
import { watchStatements } from '../support/statement-watch';
import { tempDir } from '../support/core';
import { closedAfterEach } from '../support/cleanup';

const AT = '2026-01-01T00:00:00.000Z';
const hash = () => randomBytes(32).toString('hex');

const cleanup = closedAfterEach();

async function customers(): Promise<OpenedStore> {
  const dataDir = tempDir();
  cleanup.dir(dataDir);
  const store = await openStore({ dataDir, store: 'customers', vault: memoryVault(), migrations: customersMigrations });
  cleanup.db(store.db);
  return store;
}

/** Records the hub's answer for the waiting rows whose payload matches, as the push loop does. */
function answer(db: Database, status: 'stored' | 'conflict' | 'refused', which: (payload: string) => boolean): void {
  const rows = pendingBatch(db, 1000).filter((r) => which(r.payload));
  expect(rows.length).toBeGreaterThan(0);
  recordAnswers(db, rows.map((r) => ({ id: r.id, status, ...(status === 'refused' ? { code: 'forbidden_kind' as const } : {}) })), AT);
}

/** Every waiting hash, from one query that expands every waiting row: what the cache must agree with. */
const waitingByQuery = (db: Database) =>
  new Set(
    db
      .prepare(
        `SELECT coalesce(json_extract(c.value, '$[0]'), json_extract(o.payload, '$.emailHmac')) FROM sync_outbox o LEFT JOIN json_each(o.payload, '$.changes') c
         WHERE o.kind = 'suppression' AND o.sent_at IS NULL AND o.hub_status IS NULL`,
      )
      .pluck()
      .all() as string[],
  );

/** A replicated record's change waiting in the same outbox. */
function queueRecord(db: Database, recordId: string): void {
  const payload = JSON.stringify({ table: 'consent', recordId, fields: {} });
  db.prepare("INSERT INTO sync_outbox (id, kind, payload, sha256, created_at) VALUES (?, 'record', ?, ?, ?)").run(`record-${recordId}`, payload, sha256Hex(payload), AT);
}

function batchOf(db: Database, hashes: readonly string[]): void {
  db.transaction(() => {
    const b = new SuppressionBatch(AT);
    for (const h of hashes) b.add(h, 1, AT);
    b.enqueue(db);
  }).immediate();
}

describe('opt-outs waiting to be sent', () => {
  it('are the hashes of single and batch rows neither sent nor flagged, the same as one query over the outbox finds', async () => {
    const { db } = await customers();
    const [waits, sent, refused, conflict, inTwo] = [hash(), hash(), hash(), hash(), hash()];
    const waitingBatch = [inTwo, ...Array.from({ length: 2500 }, hash)];
    const refusedBatch = Array.from({ length: 10 }, hash);
    db.transaction(() => {
      for (const h of [waits, sent, refused, conflict, inTwo]) enqueueSuppression(db, { emailHmac: h, lists: 2, at: AT });
      queueRecord(db, 'r1');
    }).immediate();
    answer(db, 'stored', (p) => p.includes(sent));
    answer(db, 'refused', (p) => p.includes(refused));
    answer(db, 'conflict', (p) => p.includes(conflict));
    batchOf(db, waitingBatch);
    batchOf(db, refusedBatch);
    answer(db, 'refused', (p) => p.includes(refusedBatch[0]!));

    const pending = new PendingSuppression(db);
    expect(pending.ready()).toBe(false);
    await pending.catchUp();
    expect(pending.ready()).toBe(true);
    const expected = waitingByQuery(db);
    expect(expected.size).toBe(1 + waitingBatch.length);
    expect(pending.size).toBe(expected.size);
    expect([...expected].every((h) => pending.has(h))).toBe(true);
    for (const h of [sent, refused, conflict, ...refusedBatch]) expect(pending.has(h), h).toBe(false);

    // A hash in two waiting rows waits until both are sent.
    answer(db, 'stored', (p) => p.includes(`"emailHmac":"${inTwo}"`));
    expect(pending.ready()).toBe(true);
    expect(pending.has(inTwo)).toBe(true);
    expect(pending.size).toBe(waitingByQuery(db).size);
    answer(db, 'stored', (p) => p.includes(inTwo));
    expect(pending.ready()).toBe(true);
    expect(pending.has(inTwo)).toBe(false);
    expect(pending.size).toBe(waitingByQuery(db).size);
  });

  it('a row queued after a catch-up is read at the next; a row sent or refused since is dropped', async () => {
    const { db } = await customers();
    const first = hash();
    db.transaction(() => enqueueSuppression(db, { emailHmac: first, lists: 1, at: AT })).immediate();
    const pending = new PendingSuppression(db);
    await pending.catchUp();
    expect(pending.has(first)).toBe(true);

    const later = hash();
    db.transaction(() => enqueueSuppression(db, { emailHmac: later, lists: 1, at: AT })).immediate();
    expect(pending.ready()).toBe(false);
    expect(pending.has(later)).toBe(false);
    await pending.catchUp();
    expect(pending.ready()).toBe(true);
    expect([pending.has(first), pending.has(later)]).toEqual([true, true]);

    answer(db, 'stored', (p) => p.includes(first));
    answer(db, 'refused', (p) => p.includes(later));
    expect(pending.ready()).toBe(true);
    expect(pending.size).toBe(0);
  });

  it('a feed page keeps the local state of waiting hashes, an opt-out queued by another connection between two slices of the page included', async () => {
    const store = await customers();
    const { db } = store;
    const worker = openKeyed(store.file, store.keyHex);
    applyConnectionPragmas(worker);
    cleanup.db(worker);

    const count = LIMITS.suppressionPageMax;
    const records = Buffer.alloc(count * SUPPRESSION_RECORD_BYTES);
    for (let i = 0; i < count; i++) {
      randomBytes(32).copy(records, i * SUPPRESSION_RECORD_BYTES);
      records[i * SUPPRESSION_RECORD_BYTES + 32] = 2;
    }
    const hashAt = (i: number) => records.subarray(i * SUPPRESSION_RECORD_BYTES, i * SUPPRESSION_RECORD_BYTES + 32);
    // The hub has lifted every opt-out of the first and the last hash: the page removes them.
    records[32] = 0;
    records[(count - 1) * SUPPRESSION_RECORD_BYTES + 32] = 0;
    const entry = { reason: 'email' as const, requestedOn: AT.slice(0, 10), at: AT, staffId: null };
    // The first waits to be sent before the page arrives; the last is opted out on another
    // connection (as an import's worker would) once the first slice has committed.
    db.transaction(() => addSuppression(db, hashAt(0), 1, entry)).immediate();
    let appliedBeforeOptOut = -1;

    const pending = new PendingSuppression(db);
    const steps = suppressionPageSteps(db, pending, records, count, AT);
    let applied = 0;
    const apply = (i: number) => {
      if (applied++ === 0) {
        setImmediate(() => {
          appliedBeforeOptOut = applied;
          worker.transaction(() => addSuppression(worker, hashAt(count - 1), 1, entry)).immediate();
        });
      }
      steps.apply(i);
    };
    await applyInSlices(db, { count, apply, finish: () => undefined, gate: steps.gate });

    // The opt-out came while the page was part-applied.
    expect(appliedBeforeOptOut).toBeGreaterThan(0);
    expect(appliedBeforeOptOut).toBeLessThan(count - 1);
    const lists = db.prepare('SELECT lists FROM suppression WHERE email_hmac = ?').pluck();
    expect(lists.get(hashAt(0))).toBe(1);
    expect(lists.get(hashAt(count - 1))).toBe(1);
    expect(lists.get(hashAt(1))).toBe(2);
    expect(db.prepare('SELECT count(*) FROM suppression').pluck().get()).toBe(count);
  });

  it('catching up on 150,000 opt-outs of an import yields to the event loop after each row of them', async () => {
    const { db } = await customers();
    const total = 150_000;
    batchOf(db, Array.from({ length: total }, hash));
    const rows = total / LIMITS.suppressionBatchChanges;

    const pending = new PendingSuppression(db);
    const seen = [pending.size];
    let done = false;
    const tick = () => {
      seen.push(pending.size);
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    await pending.catchUp();
    done = true;
    seen.push(pending.size);

    expect(pending.size).toBe(total);
    // Between two turns of the event loop, at most one row of an import was read.
    const steps = seen.slice(1).map((n, i) => n - seen[i]!);
    expect(Math.max(...steps)).toBeLessThanOrEqual(LIMITS.suppressionBatchChanges);
    expect(steps.filter((n) => n > 0).length).toBeGreaterThanOrEqual(rows);
  });

  it('finds the waiting rows through their own index, without walking the other unsent rows of the outbox', async () => {
    const { db } = await customers();
    db.transaction(() => {
      enqueueSuppression(db, { emailHmac: hash(), lists: 1, at: AT });
      for (let i = 0; i < 100; i++) queueRecord(db, `r${i}`);
    }).immediate();
    const run: string[] = [];
    watchStatements(db, (sql) => run.push(sql));
    const pending = new PendingSuppression(db);
    await pending.catchUp();
    expect(pending.ready()).toBe(true);

    const plans = [...new Set(run)].map((sql) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...Array<string>(sql.split('?').length - 1).fill('x')) as { detail: string }[]).map((p) => p.detail));
    expect(plans).toHaveLength(2);
    for (const plan of plans) {
      expect(plan).toHaveLength(1);
      expect(plan[0]).toMatch(/^SEARCH sync_outbox USING INDEX sqlite_autoindex_sync_outbox_1 \(id=\?\)$|^SCAN sync_outbox USING (COVERING )?INDEX sync_outbox_suppression_pending$/);
    }
  });
  it('begins no slice while a worker holds a write turn, so the main thread never waits for its lock inside SQLite', async () => {
    const store = await customers();
    const { db } = store;
    db.exec('CREATE TABLE scratch (i INTEGER NOT NULL) STRICT');
    // A slice begun during the turn fails at once instead of sleeping in the busy handler.
    db.pragma('busy_timeout = 0');
    const worker = openKeyed(store.file, store.keyHex);
    applyConnectionPragmas(worker);
    cleanup.db(worker);

    let turn: Promise<void> | null = null;
    const insert = db.prepare('INSERT INTO scratch (i) VALUES (?)');
    const count = 20_000;
    const apply = (i: number) => {
      insert.run(i);
      // After the first slice commits, a worker is granted a turn and holds the write lock for 100 ms.
      if (i === 0) {
        setImmediate(() => {
          worker.prepare('BEGIN IMMEDIATE').run();
          turn = new Promise<void>((resolve) =>
            setTimeout(() => {
              worker.prepare('COMMIT').run();
              turn = null;
              resolve();
            }, 100),
          );
        });
      }
    };
    let waits = 0;
    const storesFree = async () => {
      if (turn) waits++;
      while (turn) await turn;
    };
    await applyInSlices(db, { count, apply, finish: () => undefined }, storesFree);
    expect(waits).toBe(1);
    expect(db.prepare('SELECT count(*) FROM scratch').pluck().get()).toBe(count);
  });
});

describe('a batch of opt-outs', () => {
  it('queues each hash once, with every list added to it, in the order first added, whether the hashes come rising or not', async () => {
    const { db } = await customers();
    const [h0, h1, h2, h3] = Array.from({ length: 4 }, hash).sort();
    db.transaction(() => {
      const b = new SuppressionBatch(AT);
      // Rising, with a repeat next to its first; then a repeat further back, a lower hash, and the same hash again.
      for (const [h, lists] of [[h1, 1], [h1, 2], [h2, 1], [h3, 4], [h2, 2], [h0, 1], [h3, 1], [h0, 1]] as const) b.add(h!, lists, AT);
      expect(() => b.add(h1!, 1, '2026-01-02T00:00:00.000Z')).toThrow(/suppression batch of/);
      b.enqueue(db);
      // Emptied by enqueue: a second enqueue in the same transaction queues nothing more.
      b.enqueue(db);
    }).immediate();
    const payloads = db.prepare("SELECT payload FROM sync_outbox WHERE kind = 'suppression'").pluck().all() as string[];
    expect(payloads.map((p) => JSON.parse(p) as unknown)).toEqual([{ at: AT, changes: [[h1, 3], [h2, 3], [h3, 5], [h0, 1]] }]);
  });
});
