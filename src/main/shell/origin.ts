/**
 * Where the app's page comes from, and which frames count as the app. URLs are compared parsed
 * (scheme, host and port), never as strings: Chromium reports a frame's URL percent-encoded.
 */

/** The privileged scheme that serves the built renderer (see app-protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'renderer';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export interface RendererTarget {
  /** The URL the window loads. */
  url: string;
  /** The one origin whose frames may call the core. */
  origin: { protocol: string; host: string };
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The dev server (ELECTRON_RENDERER_URL) only when the app is not packaged and it is plain http on loopback. */
function devServer(isPackaged: boolean, devUrl: string | undefined): URL | null {
  if (isPackaged || devUrl === undefined) return null;
  const u = parse(devUrl);
  return u && u.protocol === 'http:' && LOOPBACK.has(u.hostname) && u.port !== '' ? u : null;
}

export function rendererTarget(opts: { isPackaged: boolean; devUrl: string | undefined }): RendererTarget {
  const dev = devServer(opts.isPackaged, opts.devUrl);
  if (dev) return { url: dev.href, origin: { protocol: dev.protocol, host: dev.host } };
  return { url: `${APP_ORIGIN}/index.html`, origin: { protocol: `${APP_SCHEME}:`, host: APP_HOST } };
}

/** Whether a frame at `url` is the app's own page. */
export function isAppUrl(url: string, target: RendererTarget): boolean {
  const u = parse(url);
  return u !== null && u.protocol === target.origin.protocol && u.host === target.origin.host && u.username === '' && u.password === '';
}
