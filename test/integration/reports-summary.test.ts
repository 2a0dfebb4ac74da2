import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3-multiple-ciphers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../../src/main/reports/queries';
import type { ReportData } from '../../src/shared/contract/reports';
import type { JobStatus } from '../../src/shared/contract/jobs';
import { manualClock, startCore, tempDir, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { makeSurveyEvent, sampleEntries, seedEntries, registerCustomer } from './exports-support';

// Reports count by the local calendar day; run in a zone where UTC and local days differ at night.
process.env['TZ'] = 'Europe/Helsinki';

let t: TestCore;
let outDir: string;
let dialogAnswer: string | null = null;
const clock = manualClock(new Date('2026-10-20T12:00:00Z'));
const RANGE = { from: '2026-11-01', to: '2026-11-10' };
const HOUR = 3_600_000;

async function waitJob(conn: string, id: string): Promise<JobStatus> {
  for (;;) {
    const s = await t.must(conn, 'jobs.get', { id });
    if (s.state !== 'running') return s;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function report(range = RANGE): Promise<ReportData> {
  const job = await t.must('manager', 'reports.summary', range);
  const done = await waitJob('manager', job.id);
  if (done.state !== 'done') throw new Error(`report ${done.state}: ${done.error}`);
  return done.result as ReportData;
}

const register = (name: string, email: string, productId: number, marketing = false) => registerCustomer(t, name, email, productId, marketing);

/** Moves the clock; sessions lock after idle time, so every connection unlocks again. */
async function advanceTo(iso: string): Promise<void> {
  clock.advance(Date.parse(iso) - clock.now().getTime());
  for (const conn of ['admin', 'manager', 'office_staff', 'booth_staff']) await t.must(conn, 'auth.unlock', { password: TEST_PASSWORD });
}

beforeAll(async () => {
  outDir = tempDir('ixo-reports-out-');
  t = await startCore({ clock, dialogs: { chooseSavePath: async () => dialogAnswer } });
  await withStaff(t, ['manager', 'office_staff', 'booth_staff']);
  const pro = (await t.must('admin', 'products.create', { name: 'Call Pro' })).id;
  const lite = (await t.must('admin', 'products.create', { name: 'Call Lite' })).id;

  await register('Eve Early', 'eve@example.com', pro); // 20 Oct: before the range
  await advanceTo('2026-11-02T12:00:00Z');
  await register('Ann A', 'ann@example.com', pro, true);
  await register('Ben B', 'ben@example.com', lite);
  await advanceTo('2026-11-02T23:30:00Z'); // 01:30 on 3 Nov in Helsinki
  await register('Cai C', 'cai@example.com', pro);
  await advanceTo('2026-11-05T12:00:00Z');
  await register('Dan D', 'dan@example.com', pro);

  await advanceTo('2026-11-07T10:00:00Z');
  const optOut = (email: string, lists: string[], reason: string, requestedOn: string, confirmCancellation = false) =>
    t.must('office_staff', 'optouts.process', { email, lists: lists as never, reason: reason as never, requestedOn, confirmCancellation });
  await optOut('ann@example.com', ['email_marketing'], 'email', '2026-11-06');
  await optOut('ben@example.com', ['call_detail_reports'], 'phone', '2026-11-04');
  await optOut('dan@example.com', ['technical_advisories'], 'web_form', '2026-11-07', true);
  await optOut('nobody@example.com', ['email_marketing'], 'bounce', '2026-11-07');
  await optOut('eve@example.com', ['call_detail_reports'], 'email', '2026-10-25'); // before the range

  const scripts = await t.must('office_staff', 'leads.scripts', {});
  for (const name of ['Lea Lead', 'Leo Lead']) {
    await t.must('office_staff', 'leads.create', {
      name,
      phone: '+358 40 765 4321',
      email: `${name.split(' ')[0]!.toLowerCase()}@example.com`,
      company: 'Prospect Oy',
      notes: '',
      permission: {
        obtainedBySelf: true,
        obtainedAt: '2026-11-07T09:00:00Z',
        method: 'call',
        scriptVersion: scripts[0]!.version,
        prospectConfirmed: true,
        confirmation: 'Yes, you may register me.',
      },
    });
  }

  const ev = await makeSurveyEvent(t, 'Tech Fair');
  const base = sampleEntries(ev, 1).next().value!;
  seedEntries(t.core.stores!.contests, ev, [
    { ...base, email: 'e1@example.com', capturedAt: '2026-11-03T08:00:00.000Z', consent: true },
    { ...base, email: 'e2@example.com', capturedAt: '2026-11-03T09:00:00.000Z', consent: true },
    { ...base, email: 'e3@example.com', capturedAt: '2026-11-03T10:00:00.000Z', consent: false },
    { ...base, email: 'e4@example.com', capturedAt: '2026-11-04T08:00:00.000Z', consent: false },
    { ...base, email: 'e5@example.com', capturedAt: '2026-11-04T11:00:00.000Z', consent: false },
    { ...base, email: 'e6@example.com', capturedAt: '2026-10-30T11:00:00.000Z', consent: true }, // before the range
  ]);
  await advanceTo(new Date(clock.now().getTime() + HOUR).toISOString());
}, 120_000);

afterAll(async () => {
  await t.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('reports summary', () => {
  it('counts registrations per product by local day, with a point for every day', async () => {
    const r = await report();
    expect(r.granularity).toBe('day');
    expect(r.registrations.available).toBe(true);
    expect(r.registrations.total).toBe(4);
    expect(r.registrations.byProduct).toEqual([
      { product: 'Call Lite', count: 1 },
      { product: 'Call Pro', count: 3 },
    ]);
    expect(r.registrations.series.map((s) => s.period)).toEqual(Array.from({ length: 10 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`));
    const on = (day: string) => r.registrations.series.find((s) => s.period === day)!.counts;
    expect(on('2026-11-02')).toEqual({ 'Call Lite': 1, 'Call Pro': 1 });
    // 23:30 UTC on 2 Nov is 3 Nov in Helsinki.
    expect(on('2026-11-03')).toEqual({ 'Call Lite': 0, 'Call Pro': 1 });
    expect(on('2026-11-05')).toEqual({ 'Call Lite': 0, 'Call Pro': 1 });
  });

  it('counts opt-outs per list and reason, cascades apart, and cancellations', async () => {
    const r = await report();
    const db = t.core.stores!.customers;
    expect(r.optouts.byListReason).toEqual([
      { list: 'technical_advisories', reason: 'web_form', count: 1 },
      { list: 'call_detail_reports', reason: 'phone', count: 1 },
      { list: 'email_marketing', reason: 'email', count: 1 },
    ]);
    expect(r.optouts.total).toBe(3);
    const cascaded = (db.prepare("SELECT count(*) AS n FROM consent_events WHERE cause = 'account_cancelled' AND requested_on BETWEEN ? AND ?").get(RANGE.from, RANGE.to) as { n: number }).n;
    expect(cascaded).toBeGreaterThan(0);
    expect(r.optouts.becauseCancelled).toBe(cascaded);
    // Ann, Ben, Dan's lists and the address without an account; Eve's October opt-out is outside.
    expect(r.optouts.suppressed).toBeGreaterThanOrEqual(4);
    expect(r.optouts.suppressed).toBe((db.prepare("SELECT count(*) AS n FROM suppression WHERE created_at >= '2026-11-01'").get() as { n: number }).n);

    expect(r.cancellations.total).toBe(1);
    expect(r.cancellations.byReason).toEqual([{ reason: 'web_form', count: 1 }]);
    expect(r.cancellations.series.filter((s) => s.count > 0)).toEqual([{ period: '2026-11-07', count: 1 }]);
  });

  it('counts contest entries per event and day with the consent rate', async () => {
    const r = await report();
    expect(r.contests.entries).toBe(5);
    expect(r.contests.consented).toBe(2);
    expect(r.contests.consentRate).toBeCloseTo(0.4);
    expect(r.contests.events).toHaveLength(1);
    expect(r.contests.events[0]!.name).toBe('Tech Fair');
    expect(r.contests.events[0]!.days).toEqual([
      { day: '2026-11-03', entries: 3, consented: 2 },
      { day: '2026-11-04', entries: 2, consented: 0 },
    ]);
  });

  it('counts telemarketing leads', async () => {
    const r = await report();
    expect(r.leads.available).toBe(true);
    expect(r.leads.created).toBe(2);
    expect(r.leads.converted).toBe(0);
    expect(r.leads.openNow).toBe(2);
    expect(r.leads.byMethod).toEqual([{ method: 'call', count: 2 }]);
    expect(r.leads.series.find((s) => s.period === '2026-11-07')).toEqual({ period: '2026-11-07', created: 2, converted: 0 });
  });

  it('uses weeks and months for longer periods', async () => {
    const weeks = await report({ from: '2026-09-01', to: '2026-12-31' });
    expect(weeks.granularity).toBe('week');
    // Weeks are named by their Monday; 2 Nov 2026 is a Monday, so 2, 3 and 5 Nov are one week and 20 Oct another.
    expect(weeks.registrations.series.find((s) => s.period === '2026-11-02')!.counts).toEqual({ 'Call Lite': 1, 'Call Pro': 3 });
    expect(weeks.registrations.series.find((s) => s.period === '2026-10-19')!.counts).toEqual({ 'Call Lite': 0, 'Call Pro': 1 });
    expect(weeks.registrations.series.every((s) => new Date(`${s.period}T00:00:00Z`).getUTCDay() === 1)).toBe(true);
    const months = await report({ from: '2025-06-01', to: '2026-12-31' });
    expect(months.granularity).toBe('month');
    expect(months.registrations.series.find((s) => s.period === '2026-10')!.counts['Call Pro']).toBe(1);
    expect(months.registrations.series.find((s) => s.period === '2026-11')!.counts['Call Pro']).toBe(3);
  });

  it('holds no personal data', async () => {
    const text = JSON.stringify(await report());
    for (const s of ['@example.com', 'Ann A', 'Lea Lead', 'Eve Early']) expect(text).not.toContain(s);
  });

  it('is for managers only and checks the range', async () => {
    for (const role of ['office_staff', 'booth_staff', 'admin'] as const) {
      const r = await t.call(role, 'reports.summary', RANGE);
      expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    }
    const backwards = await t.call('manager', 'reports.summary', { from: '2026-11-10', to: '2026-11-01' });
    expect(backwards.ok ? null : backwards.error.fields?.[0]?.path).toBe('to');
  });
});

/** The text drawn in a PDF written by pdfkit: inflates the content streams, decodes the hex strings of TJ operators. */
function pdfText(buf: Buffer): string {
  const raw = buf.toString('latin1');
  const out: string[] = [];
  const re = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    let content: string;
    try {
      content = zlib.inflateSync(buf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    for (const tj of content.matchAll(/\[(.*?)\]\s*TJ/g)) {
      out.push([...tj[1]!.matchAll(/<([0-9a-fA-F]+)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
    }
  }
  return out.join('\n');
}

describe('printable summary', () => {
  it('saves a PDF through the save dialog and audits it with its purpose', async () => {
    dialogAnswer = path.join(outDir, 'summary.pdf');
    const started = await t.must('manager', 'reports.pdf', { ...RANGE, purpose: 'Monthly board meeting pack' });
    if (!started.started) throw new Error('not started');
    const done = await waitJob('manager', started.job.id);
    expect(done.state).toBe('done');
    const buf = fs.readFileSync(dialogAnswer);
    expect(buf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(buf.subarray(-6).toString()).toContain('%%EOF');
    const text = pdfText(buf);
    for (const s of ['Summary report', 'Registrations per product', 'Call Pro', 'Opt-outs per list and reason', 'Tech Fair', 'Telemarketing leads', '40.0 %']) expect(text).toContain(s);
    expect(text).not.toContain('@example.com');
    expect(fs.readdirSync(outDir)).toEqual(['summary.pdf']);
    const audit = t.core.stores!.customers.prepare("SELECT * FROM audit_log WHERE action = 'export.report_summary'").all() as { details: string }[];
    expect(audit).toHaveLength(1);
    const details = JSON.parse(audit[0]!.details) as Record<string, unknown>;
    expect(details).toMatchObject({ purpose: 'Monthly board meeting pack', kind: 'report_summary', format: 'pdf', filters: RANGE, fileName: 'summary.pdf' });
    expect(details['rows']).toBeGreaterThan(5);
  });

  it('does nothing when the dialog is cancelled, and asks for a purpose', async () => {
    dialogAnswer = null;
    expect(await t.must('manager', 'reports.pdf', { ...RANGE, purpose: 'Board meeting pack' })).toEqual({ started: false });
    const noPurpose = await t.call('manager', 'reports.pdf', { ...RANGE, purpose: '' });
    expect(noPurpose.ok ? null : noPurpose.error.fields?.[0]?.path).toBe('purpose');
  });
});

describe('sections without their tables', () => {
  it('report "not available" instead of failing', () => {
    const a = new Database(':memory:');
    const b = new Database(':memory:');
    const r = buildReport(a, b, RANGE, '2026-11-26T09:00:00.000Z');
    expect([r.registrations, r.optouts, r.cancellations, r.contests, r.leads].map((s) => s.available)).toEqual([false, false, false, false, false]);
  });
});
