import fs from 'node:fs/promises';
import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin';

/**
 * The app:// protocol: serves the files of the built renderer and nothing else. Electron-free, so
 * it runs under Node in tests; index.ts hands it to protocol.handle.
 */

/** How the scheme is registered before `ready` (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true, codeCache: true } as const;

/** Content types of the files a built renderer holds; the e2e static server serves the same. */
export const RENDERER_CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export type Resolved = { ok: true; file: string } | { ok: false; status: 400 | 403 | 404 };

/** The file under `rendererDir` that `url` names, or why there is none. Pure: touches no file. */
export function resolveAppPath(url: string, rendererDir: string): Resolved {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return { ok: false, status: 400 };
  }
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return { ok: false, status: 403 };
  let rel: string;
  try {
    rel = decodeURIComponent(u.pathname);
  } catch {
    return { ok: false, status: 400 };
  }
  // A backslash is a separator on Windows and a NUL ends a path in C: neither belongs in a URL path.
  if (rel.includes('\\') || rel.includes('\0')) return { ok: false, status: 400 };
  if (rel === '/' || rel === '') rel = '/index.html';
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, `.${rel}`);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return { ok: false, status: 403 };
  return { ok: true, file };
}

/** The response to one app:// request. */
export async function appProtocolResponse(request: Request, rendererDir: string): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
  const resolved = resolveAppPath(request.url, rendererDir);
  if (!resolved.ok) return new Response(null, { status: resolved.status });
  let body: Buffer;
  try {
    body = await fs.readFile(resolved.file);
  } catch {
    return new Response(null, { status: 404 });
  }
  const type = RENDERER_CONTENT_TYPES[path.extname(resolved.file).toLowerCase()] ?? 'application/octet-stream';
  return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { status: 200, headers: { 'content-type': type, 'x-content-type-options': 'nosniff' } });
}
