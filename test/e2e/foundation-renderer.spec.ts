import { CHANNEL_NAMES } from '../../src/shared/contract';
import { expect, test } from './support/fixtures';

test('the page has no require, process or ipcRenderer, and window.api is exactly the contract', async ({ app }) => {
  const page = app.page;
  await expect(page.getByRole('heading', { name: 'Set up IXO Back Office' })).toBeVisible();

  const globals = await page.evaluate(() => {
    const g = globalThis as unknown as Record<string, unknown>;
    return Object.fromEntries(['require', 'process', 'ipcRenderer', 'module', 'electron', 'Buffer', '__dirname'].map((k) => [k, typeof g[k]]));
  });
  expect(globals).toEqual({ require: 'undefined', process: 'undefined', ipcRenderer: 'undefined', module: 'undefined', electron: 'undefined', Buffer: 'undefined', __dirname: 'undefined' });

  const surface = await page.evaluate(() => {
    const api = (globalThis as unknown as { api: Record<string, Record<string, unknown>> }).api;
    return Object.entries(api).flatMap(([feature, group]) => Object.entries(group).map(([verb, fn]) => `${feature}.${verb}:${typeof fn}`));
  });
  expect(surface.sort()).toEqual(CHANNEL_NAMES.map((n) => `${n}:function`).sort());

  // The api is data in, data out: a call answers with a Result, not an exception.
  const status = await page.evaluate(() => (globalThis as unknown as { api: { app: { status(i: object): Promise<unknown> } } }).api.app.status({}));
  expect(status).toEqual({ ok: true, value: { state: 'first_run' } });
  const refused = await page.evaluate(() => (globalThis as unknown as { api: { staff: { list(i: object): Promise<unknown> } } }).api.staff.list({}));
  expect(refused).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
});

test('a strict Content-Security-Policy is in force: inline script does not run', async ({ app }) => {
  const page = app.page;
  await expect(page.getByRole('heading', { name: 'Set up IXO Back Office' })).toBeVisible();
  // An inline script runs synchronously on insertion, so it has either run or been refused on return.
  const ran = await page.evaluate(() => {
    const w = globalThis as unknown as { __inlineRan?: boolean; document: { createElement(t: string): { textContent: string }; body: { appendChild(n: unknown): void } } };
    const s = w.document.createElement('script');
    s.textContent = 'window.__inlineRan = true';
    w.document.body.appendChild(s);
    return w.__inlineRan === true;
  });
  expect(ran).toBe(false);
});
