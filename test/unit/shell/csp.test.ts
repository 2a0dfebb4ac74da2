import fs from 'node:fs';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { createServer } from 'vite';
import { describe, expect, it } from 'vitest';
import { contentSecurityPolicyPlugin } from '../../../electron.vite.config';
import { contentSecurityPolicy, inlineScriptHashes } from '../../../src/main/shell/csp';
import { ROOT } from '../../support/core';

const RENDERER = path.join(ROOT, 'src/renderer');

function policyOf(html: string): Map<string, string[]> {
  const content = /http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html)?.[1];
  if (!content) throw new Error('no CSP meta tag');
  return new Map(content.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
}

describe('the renderer CSP', () => {
  it('lets the dev server page run: every inline script of `npm run dev` (the React preamble) is allowed by its hash', async () => {
    const server = await createServer({ configFile: false, root: RENDERER, base: './', logLevel: 'silent', plugins: [react(), contentSecurityPolicyPlugin()], server: { middlewareMode: true, ws: false } });
    try {
      const html = await server.transformIndexHtml('/index.html', fs.readFileSync(path.join(RENDERER, 'index.html'), 'utf8'));
      const hashes = inlineScriptHashes(html);
      expect(html).toContain('injectIntoGlobalHook');
      expect(hashes.length).toBeGreaterThan(0);
      const scriptSrc = policyOf(html).get('script-src') ?? [];
      for (const h of hashes) expect(scriptSrc).toContain(`'${h}'`);
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
    } finally {
      await server.close();
    }
  });

  it('allows no inline script and nothing remote in the production page', () => {
    const policy = new Map(contentSecurityPolicy([]).split('; ').map((d) => d.split(' ')).map(([n, ...v]) => [n!, v]));
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-src')).toEqual(["'none'"]);
  });

  it('hashes the exact text of an inline script and ignores external ones', () => {
    const html = '<script type="module">a()</script><script type="module" crossorigin src="./x.js"></script>';
    // sha256("a()") in base64
    expect(inlineScriptHashes(html)).toEqual(['sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4=']);
  });
});
