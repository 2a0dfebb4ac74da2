import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BenchFigure, BenchModule } from './types';
import { assertSides, benchDir, openEncrypted, openPlain } from './support/db';
import { signInAs, startBenchCore } from './support/core';
import { plainFigure, ratioFigure, timeFigure } from './support/figures';
import { summarize } from './support/stats';
import { interleaved, timeSync } from './support/timing';

/**
 * The foundation's figures: bulk insert, a durable single-row write through dispatch, and an
 * indexed lookup, each beside plain better-sqlite3 (no key, same connection pragmas) in this run.
 */

const SCHEMA = `
  CREATE TABLE person (
    id         INTEGER PRIMARY KEY,
    uuid       TEXT NOT NULL,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    points     INTEGER NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX person_email ON person(email);
`;

type PersonRow = [string, string, string, number, string];

function makeRows(n: number): PersonRow[] {
  const rows: PersonRow[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const hex = i.toString(16).padStart(8, '0');
    rows[i] = [`${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`, `Person ${i} Example`, `person${i}@example.test`, i % 1000, '2026-11-26T09:00:00.000Z'];
  }
  return rows;
}

/** 100k rows (10k quick) into one table in one transaction; returns the elapsed time. */
function bulkInsert(db: Database, rows: readonly PersonRow[]): number {
  db.exec(SCHEMA);
  const insert = db.prepare('INSERT INTO person (uuid, name, email, points, created_at) VALUES (?, ?, ?, ?, ?)');
  const load = db.transaction((rs: readonly PersonRow[]) => {
    for (const r of rs) insert.run(r[0], r[1], r[2], r[3], r[4]);
  });
  return timeSync(() => load.immediate(rows));
}

const median = (xs: number[]) => summarize(xs).p50;

async function benchBulk(quick: boolean, log: (l: string) => void) {
  const n = quick ? 10_000 : 100_000;
  const reps = quick ? 1 : 5;
  const rows = makeRows(n);
  const plainTimes: number[] = [];
  const encTimes: number[] = [];
  let kept: { plain: Database; encrypted: Database } | null = null;
  // Alternate sides, fresh files each repetition; the last pair is kept for the lookups.
  for (let r = 0; r < reps; r++) {
    const dir = benchDir();
    const plain = openPlain(path.join(dir, 'plain.db'));
    const encrypted = openEncrypted(path.join(dir, 'encrypted.db'));
    if (r % 2 === 0) {
      plainTimes.push(bulkInsert(plain, rows));
      encTimes.push(bulkInsert(encrypted, rows));
    } else {
      encTimes.push(bulkInsert(encrypted, rows));
      plainTimes.push(bulkInsert(plain, rows));
    }
    assertSides(path.join(dir, 'plain.db'), path.join(dir, 'encrypted.db'));
    log(`bulk insert ${n} rows, rep ${r + 1}: plain ${plainTimes[r]!.toFixed(1)} ms, encrypted ${encTimes[r]!.toFixed(1)} ms`);
    if (kept) {
      kept.plain.close();
      kept.encrypted.close();
    }
    kept = { plain, encrypted };
  }
  // The ratio is the median of the per-pair ratios: each pair ran back to back, so a burst of load
  // from other processes tends to slow both sides of one pair rather than one side of the median.
  const ratio = median(encTimes.map((e, i) => e / plainTimes[i]!));
  return { n, reps, ratio, plain: median(plainTimes), encrypted: median(encTimes), dbs: kept! };
}

async function benchLookup(dbs: { plain: Database; encrypted: Database }, n: number, quick: boolean) {
  const iterations = quick ? 2_000 : 20_000;
  const sql = 'SELECT id, uuid, name, email, points FROM person WHERE email = ?';
  const qp = dbs.plain.prepare(sql);
  const qe = dbs.encrypted.prepare(sql);
  // A fixed pseudo-random walk over existing keys, the same sequence on both sides.
  const key = (i: number) => `person${(i * 7919 + 13) % n}@example.test`;
  const check = (row: unknown) => {
    if (!row) throw new Error('lookup found nothing');
  };
  const s = await interleaved(
    { warmup: 500, iterations, rounds: 10 },
    (i) => check(qe.get(key(i))),
    (i) => check(qp.get(key(i))),
  );
  return { encrypted: summarize(s.a), plain: summarize(s.b) };
}

async function benchCommit(quick: boolean, log: (l: string) => void) {
  const iterations = quick ? 300 : 2_000;
  const warmup = quick ? 50 : 200;
  const b = await startBenchCore();
  try {
    const member = await signInAs(b, 'bench-clerk', 'office_staff');
    const roles = ['office_staff', 'billing_clerk'] as const;

    // The plain baseline: a raw single-row insert with a prepared statement, autocommit (one
    // durable transaction per row), WAL and synchronous=FULL.
    const dir = benchDir();
    const plain = openPlain(path.join(dir, 'plain-commit.db'));
    plain.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT NOT NULL, v TEXT NOT NULL) STRICT');
    const ins = plain.prepare('INSERT INTO t (at, v) VALUES (?, ?)');
    // The same raw insert into an encrypted file, to tell encryption apart from app code.
    const enc = openEncrypted(path.join(dir, 'encrypted-commit.db'));
    enc.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, at TEXT NOT NULL, v TEXT NOT NULL) STRICT');
    const insEnc = enc.prepare('INSERT INTO t (at, v) VALUES (?, ?)');
    assertSides(path.join(dir, 'plain-commit.db'), path.join(dir, 'encrypted-commit.db'));

    try {
      const viaDispatch = (i: number) => b.must('admin', 'staff.setRole', { id: member.id, role: roles[(i + 1) % 2]! });
      const s = await interleaved(
        { warmup, iterations, rounds: 20, yieldBetween: true },
        viaDispatch,
        (i) => ins.run(new Date().toISOString(), `row ${i}`),
      );
      const raw = await interleaved(
        { warmup, iterations: Math.min(iterations, 1_000), rounds: 10, yieldBetween: true },
        (i) => insEnc.run(new Date().toISOString(), `row ${i}`),
        (i) => ins.run(new Date().toISOString(), `row ${i}`),
      );
      const audit = b.core.stores!.customers.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'staff.set_role'").get() as { n: number };
      if (audit.n < warmup + iterations) throw new Error(`expected at least ${warmup + iterations} staff.set_role audit rows, found ${audit.n}`);
      log(`commit through dispatch: ${JSON.stringify(roundAll(summarize(s.a)))}`);
      log(`plain single-row insert: ${JSON.stringify(roundAll(summarize(s.b)))}`);
      log(`raw encrypted single-row insert: ${JSON.stringify(roundAll(summarize(raw.a)))}`);
      return { dispatch: summarize(s.a), plain: summarize(s.b), rawEncrypted: summarize(raw.a), rawPlain: summarize(raw.b) };
    } finally {
      plain.close();
      enc.close();
    }
  } finally {
    await b.close();
  }
}

const roundAll = (o: object) => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Math.round(v * 10_000) / 10_000 : v]));

const foundation: BenchModule = {
  title: 'Foundation: encrypted store and dispatch',
  async run({ quick, log }) {
    const bulk = await benchBulk(quick, log);
    const lookup = await benchLookup(bulk.dbs, bulk.n, quick);
    bulk.dbs.plain.close();
    bulk.dbs.encrypted.close();
    const commit = await benchCommit(quick, log);

    const figures: BenchFigure[] = [
      ratioFigure('bulk_insert_ratio', bulk.ratio, 1, {
        target: { op: '<=', value: 1.25 },
        note: `${bulk.n} rows in one transaction, encrypted time over plain time: median of ${bulk.reps} back-to-back pairs, fresh files each`,
      }),
      timeFigure('bulk_insert_encrypted_ms', bulk.encrypted, { label: 'plain', value: bulk.plain }),
      plainFigure('bulk_insert_plain_ms', bulk.plain),
      timeFigure('commit_p50_ms', commit.dispatch.p50, { label: 'plain insert p50', value: commit.plain.p50 }, {
        note: 'staff.setRole through dispatch (session, permission, zod, staff row update + audit row in one durable transaction)',
      }),
      timeFigure('commit_p99_ms', commit.dispatch.p99, { label: 'plain insert p99', value: commit.plain.p99 }, { target: { op: '<=', value: 1 } }),
      ratioFigure('commit_ratio', commit.dispatch.p99, commit.plain.p99, {
        target: { op: '<=', value: 3 },
        note: 'commit_p99_ms over the p99 of a raw plain single-row insert (prepared, autocommit, WAL, synchronous=FULL), interleaved in the same run',
      }),
      plainFigure('commit_plain_p50_ms', commit.plain.p50),
      plainFigure('commit_plain_p99_ms', commit.plain.p99),
      timeFigure('commit_raw_encrypted_p99_ms', commit.rawEncrypted.p99, { label: 'plain insert p99', value: commit.rawPlain.p99 }, {
        note: 'the same raw insert into an encrypted file, no app code: the cost of encryption alone',
      }),
      timeFigure('lookup_p50_ms', lookup.encrypted.p50, { label: 'plain p50', value: lookup.plain.p50 }),
      timeFigure('lookup_p99_ms', lookup.encrypted.p99, { label: 'plain p99', value: lookup.plain.p99 }, {
        note: `point lookup on an indexed column among ${bulk.n} rows, encrypted store opened like the app's`,
      }),
      plainFigure('lookup_plain_p99_ms', lookup.plain.p99),
    ];
    return figures;
  },
};

export default foundation;
