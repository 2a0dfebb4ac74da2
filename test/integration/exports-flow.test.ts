import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SaveDialogOptions } from '../../src/main/context';
import { beginsWithTrigger, decodeCell } from '../../src/main/exports/neutralise';
import { unescapeXlsxText } from '../../src/main/exports/xlsx-text';
import type { EventDetail } from '../../src/shared/contract/events';
import type { ExportJobResult, StartExportResult } from '../../src/shared/contract/exports';
import type { JobStatus } from '../../src/shared/contract/jobs';
import { startCore, tempDir, withStaff, type TestCore } from '../support/core';
import { makeSurveyEvent, sampleEntries, seedEntries } from './exports-support';

let t: TestCore;
let outDir: string;
/** What the fake native save dialog answers next; null is "Cancel". */
let dialogAnswer: string | null = null;
const dialogCalls: SaveDialogOptions[] = [];

beforeEach(async () => {
  outDir = tempDir('ixo-exports-out-');
  dialogCalls.length = 0;
  t = await startCore({
    dialogs: {
      chooseSavePath: async (opts) => {
        dialogCalls.push(opts);
        return dialogAnswer;
      },
    },
  });
  await withStaff(t, ['manager', 'office_staff', 'booth_staff', 'customer_service']);
});

afterEach(async () => {
  await t.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

const PURPOSE = 'Prize draw for the Slush 2026 contest';

async function runExport(input: Parameters<TestCore['must']>[2] & object, file: string): Promise<{ started: StartExportResult; status: JobStatus }> {
  dialogAnswer = path.join(outDir, file);
  const started = await t.must('manager', 'exports.start', input as never);
  if (!started.started) throw new Error('export did not start');
  const status = await waitJob(started.job.id);
  return { started, status };
}

async function waitJob(id: string): Promise<JobStatus> {
  for (;;) {
    const s = await t.must('manager', 'jobs.get', { id });
    if (s.state === 'failed') console.error(`job failed: ${s.error}`);
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

function exportAudits() {
  return t.core.stores!.customers.prepare("SELECT * FROM audit_log WHERE action LIKE 'export.%' ORDER BY seq").all() as { action: string; actor_id: number; subject_type: string | null; subject_id: string | null; details: string }[];
}

/** The expected sheet, computed from the database independently of the export code. */
function expectedEntries(ev: EventDetail): { header: string[]; rows: (string | number | null)[][] } {
  const rows = t.core.stores!.contests.prepare('SELECT * FROM entries WHERE event_id = ? ORDER BY id').all(ev.id) as Record<string, string | number | null>[];
  const header = ['Entry ID', 'Captured at (UTC)', 'Name', 'Email', 'Phone', 'Address', 'Title', 'Company', 'Marketing consent', 'Possible duplicate of', ...ev.questions.map((q) => q.prompt)];
  return {
    header,
    rows: rows.map((r) => {
      const answers = JSON.parse(r['answers'] as string) as Record<string, unknown>;
      return [
        r['uuid']!,
        r['captured_at']!,
        r['name']!,
        r['email']!,
        r['phone']!,
        r['address']!,
        r['title']!,
        r['company']!,
        r['marketing_consent'] === 1 ? 'yes' : 'no',
        r['duplicate_of'] ?? null,
        ...ev.questions.map((q) => {
          const a = answers[`q${q.id}`];
          if (a === undefined || a === null) return null;
          return Array.isArray(a) ? a.join('; ') : (a as string | number);
        }),
      ];
    }),
  };
}

const asText = (v: string | number | null) => (v === null ? '' : String(v));

describe('contest entry exports', () => {
  let ev: EventDetail;
  beforeEach(async () => {
    ev = await makeSurveyEvent(t);
    seedEntries(t.core.stores!.contests, ev, sampleEntries(ev, 600));
  });

  it('writes a CSV that csv-parse reads back equal to the database, and audits it without personal data', async () => {
    const { started, status } = await runExport({ format: 'csv', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } }, 'entries.csv');
    expect(status.state).toBe('done');
    expect(status.result as ExportJobResult).toMatchObject({ rows: 600, fileName: 'entries.csv' });
    expect(started.started && started.fileName).toBe('entries.csv');
    expect(dialogCalls[0]!.defaultName).toBe('entries-slush-2026-2026-11-18.csv');

    const bytes = fs.readFileSync(path.join(outDir, 'entries.csv'));
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    const text = bytes.toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const parsed = parse(bytes) as string[][];
    const expected = expectedEntries(ev);
    expect(parsed[0]).toEqual(expected.header);
    expect(parsed.slice(1).map((r) => r.map(decodeCell))).toEqual(expected.rows.map((r) => r.map(asText)));
    expect(parsed.flat().filter(beginsWithTrigger)).toEqual([]);
    // Hostile values were really there to neutralise.
    expect(expected.rows.flat().filter((v) => typeof v === 'string' && beginsWithTrigger(v)).length).toBeGreaterThan(50);

    const audits = exportAudits();
    expect(audits).toHaveLength(1);
    const a = audits[0]!;
    expect(a.action).toBe('export.contest_entries');
    expect(a.subject_type).toBe('event');
    expect(a.subject_id).toBe(String(ev.id));
    const details = JSON.parse(a.details) as Record<string, unknown>;
    expect(details).toEqual({ purpose: PURPOSE, kind: 'contest_entries', format: 'csv', filters: { kind: 'contest_entries', eventId: ev.id }, rows: 600, fileName: 'entries.csv' });
    expect(a.details).not.toMatch(/@example\.com|Entrant/);
    // No temporary file is left beside the export.
    expect(fs.readdirSync(outDir)).toEqual(['entries.csv']);
    expect((await t.must('manager', 'audit.verify', {})).ok).toBe(true);
  });

  it('writes a CSV with a byte order mark for Excel', async () => {
    const { status } = await runExport({ format: 'csv_bom', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } }, 'entries-excel.csv');
    expect(status.state).toBe('done');
    const bytes = fs.readFileSync(path.join(outDir, 'entries-excel.csv'));
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
    const parsed = parse(bytes, { bom: true }) as string[][];
    expect(parsed.slice(1).map((r) => r.map(decodeCell))).toEqual(expectedEntries(ev).rows.map((r) => r.map(asText)));
  });

  it('writes an XLSX that exceljs reopens equal to the database', async () => {
    const { status } = await runExport({ format: 'xlsx', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } }, 'entries.xlsx');
    expect(status.state).toBe('done');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(outDir, 'entries.xlsx'));
    const sheet = wb.worksheets[0]!;
    expect(sheet.name).toBe('Entries');
    const expected = expectedEntries(ev);
    const width = expected.header.length;
    const read: (string | number | null)[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const cells: (string | number | null)[] = [];
      for (let c = 1; c <= width; c++) {
        const v = row.getCell(c).value;
        if (v !== null && typeof v !== 'string' && typeof v !== 'number') throw new Error(`unexpected cell ${JSON.stringify(v)}`);
        cells.push(v);
      }
      read.push(cells);
    });
    const decode = (v: string | number | null) => (typeof v === 'string' ? decodeCell(unescapeXlsxText(v)) : v);
    expect(read[0]!.map(decode)).toEqual(expected.header);
    // Empty text and no value are the same empty cell in XLSX.
    const blankAsNull = (v: string | number | null) => (v === '' ? null : v);
    expect(read.slice(1).map((r) => r.map((v) => blankAsNull(decode(v))))).toEqual(expected.rows.map((r) => r.map(blankAsNull)));
    expect(read.flat().filter((v): v is string => typeof v === 'string' && beginsWithTrigger(v))).toEqual([]);
    expect(exportAudits().map((a) => a.action)).toEqual(['export.contest_entries']);
  });

  it('keeps nothing alive once the export is done', async () => {
    const ports = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    const before = ports();
    const { status } = await runExport({ format: 'csv', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } }, 'again.csv');
    expect(status.state).toBe('done');
    // A thread at a job shows as the MessagePort the runner listens on; once the job is done, the
    // thread waits for the next job unreferenced, and must not show.
    for (let i = 0; i < 100 && ports() > before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(ports()).toBe(before);
  });

  it('does nothing when the save dialog is cancelled', async () => {
    dialogAnswer = null;
    const r = await t.must('manager', 'exports.start', { format: 'csv', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } });
    expect(r).toEqual({ started: false });
    expect(exportAudits()).toEqual([]);
    expect(fs.readdirSync(outDir)).toEqual([]);
  });

  it('refuses roles without the export permission, a missing purpose and an unknown event', async () => {
    dialogAnswer = path.join(outDir, 'x.csv');
    for (const role of ['office_staff', 'booth_staff', 'customer_service', 'admin'] as const) {
      const r = await t.call(role, 'exports.start', { format: 'csv', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } });
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
    const noPurpose = await t.call('manager', 'exports.start', { format: 'csv', purpose: '  ', filters: { kind: 'contest_entries', eventId: ev.id } });
    expect(noPurpose.ok ? null : noPurpose.error.fields?.[0]?.path).toBe('purpose');
    const unknown = await t.call('manager', 'exports.start', { format: 'csv', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: 999_999 } });
    expect(unknown.ok ? null : unknown.error.code).toBe('not_found');
    expect(dialogCalls).toHaveLength(0);
    expect(exportAudits()).toEqual([]);
  });

  it("refuses to save into the app's data folder", async () => {
    dialogAnswer = path.join(t.dataDir, 'customers.db');
    const r = await t.call('manager', 'exports.start', { format: 'csv', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } });
    expect(r.ok ? null : r.error.code).toBe('invalid_input');
    expect(exportAudits()).toEqual([]);
  });

  it('marketing export holds only entrants with current consent who are not suppressed, one row per address', async () => {
    const db = t.core.stores!.contests;
    const base = sampleEntries(ev, 1).next().value!;
    seedEntries(db, ev, [
      // Said yes, then entered again and said no: the newer "no" wins.
      { ...base, email: 'changed@example.com', consent: true },
      { ...base, email: 'Changed@Example.com', consent: false },
      // Said no, then yes: one row.
      { ...base, email: 'later-yes@example.com', consent: false },
      { ...base, email: 'later-yes@example.com', consent: true },
    ]);
    // Two consenting entrants opted out of email marketing through the opt-out screen's channel.
    const optedOut = ['entrant1@example.com', 'ENTRANT2@example.com'];
    for (const email of optedOut) {
      await t.must('office_staff', 'optouts.process', { email, lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-25' });
    }
    // Another list's opt-out does not remove anyone from the marketing export.
    await t.must('office_staff', 'optouts.process', { email: 'entrant4@example.com', lists: ['call_detail_reports'], reason: 'email', requestedOn: '2026-11-25' });

    const { status } = await runExport({ format: 'csv', purpose: 'Newsletter to Slush visitors', filters: { kind: 'contest_marketing', eventId: ev.id } }, 'marketing.csv');
    expect(status.state).toBe('done');
    const parsed = (parse(fs.readFileSync(path.join(outDir, 'marketing.csv'))) as string[][]).map((r) => r.map(decodeCell));
    expect(parsed[0]).toEqual(['Entry ID', 'Name', 'Email', 'Phone', 'Address', 'Title', 'Company', 'Consent given at (UTC)', 'Consent notice version']);

    // Expected, from the database: newest entry per normalised address has consent, and the address is not suppressed.
    const all = db.prepare('SELECT id, uuid, email, email_norm, marketing_consent FROM entries WHERE event_id = ? ORDER BY id').all(ev.id) as { id: number; uuid: string; email: string; email_norm: string; marketing_consent: number }[];
    const newest = new Map<string, (typeof all)[number]>();
    for (const e of all) newest.set(e.email_norm, e);
    const suppressed = new Set(optedOut.map((e) => e.toLowerCase()));
    const expected = all
      .filter((e) => newest.get(e.email_norm) === e && e.marketing_consent === 1 && !suppressed.has(e.email_norm))
      .map((e) => e.uuid);
    expect(parsed.slice(1).map((r) => r[0])).toEqual(expected);
    const emails = parsed.slice(1).map((r) => r[2]!.toLowerCase());
    expect(emails).toContain('later-yes@example.com');
    expect(emails).not.toContain('changed@example.com');
    expect(emails).toContain('entrant4@example.com');
    for (const e of suppressed) expect(emails).not.toContain(e);
    expect(new Set(emails).size).toBe(emails.length);
    // Consent proof: when it was given and which notice version.
    expect(parsed.slice(1).every((r) => r[7]!.startsWith('2026-11-') && r[8] === String(ev.notice.en!.version))).toBe(true);
    expect(exportAudits().map((a) => a.action)).toEqual(['export.contest_marketing']);
  });
});

describe('cancelling an export', () => {
  it('leaves no file, no temporary file and no audit row', async () => {
    const ev = await makeSurveyEvent(t);
    seedEntries(t.core.stores!.contests, ev, sampleEntries(ev, 100_000));
    dialogAnswer = path.join(outDir, 'big.xlsx');
    const started = await t.must('manager', 'exports.start', { format: 'xlsx', purpose: PURPOSE, filters: { kind: 'contest_entries', eventId: ev.id } });
    if (!started.started) throw new Error('not started');
    // Wait until rows are being written, so the cancel lands mid-file.
    for (;;) {
      const s = await t.must('manager', 'jobs.get', { id: started.job.id });
      expect(s.state).toBe('running');
      if (s.progress > 0.05) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(fs.readdirSync(outDir).filter((f) => f.endsWith('.part'))).toHaveLength(1);
    // Another staff member cannot cancel it.
    expect((await t.call('office_staff', 'jobs.cancel', { id: started.job.id })).ok).toBe(false);
    await t.must('manager', 'jobs.cancel', { id: started.job.id });
    const final = await waitJob(started.job.id);
    expect(final.state).toBe('cancelled');
    // The main thread's clean-up runs on its next poll; wait for the folder to empty.
    for (let i = 0; i < 100 && fs.readdirSync(outDir).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fs.readdirSync(outDir)).toEqual([]);
    expect(exportAudits()).toEqual([]);
  }, 120_000);
});
