import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { decodeCell } from '../../src/main/exports/neutralise';
import { tempDir } from '../support/core';
import { sampleEntries, seedEvent, seedEventEntries } from './exports-helpers';
import { expect, test } from './support/fixtures';

test.describe('exports', () => {
  test('a manager exports an event’s entries to CSV with a purpose, and the export is audited', async ({ app }) => {
    const ev = await seedEvent(app, 'Slush 2026');
    await seedEventEntries(app, ev, sampleEntries(ev, 300));
    const out = tempDir('ixo-e2e-export-');
    await app.signInAs('manager');
    await app.openScreen('Exports');
    const page = app.page;
    await expect(page.getByRole('heading', { name: 'Exports', level: 2 })).toBeVisible();

    await page.getByLabel('What to export').selectOption({ label: 'Contest entries of an event' });
    await page.getByLabel('Event').selectOption({ label: 'Slush 2026 (18 Nov 2026, 300 entries)' });
    await page.getByRole('radio', { name: 'CSV (UTF-8)' }).check();
    // The purpose is asked for before anything leaves the app.
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByText('Purpose is required.').or(page.getByText(/Say what the export is for/))).toBeVisible();

    await page.getByLabel('Purpose').fill('Prize draw for Slush 2026');
    await app.setSavePath(path.join(out, 'slush-entries.csv'));
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Exported 300 rows to slush-entries.csv.' })).toBeVisible();

    const rows = (parse(fs.readFileSync(path.join(out, 'slush-entries.csv'))) as string[][]).map((r) => r.map(decodeCell));
    expect(rows).toHaveLength(301);
    expect(rows[0]!.slice(0, 4)).toEqual(['Entry ID', 'Captured at (UTC)', 'Name', 'Email']);
    // A formula typed by an entrant is written neutralised and decodes back to what was typed.
    const raw = fs.readFileSync(path.join(out, 'slush-entries.csv'), 'utf8');
    expect(raw).toContain(`'=HYPERLINK(""http://evil.example"",""Click"")`);
    expect(rows.some((r) => r[2] === '=HYPERLINK("http://evil.example","Click")')).toBe(true);
    if (app.mode === 'bridge') expect((await app.saveDialogs())[0]!.defaultName).toBe('entries-slush-2026-2026-11-18.csv');
    expect(fs.readdirSync(out)).toEqual(['slush-entries.csv']);

    const audit = await app.callAsPage('audit.list', { limit: 10, readsOnly: true });
    if (!audit.ok) throw new Error(audit.error.message);
    const row = audit.value.rows.find((r) => r.action === 'export.contest_entries');
    expect(row?.details).toMatchObject({ purpose: 'Prize draw for Slush 2026', kind: 'contest_entries', format: 'csv', rows: 300, filters: { kind: 'contest_entries', eventId: ev.id } });
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('a long export shows progress, the screen stays usable, and Cancel leaves no file', async ({ app }) => {
    // Seeding 150,000 entries takes a good part of a minute on a busy machine.
    test.setTimeout(240_000);
    const ev = await seedEvent(app, 'Big Expo');
    await seedEventEntries(app, ev, sampleEntries(ev, 150_000));
    const out = tempDir('ixo-e2e-export-');
    await app.signInAs('manager');
    await app.openScreen('Exports');
    const page = app.page;
    await page.getByLabel('What to export').selectOption({ label: 'Contest entries of an event' });
    await page.getByLabel('Event').selectOption(String(ev.id));
    await page.getByRole('radio', { name: 'Excel workbook (XLSX)' }).check();
    await page.getByLabel('Purpose').fill('Check that cancel works');
    await app.setSavePath(path.join(out, 'big.xlsx'));
    await page.getByRole('button', { name: 'Export…' }).click();

    const bar = page.getByRole('progressbar', { name: 'Export progress' });
    await expect(bar).toBeVisible();
    // The bar moves while the worker writes, and the form still takes input meanwhile.
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 30_000 }).toBeGreaterThan(5);
    await page.getByLabel('Purpose').fill('Typing while the export runs');
    await expect(page.getByLabel('Purpose')).toHaveValue('Typing while the export runs');
    const status = await app.callAsPage('app.status', {});
    expect(status.ok).toBe(true);

    await page.getByRole('button', { name: 'Cancel export' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'No file was saved.' })).toBeVisible({ timeout: 20_000 });
    await expect(bar).toBeHidden();
    await expect.poll(() => fs.readdirSync(out), { timeout: 10_000 }).toEqual([]);
    const audit = await app.callAsPage('audit.list', { limit: 10, readsOnly: true });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.rows.filter((r) => r.action.startsWith('export.'))).toEqual([]);
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('closing the save dialog exports nothing', async ({ app }) => {
    const ev = await seedEvent(app, 'Small Fair');
    await seedEventEntries(app, ev, sampleEntries(ev, 5));
    await app.signInAs('manager');
    await app.openScreen('Exports');
    const page = app.page;
    await page.getByLabel('What to export').selectOption({ label: 'Contest entrants who agreed to marketing' });
    await page.getByLabel('Event').selectOption(String(ev.id));
    await page.getByLabel('Purpose').fill('Newsletter to fair visitors');
    await app.setSavePath(null);
    await page.getByRole('button', { name: 'Export…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'No file was chosen, so nothing was exported.' })).toBeVisible();
  });

  test('roles without the export permission have no Exports screen', async ({ app }) => {
    for (const role of ['office_staff', 'customer_service', 'billing_clerk'] as const) {
      await app.signInAs(role);
      await expect(app.nav.getByRole('button', { name: 'Exports', exact: true })).toHaveCount(0);
      await expect(app.nav.getByRole('button', { name: 'Reports', exact: true })).toHaveCount(0);
    }
    const r = await app.callAsPage('exports.start', { format: 'csv', purpose: 'Trying without permission', filters: { kind: 'accounts', status: 'all' } });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
  });
});
