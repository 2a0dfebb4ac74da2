/**
 * The list table (components/DataTable) at 100k rows, in Chromium: only the rows in view are in the
 * DOM wherever the list is scrolled, and sorting and paging are done from the keyboard alone. The
 * table is loaded on a page of its own (support/table-page), since no screen holds 100k rows.
 */
import { expect, test, type Browser, type Page } from '@playwright/test';
import { axeFindings } from './support/axe';
import { launchChromium } from './support/bridge';
import { tablePageHtml } from './support/table-page/build';
import { tableRows } from './support/table-page/rows';

const N = 100_000;
let browser: Browser;

test.beforeAll(async () => {
  browser = await launchChromium();
});
test.afterAll(async () => {
  await browser.close();
});

async function open(config: { rows: number; pageSize?: number }): Promise<Page> {
  // A page of its own context: axe (AxeBuilder) needs one.
  const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  await page.setContent(await tablePageHtml(config));
  await expect(page.getByRole('table', { name: 'Generated entries' })).toBeVisible();
  return page;
}

/** Presses Tab until `target` has focus (at most `max` times), as a keyboard user would reach it. */
async function tabTo(page: Page, target: ReturnType<Page['getByRole']>, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
  }
  throw new Error(`${String(target)} was not reached with ${max} presses of Tab`);
}

/** The aria-rowindex of every body row in the DOM, top to bottom. */
async function rowIndexes(page: Page): Promise<number[]> {
  const values = await page.getByRole('table', { name: 'Generated entries' }).locator('tbody tr[aria-rowindex]').evaluateAll((trs) => trs.map((tr) => (tr as unknown as { ariaRowIndex: string }).ariaRowIndex));
  return values.map(Number);
}

test('a 100k-row list keeps only the rows in view in the DOM, from top to bottom', async () => {
  const page = await open({ rows: N, pageSize: N });
  const table = page.getByRole('table', { name: 'Generated entries' });
  await expect(table).toHaveAttribute('aria-rowcount', String(N + 1));
  const top = await rowIndexes(page);
  expect(top[0]).toBe(2);
  expect(top.length).toBeGreaterThan(5);
  expect(top.length).toBeLessThanOrEqual(60);

  // The scroll area takes focus from the keyboard; End goes to the last row (the browser animates
  // the scroll over 4 million pixels, drawing the rows it passes).
  await tabTo(page, page.getByRole('region', { name: 'Generated entries' }));
  await page.keyboard.press('End');
  await expect(table.locator(`tr[aria-rowindex="${N + 1}"]`)).toBeVisible({ timeout: 30_000 });
  const bottom = await rowIndexes(page);
  expect(bottom.length).toBeLessThanOrEqual(60);
  expect(Math.min(...bottom)).toBeGreaterThan(N - 60);
  expect(await page.locator('tr').count()).toBeLessThanOrEqual(64);
  expect(await axeFindings(page)).toEqual([]);
  await page.context().close();
});

test('sorting and paging a 100k-row list from the keyboard', async () => {
  const page = await open({ rows: N });
  const table = page.getByRole('table', { name: 'Generated entries' });
  const nameHeader = table.getByRole('columnheader', { name: 'Name' });
  const firstName = table.locator('tbody tr[aria-rowindex]').first().getByRole('cell').nth(1);
  await expect(nameHeader).toHaveAttribute('aria-sort', 'none');

  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const names = tableRows(N)
    .map((r) => r.name)
    .sort(collator.compare);

  await tabTo(page, nameHeader.getByRole('button'));
  await page.keyboard.press('Enter');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(firstName).toHaveText(names[0]!);
  await page.keyboard.press('Space');
  await expect(nameHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(firstName).toHaveText(names[N - 1]!);

  // 1000 rows a page: the pager's next button, reached with Tab, shows rows 1001-2000 of the sorted list.
  await expect(page.getByText('1–1,000 of 100,000')).toBeVisible();
  await tabTo(page, page.getByRole('button', { name: 'Next page' }), 80);
  await page.keyboard.press('Enter');
  await expect(page.getByText('1,001–2,000 of 100,000')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  expect((await rowIndexes(page))[0]).toBe(1002);
  await expect(firstName).toHaveText(names[N - 1001]!);
  expect(await axeFindings(page)).toEqual([]);
  await page.context().close();
});
