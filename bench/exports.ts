import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { BenchFigure, BenchModule } from './types';
import type { ExportJobResult, ExportFormat } from '../src/shared/contract/exports';
import type { JobStatus } from '../src/shared/contract/jobs';
import { benchDir, openPlain } from './support/db';
import { BENCH_PASSWORD, builtWorkerEntry, signInAs, startBenchCore, type BenchCore } from './support/core';
import { round } from './support/stats';

/**
 * Figures, with 1M contest entries of one event (10 entrant columns + 4 survey answers).
 *
 * export_csv_rows_per_s / export_xlsx_rows_per_s: rows over the wall time of the whole real path,
 * measured from the exports.start call through dispatch (permission, zod, kind check, native save
 * dialog answered at once by the bench) until jobs.get reports done: the worker thread starting
 * (the built worker bundle, as the app runs it),
 * its own read-only encrypted connection, the query, formula neutralisation, CSV quoting or the
 * exceljs streaming writer, fsync, then on the main thread the audit row and the rename into place.
 * Baseline, in the same run: plain better-sqlite3 on an unencrypted copy of the same rows,
 * iterate() + a naive join(',') (no quoting, no neutralisation) written to a file (CSV), and the
 * bare exceljs streaming writer fed those rows with no back-pressure (XLSX), both on the main thread.
 *
 * export_csv_ratio: export_csv_rows_per_s over its plain baseline, from the same run.
 *
 * export_rss_growth_mb: peak resident set size of the process (main thread + worker) sampled every
 * 10 ms during each export, minus the RSS just before it started; the larger of the CSV and XLSX
 * runs. Baseline: the same figure for the naive XLSX baseline (no back-pressure).
 */

const COLUMNS = 'uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent, duplicate_of';

function entryRow(i: number, eventId: number, rulesId: number, noticeId: number, q: number[]): unknown[] {
  const day = 18 + (i % 3);
  const at = `2026-11-${day}T${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`;
  const email = `entrant${i}@example.com`;
  const phone = `+358 40 ${String(1_000_000 + (i % 9_000_000))}`;
  // A few hostile values, as real free text has them now and then.
  const name = i % 101 === 0 ? `=HYPERLINK("http://x/${i}")` : `Entrant Number ${i}`;
  return [
    `0190a1b2-c3d4-7e5f-8a9b-${String(i).padStart(12, '0')}`,
    eventId,
    at,
    `${at.slice(0, 10)} ${at.slice(11, 13)}`,
    1,
    'bench-kiosk',
    name,
    email,
    email,
    phone,
    phone.replace(/\D/g, ''),
    i % 4 === 0 ? `Street ${i}\n00100 Helsinki` : `Road ${i % 500}, 02100 Espoo`,
    i % 9 === 0 ? '-Head of IT-' : 'Engineer',
    `Company ${i % 1000} Oy`,
    JSON.stringify({ [`q${q[0]}`]: i % 2 ? `Saw the talk, ${i % 7}` : null, [`q${q[1]}`]: ['1-10', '11-50', '51+'][i % 3], [`q${q[2]}`]: ['Calls', 'Reports'].slice(0, 1 + (i % 2)), [`q${q[3]}`]: 1 + (i % 5) }),
    rulesId,
    noticeId,
    i % 3 === 0 ? 0 : 1,
    null,
  ];
}

function seed(db: Database, n: number, eventId: number, rulesId: number, noticeId: number, q: number[]): void {
  const insert = db.prepare(`INSERT INTO entries (${COLUMNS}) VALUES (${COLUMNS.split(',').map(() => '?').join(',')})`);
  db.transaction(() => {
    for (let i = 0; i < n; i++) insert.run(...entryRow(i, eventId, rulesId, noticeId, q));
  }).immediate();
}

/** Samples RSS every 10 ms while `run` is in flight; returns its result and the peak growth in MB. */
async function withRss<T>(run: () => Promise<T>): Promise<{ value: T; growthMb: number; ms: number }> {
  if (global.gc) global.gc();
  const before = process.memoryUsage.rss();
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 10);
  const t0 = performance.now();
  try {
    const value = await run();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { value, growthMb: (peak - before) / 1e6, ms: performance.now() - t0 };
  } finally {
    clearInterval(timer);
  }
}

async function appExport(b: BenchCore, conn: string, eventId: number, format: ExportFormat): Promise<ExportJobResult> {
  const started = await b.must(conn, 'exports.start', { format, purpose: 'Benchmark of the export path', filters: { kind: 'contest_entries', eventId } });
  if (!started.started) throw new Error('the export did not start');
  let status: JobStatus = started.job;
  while (status.state === 'running') {
    await new Promise((r) => setTimeout(r, 5));
    status = await b.must(conn, 'jobs.get', { id: started.job.id });
  }
  if (status.state !== 'done') throw new Error(`export ${status.state}: ${status.error ?? ''}`);
  return status.result as ExportJobResult;
}

/** Plain baseline: iterate + naive join, buffered writes to a file. */
function naiveCsv(db: Database, file: string): number {
  const fd = fs.openSync(file, 'w');
  let buf = '';
  let rows = 0;
  for (const row of db.prepare('SELECT uuid, captured_at, name, email, phone, address, title, company, marketing_consent, duplicate_of, answers FROM entries ORDER BY id').raw(true).iterate() as Iterable<unknown[]>) {
    buf += `${row.join(',')}\n`;
    rows++;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return rows;
}

/** Plain baseline: the bare exceljs streaming writer, no neutralisation and no back-pressure. */
async function naiveXlsx(db: Database, file: string): Promise<number> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: false, useSharedStrings: false });
  const ws = wb.addWorksheet('Entries');
  let rows = 0;
  for (const row of db.prepare('SELECT uuid, captured_at, name, email, phone, address, title, company, marketing_consent, duplicate_of, answers FROM entries ORDER BY id').raw(true).iterate() as Iterable<(string | number | null)[]>) {
    ws.addRow(row).commit();
    rows++;
  }
  ws.commit();
  await wb.commit();
  return rows;
}

const exportsBench: BenchModule = {
  title: 'Exports',
  async run({ quick, log }) {
    const n = quick ? 100_000 : 1_000_000;
    const out = benchDir('ixo-bench-exports-out-');
    let next = '';
    const b = await startBenchCore({ workerEntry: builtWorkerEntry(), dialogs: { chooseSavePath: async () => next } });
    const plainDir = benchDir('ixo-bench-exports-plain-');
    const plain = openPlain(path.join(plainDir, 'entries-plain.db'));
    try {
      const manager = await signInAs(b, 'bench-manager', 'manager');
      const ev = await b.must(manager.conn, 'events.create', {
        name: 'Bench Expo',
        startsOn: '2026-11-18',
        endsOn: '2026-11-20',
        location: 'Helsinki',
        acceptDuplicates: true,
        rulesText: { fi: 'One entry per person.', en: 'One entry per person.' },
        noticeText: { fi: 'We may email you.', en: 'We may email you.' },
      });
      const withSurvey = await b.must(manager.conn, 'events.setSurvey', {
        eventId: ev.id,
        questions: [
          { kind: 'text', prompt: 'What brought you here?', options: [], required: false },
          { kind: 'single', prompt: 'Team size', options: ['1-10', '11-50', '51+'], required: false },
          { kind: 'multiple', prompt: 'Interests', options: ['Calls', 'Reports'], required: false },
          { kind: 'rating', prompt: 'Recommend us?', options: [], required: false },
        ],
      });
      const q = withSurvey.questions.map((x) => x.id);
      log(`seeding ${n.toLocaleString('en')} entries (encrypted store and plain copy)…`);
      seed(b.core.stores!.contests, n, ev.id, ev.rules.en!.id, ev.notice.en!.id, q);
      plain.exec(`CREATE TABLE entries (id INTEGER PRIMARY KEY, ${COLUMNS.split(',').map((c) => `${c.trim()} ANY`).join(', ')}) STRICT`);
      seed(plain, n, ev.id, ev.rules.en!.id, ev.notice.en!.id, q);
      b.core.stores!.contests.pragma('wal_checkpoint(TRUNCATE)');
      plain.pragma('wal_checkpoint(TRUNCATE)');
      // Seeding a million rows on a busy machine can outlast the idle lock.
      await b.must(manager.conn, 'auth.signIn', { username: 'bench-manager', password: BENCH_PASSWORD });

      const figures: BenchFigure[] = [];
      const run = async (format: ExportFormat) => {
        next = path.join(out, `entries-${format}.${format === 'xlsx' ? 'xlsx' : 'csv'}`);
        const r = await withRss(() => appExport(b, manager.conn, ev.id, format));
        if (r.value.rows !== n) throw new Error(`exported ${r.value.rows} rows, expected ${n}`);
        log(`${format}: ${n} rows in ${round(r.ms)} ms, ${round(r.value.bytes / 1e6)} MB, RSS +${round(r.growthMb)} MB`);
        fs.rmSync(next);
        return r;
      };

      // The app's runs go before the naive XLSX baseline: that one bloats the heap, and memory a
      // process has already grown into would hide growth of a later run.
      const csv = await run('csv');
      const baseCsv = await withRss(async () => naiveCsv(plain, path.join(out, 'naive.csv')));
      const xlsx = await run('xlsx');
      const baseXlsx = await withRss(() => naiveXlsx(plain, path.join(out, 'naive.xlsx')));
      log(`baselines: csv ${round(baseCsv.ms)} ms (RSS +${round(baseCsv.growthMb)} MB), xlsx ${round(baseXlsx.ms)} ms (RSS +${round(baseXlsx.growthMb)} MB)`);

      const rps = (ms: number) => round((n / ms) * 1000, 0);
      figures.push({
        key: 'export_csv_rows_per_s',
        value: rps(csv.ms),
        unit: 'rows/s',
        baseline: { label: 'plain iterate + join to file', value: rps(baseCsv.ms) },
        target: { op: '>=', value: 300_000 },
        note: `${n.toLocaleString('en')} entries, whole path through dispatch, worker, fsync, audit and rename`,
      });
      figures.push({
        key: 'export_csv_ratio',
        value: round(rps(csv.ms) / rps(baseCsv.ms), 3),
        unit: 'x',
        target: { op: '>=', value: 0.85 },
        note: 'export_csv_rows_per_s over its baseline (plain iterate + join to file), same run',
      });
      figures.push({
        key: 'export_xlsx_rows_per_s',
        value: rps(xlsx.ms),
        unit: 'rows/s',
        baseline: { label: 'bare exceljs stream writer', value: rps(baseXlsx.ms) },
        target: { op: '>=', value: 50_000 },
      });
      figures.push({
        key: 'export_rss_growth_mb',
        value: round(Math.max(csv.growthMb, xlsx.growthMb), 1),
        unit: 'MB',
        baseline: { label: 'bare exceljs, no back-pressure', value: round(baseXlsx.growthMb, 1) },
        target: { op: '<=', value: 150 },
        note: `csv +${round(csv.growthMb, 1)} MB, xlsx +${round(xlsx.growthMb, 1)} MB`,
      });
      return figures;
    } finally {
      plain.close();
      await b.close();
    }
  },
};

export default exportsBench;
