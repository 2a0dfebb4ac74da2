import fs from 'node:fs';
import path from 'node:path';
import { registerCustomer } from './exports-support';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCell } from '../../src/main/exports/neutralise';
import { addSuppression, emailHasher, SUPPRESSION_KEY_ACCOUNT } from '../../src/main/accounts/suppression';
import { LIST_BIT } from '../../src/shared/customers-lists';
import { markErased } from '../../src/main/accounts/accounts-repo';
import type { ExportJobResult } from '../../src/shared/contract/exports';
import type { JobStatus } from '../../src/shared/contract/jobs';
import { startCore, tempDir, withStaff, type TestCore } from '../support/core';

let t: TestCore;
let outDir: string;
let dialogAnswer: string | null = null;
const ids: Record<string, number> = {};
let pro = 0;

const register = (name: string, email: string, productId: number, marketing = false) => registerCustomer(t, name, email, productId, marketing);

async function exportCsv(filters: Record<string, unknown>, file: string): Promise<{ rows: string[][]; result: ExportJobResult }> {
  dialogAnswer = path.join(outDir, file);
  const started = await t.must('manager', 'exports.start', { format: 'csv', purpose: 'Quarterly customer review', filters: filters as never });
  if (!started.started) throw new Error('not started');
  let s: JobStatus = started.job;
  while (s.state === 'running') {
    await new Promise((r) => setTimeout(r, 20));
    s = await t.must('manager', 'jobs.get', { id: started.job.id });
  }
  if (s.state !== 'done') throw new Error(`export ${s.state}: ${s.error}`);
  const rows = (parse(fs.readFileSync(dialogAnswer)) as string[][]).map((r) => r.map(decodeCell));
  return { rows, result: s.result as ExportJobResult };
}

beforeAll(async () => {
  outDir = tempDir('ixo-exports-customers-');
  t = await startCore({ dialogs: { chooseSavePath: async () => dialogAnswer } });
  await withStaff(t, ['manager', 'office_staff', 'customer_service']);
  pro = (await t.must('admin', 'products.create', { name: 'Call Pro' })).id;
  const lite = (await t.must('admin', 'products.create', { name: 'Call Lite' })).id;
  ids['ann'] = await register('=Ann "Formula" A', 'ann@example.com', pro, true);
  ids['ben'] = await register('Ben B', 'ben@example.com', lite, true);
  ids['cai'] = await register('Cai C', 'cai@example.com', pro, false);
  ids['dan'] = await register('Dan D', 'dan@example.com', pro, true);
  ids['eve'] = await register('Eve E', 'eve@example.com', pro, true);
  // Ben leaves email marketing; Cai cancels (technical advisories); Dan is erased (data request).
  await t.must('office_staff', 'optouts.process', { email: 'ben@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-20' });
  await t.must('office_staff', 'optouts.process', { email: 'cai@example.com', lists: ['technical_advisories'], reason: 'phone', requestedOn: '2026-11-21', confirmCancellation: true });
  const db = t.core.stores!.customers;
  db.transaction(() => markErased(db, ids['dan']!, '2026-11-22T00:00:00Z')).immediate();
  // Eve is still subscribed, but her address is on the suppression list (say, a bounce recorded elsewhere):
  // the marketing export must leave her out anyway.
  const key = await t.vault.get(SUPPRESSION_KEY_ACCOUNT);
  db.transaction(() => addSuppression(db, emailHasher(key!)('EVE@example.com'), LIST_BIT.email_marketing, { reason: 'bounce', requestedOn: '2026-11-22', at: '2026-11-22T00:00:00Z', staffId: null })).immediate();
}, 60_000);

afterAll(async () => {
  await t.close();
  fs.rmSync(outDir, { recursive: true, force: true });
});

describe('customer exports', () => {
  it('accounts: every account but erased ones, with product, status and lists; no notes or billing', async () => {
    const { rows, result } = await exportCsv({ kind: 'accounts', status: 'all' }, 'accounts.csv');
    expect(rows[0]).toEqual(['Account ID', 'Name', 'Email', 'Product', 'Status', 'Registered at (UTC)', 'Cancelled at (UTC)', 'Technical advisories', 'Call detail reports', 'Email marketing']);
    const body = rows.slice(1);
    expect(result.rows).toBe(4);
    expect(body.map((r) => r[0])).toEqual([ids['ann'], ids['ben'], ids['cai'], ids['eve']].map(String));
    const ann = body[0]!;
    expect(ann.slice(1, 5)).toEqual(['=Ann "Formula" A', 'ann@example.com', 'Call Pro', 'active']);
    expect(ann.slice(7)).toEqual(['yes', 'yes', 'yes']);
    const cai = body[2]!;
    expect(cai[4]).toBe('cancelled');
    expect(cai[6]).not.toBe('');
    expect(cai[7]).toBe('no');
    const active = await exportCsv({ kind: 'accounts', status: 'active', productId: pro }, 'active-pro.csv');
    expect(active.rows.slice(1).map((r) => r[0])).toEqual([ids['ann'], ids['eve']].map(String));
  });

  it('marketing list: only active accounts subscribed now and not suppressed', async () => {
    const { rows } = await exportCsv({ kind: 'marketing_list' }, 'marketing.csv');
    expect(rows[0]).toEqual(['Account ID', 'Name', 'Email', 'Product', 'Subscribed since (UTC)', 'Consent notice version']);
    // Ann only: Ben left the list, Cai never joined and is cancelled, Dan is erased, Eve is suppressed.
    expect(rows.slice(1).map((r) => r[2])).toEqual(['ann@example.com']);
    expect(rows[1]![5]).not.toBe('');
  });

  it('opt-outs: lists left in the range, with reason and how', async () => {
    const { rows } = await exportCsv({ kind: 'optouts', from: '2026-11-01', to: '2026-11-30' }, 'optouts.csv');
    const body = rows.slice(1);
    const ben = body.filter((r) => r[0] === String(ids['ben']));
    expect(ben.map((r) => [r[3], r[4], r[5], r[6], r[7]])).toEqual([['Email marketing', 'Customer asked by email', 'Email request', 'no', '2026-11-20']]);
    const cai = body.filter((r) => r[0] === String(ids['cai']));
    expect(cai.find((r) => r[3] === 'Technical advisories')?.[6]).toBe('no');
    // The lists withdrawn because the account was cancelled are marked as such.
    expect(cai.filter((r) => r[6] === 'yes').length).toBeGreaterThan(0);
    const only = await exportCsv({ kind: 'optouts', from: '2026-11-21', to: '2026-11-21', list: 'technical_advisories' }, 'optouts-ta.csv');
    expect(only.rows.slice(1).map((r) => r[0])).toEqual([String(ids['cai'])]);
    const audits = t.core.stores!.customers.prepare("SELECT action, details FROM audit_log WHERE action LIKE 'export.%'").all() as { action: string; details: string }[];
    expect(audits.map((a) => a.action)).toContain('export.optouts');
    for (const a of audits) expect(a.details).not.toMatch(/@example\.com/);
  });

  it('customer service cannot export', async () => {
    const r = await t.call('customer_service', 'exports.start', { format: 'csv', purpose: 'Quarterly customer review', filters: { kind: 'accounts', status: 'all' } });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
  });

  it('lists the kinds with their availability', async () => {
    const kinds = await t.must('manager', 'exports.kinds', {});
    expect(kinds.map((k) => [k.kind, k.available])).toEqual([
      ['contest_entries', true],
      ['contest_marketing', true],
      ['accounts', true],
      ['marketing_list', true],
      ['optouts', true],
    ]);
  });
});
