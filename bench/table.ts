import type { Page } from '@playwright/test';
import type { BenchFigure, BenchModule } from './types';
import { plainFigure, ratioFigure, timeFigure } from './support/figures';
import { percentile, summarize } from './support/stats';

/**
 * The list table (src/renderer/src/components/DataTable.tsx) over 100k rows in Chromium, beside a
 * bare baseline in the same browser and run: the same rows in a plain HTML table windowed by a few
 * lines of hand-written code (fixed row height, no framework), in a scroll box of the same size.
 * BENCH_TABLE_FULL=1 adds the same rows drawn all at once with no windowing (minutes per run).
 *
 * table_scroll_frame_p95_ms: the 95th percentile of the time between painted frames while the list
 * is scrolled one step per frame: steady steps the size of a mouse-wheel flick, then jumps to
 * far-off places (a scrollbar drag). 16.7 ms is every frame at 60 Hz.
 * table_first_render_ms: from the rows being in memory to the first painted table.
 */

const ROWS = 100_000;

/**
 * In the page: scrolls the list's scroll area one step per frame and resolves with the frame
 * intervals. A string, not a function: tsx would wrap a function's inner arrows in a helper the
 * page does not have.
 */
const SCROLL_FRAMES = (steady: number, jumps: number) => `(async () => {
  const area = document.querySelector('[role=region]');
  if (!area) throw new Error('no scroll area on the page');
  let seed = 12345;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const frame = () => new Promise((resolve) => requestAnimationFrame(resolve));
  const frames = [];
  let last = await frame();
  for (let i = 0; i < ${steady + jumps}; i++) {
    if (i < ${steady}) area.scrollTop += 480;
    else area.scrollTop = Math.floor(random() * (area.scrollHeight - area.clientHeight));
    const now = await frame();
    frames.push(now - last);
    last = now;
  }
  return frames;
})()`;

async function measure(page: Page, html: string, steady: number, jumps: number): Promise<{ renderMs: number; frames: number[]; domRows: number }> {
  await page.setContent(html, { waitUntil: 'commit' });
  await page.waitForFunction("typeof window.__tableRenderMs === 'number'", undefined, { timeout: 300_000 });
  const renderMs = (await page.evaluate('window.__tableRenderMs')) as number;
  const frames = (await page.evaluate(SCROLL_FRAMES(steady, jumps))) as number[];
  const domRows = await page.locator('tr').count();
  return { renderMs, frames, domRows };
}

const table: BenchModule = {
  title: 'List table: 100k rows in Chromium',
  async run({ quick, log }) {
    // Loaded here so that `--only` runs of other modules never start a browser or esbuild.
    const { launchChromium } = await import('../test/e2e/support/bridge');
    const { tablePageHtml, bareTablePageHtml } = await import('../test/e2e/support/table-page/build');
    const steady = quick ? 60 : 240;
    const jumps = quick ? 20 : 60;
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const app = await measure(page, await tablePageHtml({ rows: ROWS, pageSize: ROWS }), steady, jumps);
      const bare = await measure(page, await bareTablePageHtml(ROWS, 'window'), steady, jumps);
      const full = process.env['BENCH_TABLE_FULL'] ? await measure(page, await bareTablePageHtml(ROWS, 'full'), steady, jumps) : null;
      const p95 = (xs: number[]) => percentile(xs, 95);
      log(`DataTable: first render ${app.renderMs.toFixed(0)} ms, frames p50 ${summarize(app.frames).p50.toFixed(1)} / p95 ${p95(app.frames).toFixed(1)} / max ${summarize(app.frames).max.toFixed(1)} ms, ${app.domRows} rows in the DOM`);
      if (full) log(`unwindowed table: first render ${full.renderMs.toFixed(0)} ms, frames p50 ${summarize(full.frames).p50.toFixed(1)} / p95 ${p95(full.frames).toFixed(1)} / max ${summarize(full.frames).max.toFixed(1)} ms, ${full.domRows} rows in the DOM`);
      log(`bare window: first render ${bare.renderMs.toFixed(0)} ms, frames p50 ${summarize(bare.frames).p50.toFixed(1)} / p95 ${p95(bare.frames).toFixed(1)} / max ${summarize(bare.frames).max.toFixed(1)} ms, ${bare.domRows} rows in the DOM`);
      const figures: BenchFigure[] = [
        timeFigure('table_scroll_frame_p95_ms', p95(app.frames), { label: 'bare hand-windowed HTML table, frame p95', value: p95(bare.frames) }, {
          target: { op: '<=', value: 33.4 },
          note: `DataTable with ${ROWS.toLocaleString('en')} rows on one page, ${steady} wheel steps then ${jumps} far jumps, one per frame; ${app.domRows} rows in the DOM (bare: ${bare.domRows})`,
        }),
        timeFigure('table_first_render_ms', app.renderMs, { label: 'bare hand-windowed HTML table', value: bare.renderMs }, {
          target: { op: '<=', value: 500 },
          note: 'rows in memory to the first painted table',
        }),
        ratioFigure('table_scroll_frame_ratio', p95(app.frames), p95(bare.frames), { note: 'table_scroll_frame_p95_ms over the bare window\'s frame p95, same run' }),
      ];
      if (full) figures.push(plainFigure('table_unwindowed_frame_p95_ms', p95(full.frames), 'ms', { note: `all ${ROWS.toLocaleString('en')} rows drawn at once; first render ${Math.round(full.renderMs)} ms` }));
      return figures;
    } finally {
      await browser.close();
    }
  },
};

export default table;
