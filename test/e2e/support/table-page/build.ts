/**
 * Builds the DataTable page (page.tsx) and its bare baseline (bare.ts) with esbuild, each into one
 * HTML document to load with page.setContent().
 */
import path from 'node:path';
import { build } from 'esbuild';
import { ROOT } from '../paths';

type Bundle = { js: string; css: string };
const bundles = new Map<string, Promise<Bundle>>();

function bundled(entry: 'page.tsx' | 'bare.ts'): Promise<Bundle> {
  let b = bundles.get(entry);
  if (!b) {
    b = build({
      entryPoints: [path.join(ROOT, 'test/e2e/support/table-page', entry)],
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      jsx: 'automatic',
      minify: true,
      define: { 'process.env.NODE_ENV': '"production"' },
      outdir: path.join(ROOT, 'out/table-page'),
      write: false,
      logLevel: 'silent',
    }).then((r) => ({
      js: r.outputFiles.find((f) => f.path.endsWith('.js'))!.text,
      css: r.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '',
    }));
    bundles.set(entry, b);
  }
  return b;
}

async function html(entry: 'page.tsx' | 'bare.ts', config: object, style = ''): Promise<string> {
  const { js, css } = await bundled(entry);
  const safe = js.replace(/<\/script/gi, '<\\/script');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Table</title><style>${css}${style}</style></head><body><div id="root"></div><script>window.__tableConfig=${JSON.stringify(config)};</script><script>${safe}</script></body></html>`;
}

/** The app's DataTable over `rows` generated rows (`pageSize` rows per page; the table's default if absent). */
export function tablePageHtml(config: { rows: number; pageSize?: number }): Promise<string> {
  return html('page.tsx', config);
}

/** The same rows in a plain table: all drawn at once ('full'), or a bare hand-written window ('window'). */
export function bareTablePageHtml(rows: number, mode: 'full' | 'window'): Promise<string> {
  return html('bare.ts', { rows, mode }, 'body{font-family:sans-serif;font-size:14px;margin:16px}td,th{padding:7px 10px;border-bottom:1px solid #ddd;text-align:left}');
}
