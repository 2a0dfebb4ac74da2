/**
 * Baselines for the DataTable page, with no framework: the same generated rows either drawn all
 * at once as a plain HTML table ('full'), or as a bare hand-written window ('window': fixed 42 px
 * rows, the rows in view plus 8 either side, redrawn on every scroll event), in a scroll box of
 * the same height.
 */
import { tableRows, type TableRow } from './rows';

declare global {
  interface Window {
    __tableConfig: { rows: number; pageSize?: number; mode?: 'full' | 'window' };
    __tableRenderMs?: number;
  }
}

const ROW_PX = 42;
const OVERSCAN = 8;
const rows = tableRows(window.__tableConfig.rows);
const started = performance.now();
const esc = (s: string) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
const tr = (r: TableRow, i: number) => `<tr aria-rowindex="${i + 2}" style="height:${ROW_PX}px"><td>${r.n}</td><td>${esc(r.name)}</td><td>${esc(r.email)}</td><td>${esc(r.company)}</td><td>${r.consent ? 'Given' : 'Not given'}</td></tr>`;

document.getElementById('root')!.innerHTML =
  '<div role="region" aria-label="Generated entries" tabindex="0" style="max-height:min(60vh,560px);overflow:auto">' +
  `<table aria-label="Generated entries" aria-rowcount="${rows.length + 1}" style="min-width:900px;border-collapse:collapse">` +
  '<thead><tr><th>Number</th><th>Name</th><th>Email</th><th>Company</th><th>Consent</th></tr></thead><tbody></tbody></table></div>';
const area = document.querySelector<HTMLElement>('[role=region]')!;
const body = area.querySelector('tbody')!;

if (window.__tableConfig.mode === 'full') {
  body.innerHTML = rows.map(tr).join('');
} else {
  const draw = () => {
    const first = Math.max(0, Math.floor(area.scrollTop / ROW_PX) - OVERSCAN);
    const last = Math.min(rows.length, Math.ceil((area.scrollTop + area.clientHeight) / ROW_PX) + OVERSCAN);
    const pad = (h: number) => (h > 0 ? `<tr aria-hidden="true"><td colspan="5" style="height:${h}px;padding:0;border:0"></td></tr>` : '');
    body.innerHTML = pad(first * ROW_PX) + rows.slice(first, last).map((r, i) => tr(r, first + i)).join('') + pad((rows.length - last) * ROW_PX);
  };
  area.addEventListener('scroll', draw, { passive: true });
  draw();
}
requestAnimationFrame(() =>
  setTimeout(() => {
    window.__tableRenderMs = performance.now() - started;
  }, 0),
);
