import { createHash } from 'node:crypto';

/**
 * The renderer's Content-Security-Policy, written into index.html at build time and by the dev
 * server. Inline scripts are allowed only by the hash of their exact text: the production build
 * has none, and `npm run dev` has one (the React Fast Refresh preamble), so the dev page runs
 * without loosening the packaged app's policy.
 */
const DIRECTIVES: readonly (readonly [string, string])[] = [
  ['default-src', "'none'"],
  ['script-src', "'self'"],
  ['style-src', "'self' 'unsafe-inline'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self' data:"],
  ['connect-src', "'self'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-src', "'none'"],
  ['object-src', "'none'"],
];

export function contentSecurityPolicy(inlineScriptHashes: readonly string[] = []): string {
  return DIRECTIVES.map(([name, value]) => {
    const extra = name === 'script-src' ? inlineScriptHashes.map((h) => ` '${h}'`).join('') : '';
    return `${name} ${value}${extra}`;
  }).join('; ');
}

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

/** sha256 sources for the inline scripts of a page, in the form CSP expects. */
export function inlineScriptHashes(html: string): string[] {
  return [...html.matchAll(INLINE_SCRIPT)].map((m) => `sha256-${createHash('sha256').update(m[1] ?? '', 'utf8').digest('base64')}`);
}

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="[^"]*"\s*\/?>/i;

/** The page with its CSP meta tag set for exactly the inline scripts it has. */
export function withContentSecurityPolicy(html: string): string {
  if (!CSP_META.test(html)) throw new Error('index.html has no Content-Security-Policy meta tag to fill in');
  const tag = `<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(inlineScriptHashes(html))}" />`;
  return html.replace(CSP_META, tag);
}
