import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../support/core';
import { sampleEntries, seedEvent, seedEventEntries } from './exports-helpers';
import { expect, test, type E2eApp } from './support/fixtures';
import { seedShowcase } from './a11y-helpers';
import { businessDay } from './support/business-day';


/** Two customers of one product and one of another, one opt-out, and an event with 3 entries today (2 consented). */
async function seed(app: E2eApp): Promise<void> {
  const admin = await app.core.as('admin');
  const pro = (await admin.must('products.create', { name: 'Call Pro' })).id;
  const lite = (await admin.must('products.create', { name: 'Call Lite' })).id;
  const office = await app.core.as('office_staff');
  const notices = await office.must('customers.notices', {});
  const version = (id: string) => notices.find((n) => n.id === id)!.version;
  for (const [name, email, productId] of [
    ['Ann A', 'ann@example.com', pro],
    ['Ben B', 'ben@example.com', pro],
    ['Cai C', 'cai@example.com', lite],
  ] as const) {
    await office.must('customers.register', {
      birthDate: '1980-01-01',
      name,
      email,
      productId,
      marketingOptIn: true,
      registrationNoticeVersion: version('registration'),
      marketingNoticeVersion: version('marketing'),
    });
  }
  await office.must('optouts.process', { email: 'ben@example.com', lists: ['email_marketing'], reason: 'phone', requestedOn: businessDay() });
  const ev = await seedEvent(app, 'Tech Fair');
  const base = sampleEntries(ev, 1).next().value!;
  // Local hour of the booth: noon today (the seed helper derives it from capturedAt).
  const noon = `${businessDay()}T12:00:00.000Z`;
  await seedEventEntries(app, ev, [
    { ...base, email: 'e1@example.com', capturedAt: noon, consent: true },
    { ...base, email: 'e2@example.com', capturedAt: noon, consent: true },
    { ...base, email: 'e3@example.com', capturedAt: noon, consent: false },
  ]);
}

test.describe('reports', () => {
  test('a manager sees the last 30 days with charts beside tables', async ({ app }) => {
    await seed(app);
    await app.signInAs('manager');
    await app.openScreen('Reports');
    const page = app.page;
    await expect(page.getByRole('heading', { name: 'Reports', level: 2 })).toBeVisible();
    // English date fields show the day first (dd/mm/yyyy); tables show "6 Dec 2026".
    const shownDay = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
    const shown = (iso: string) => iso.split('-').reverse().join('/');
    await expect(page.getByLabel('From')).toHaveValue(shown(businessDay(-29)));
    await expect(page.getByLabel('To')).toHaveValue(shown(businessDay()));

    await expect(page.getByRole('group', { name: 'Registrations' })).toContainText('3');
    const reg = page.getByRole('table', { name: 'Registrations per product' });
    await expect(reg.getByRole('row', { name: /Call Pro\s*2/ })).toBeVisible();
    await expect(reg.getByRole('row', { name: /Call Lite\s*1/ })).toBeVisible();

    const optouts = page.getByRole('table', { name: 'Opt-outs per list and reason' });
    await expect(optouts.getByRole('row', { name: /Email marketing\s*Customer asked by phone\s*1/ })).toBeVisible();

    const entries = page.getByRole('table', { name: 'Contest entries per event' });
    await expect(entries.getByRole('row', { name: /Tech Fair\s*3\s*2\s*66\.7\s*%/ })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Entries per day: Tech Fair' }).getByRole('row', { name: new RegExp(`${shownDay(businessDay())}\\s*3\\s*2`) })).toBeVisible();

    // Sections without data say so instead of drawing empty charts.
    await expect(page.getByRole('region', { name: 'Cancellations' })).toContainText('No accounts were cancelled in this period.');
    await expect(page.getByRole('region', { name: 'Telemarketing leads' })).toContainText('No leads were recorded in this period.');
    // Charts are drawn (recharts SVG) beside the tables.
    await expect(page.getByRole('region', { name: 'Registrations per product' }).locator('.recharts-surface').first()).toBeVisible();
  });

  test('the date range filters the figures and is checked', async ({ app }) => {
    await seed(app);
    await app.signInAs('manager');
    await app.openScreen('Reports');
    const page = app.page;
    await expect(page.getByRole('table', { name: 'Registrations per product' })).toBeVisible();

    await page.getByLabel('From').fill('2020-01-01');
    await page.getByLabel('To').fill('2020-01-31');
    await page.getByRole('button', { name: 'Show report' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Showing 1 Jan 2020 to 31 Jan 2020, by day.' })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Registrations per product' })).toContainText('No registrations in this period.');
    await expect(page.getByRole('region', { name: 'Contest entries per event and day' })).toContainText('No contest entries in this period.');

    await page.getByLabel('From').fill('2020-02-01');
    await page.getByRole('button', { name: 'Show report' }).click();
    await expect(page.getByText('The end date must be on or after the start date.')).toBeVisible();
  });

  test('the printable summary is saved as a PDF through the save dialog, with a purpose', async ({ app }) => {
    await seed(app);
    const out = tempDir('ixo-e2e-report-');
    await app.signInAs('manager');
    await app.openScreen('Reports');
    const page = app.page;
    await expect(page.getByRole('table', { name: 'Registrations per product' })).toBeVisible();

    await page.getByRole('button', { name: 'Printable summary (PDF)…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Printable summary' });
    await dialog.getByRole('button', { name: 'Save PDF…' }).click();
    await expect(dialog.getByText('Purpose is required.')).toBeVisible();
    await dialog.getByLabel('Purpose').fill('Monthly board meeting pack');
    await app.setSavePath(path.join(out, 'board.pdf'));
    await dialog.getByRole('button', { name: 'Save PDF…' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved the summary as board.pdf.' })).toBeVisible();
    expect(fs.readFileSync(path.join(out, 'board.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
    if (app.mode === 'bridge') expect((await app.saveDialogs()).at(-1)!.defaultName).toBe(`summary-${businessDay(-29)}-to-${businessDay()}.pdf`);
    const audit = await app.callAsPage('audit.list', { limit: 10, readsOnly: true });
    if (!audit.ok) throw new Error(audit.error.message);
    expect(audit.value.rows.find((r) => r.action === 'export.report_summary')?.details).toMatchObject({ purpose: 'Monthly board meeting pack', format: 'pdf' });
    fs.rmSync(out, { recursive: true, force: true });
  });

  test('the registration, cancellation and lead charts each point at a table of the same numbers per period', async ({ app }) => {
    await seedShowcase(app);
    await app.signInAs('manager');
    await app.openScreen('Reports');
    const page = app.page;
    // One column per product registered in the period: as many as the per-product totals table lists.
    await expect(page.getByRole('img', { name: 'Chart: registrations per day and product' })).toBeVisible({ timeout: 30_000 });
    const products = await page.getByRole('table', { name: 'Registrations per product' }).locator('tbody tr').count();
    expect(products).toBeGreaterThan(0);
    const charts = [
      { chart: 'Chart: registrations per day and product', table: 'Registrations per day and product', columns: products },
      { chart: 'Chart: cancellations per day', table: 'Cancellations per day', columns: 1 },
      { chart: 'Chart: leads recorded and converted per day', table: 'Leads recorded and converted per day', columns: 2 },
    ];
    for (const c of charts) {
      const img = page.getByRole('img', { name: c.chart });
      await expect(img).toBeVisible({ timeout: 30_000 });
      const id = await img.getAttribute('aria-details');
      expect(id, c.chart).toBeTruthy();
      const table = page.locator(`[id="${id}"]`);
      await expect(table, c.chart).toHaveAccessibleName(c.table);
      await expect(table.getByRole('columnheader').first()).toHaveText('Day');
      await expect(table.getByRole('columnheader')).toHaveCount(1 + c.columns);
      // One row per day the chart draws (at least a week around the data), the counts as drawn.
      const rows = await table.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from((tr as unknown as { cells: ArrayLike<{ textContent: string | null }> }).cells, (td) => td.textContent ?? '')));
      expect(rows.length, c.table).toBeGreaterThanOrEqual(7);
      expect(rows.every((r) => r.length === 1 + c.columns && r.slice(1).every((n) => /^\d+$/.test(n))), c.table).toBe(true);
      const sum = rows.reduce((acc, r) => acc + Number(r[1]), 0);
      expect(sum, `${c.table}: first count column`).toBeGreaterThan(0);
    }
  });
});
