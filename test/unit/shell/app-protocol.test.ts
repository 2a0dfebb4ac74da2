import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { appProtocolResponse, resolveAppPath } from '../../../src/main/shell/app-protocol';
import { tempDir } from '../../support/core';

/** A built renderer in a folder like a Finnish user's, next to a secret it must never serve. */
let base: string;
let renderer: string;
beforeAll(() => {
  base = path.join(tempDir(), 'Käyttäjät', 'a b');
  renderer = path.join(base, 'out', 'renderer');
  fs.mkdirSync(path.join(renderer, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>app</title>');
  fs.writeFileSync(path.join(renderer, 'assets', 'index-abc.js'), 'console.log(1)');
  fs.writeFileSync(path.join(renderer, 'assets', 'kuva ä.svg'), '<svg/>');
  fs.writeFileSync(path.join(base, 'out', 'secret.txt'), 'secret');
  fs.writeFileSync(path.join(base, 'renderer-secret.txt'), 'secret');
});

const get = (url: string, method = 'GET') => appProtocolResponse(new Request(url, { method }), renderer);

describe('app:// serves the built renderer', () => {
  it('serves index.html for the root and for /index.html, as HTML', async () => {
    for (const url of ['app://renderer/', 'app://renderer/index.html', 'app://renderer/index.html?x=1#/booth']) {
      const r = await get(url);
      expect(r.status, url).toBe(200);
      expect(r.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(await r.text()).toContain('<title>app</title>');
    }
  });

  it('serves assets with their type, including percent-encoded names', async () => {
    const js = await get('app://renderer/assets/index-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    const svg = await get('app://renderer/assets/kuva%20%C3%A4.svg');
    expect(svg.status).toBe(200);
    expect(await svg.text()).toBe('<svg/>');
  });

  it('answers a missing file with 404 and a write method with 405', async () => {
    expect((await get('app://renderer/assets/nope.js')).status).toBe(404);
    expect((await get('app://renderer/assets')).status).toBe(404);
    expect((await get('app://renderer/index.html', 'POST')).status).toBe(405);
  });
});

describe('app:// refuses everything outside the renderer folder', () => {
  const attempts = [
    'app://renderer/../secret.txt',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/assets/%2E%2E/%2E%2E/secret.txt',
    'app://renderer/..%2fsecret.txt',
    'app://renderer/..%2F..%2Frenderer-secret.txt',
    'app://renderer/..%5csecret.txt',
    'app://renderer/assets%5c..%5c..%5csecret.txt',
    'app://renderer/%2e%2e%5csecret.txt',
    'app://renderer/index.html%00.js',
    'app://renderer/%E0%A4%A',
    'app://renderer/%2Fetc%2Fpasswd',
    'app://other/index.html',
    'app://renderer:81/index.html',
    'file:///etc/passwd',
  ];
  for (const url of attempts) {
    it(url, async () => {
      const r = await get(url);
      expect(r.status).not.toBe(200);
      expect(await r.text()).not.toContain('secret');
    });
  }

  it('resolves only to files inside the folder (the pure resolver)', () => {
    const file = resolveAppPath('app://renderer/assets/index-abc.js', renderer);
    expect(file).toEqual({ ok: true, file: path.join(renderer, 'assets', 'index-abc.js') });
    expect(resolveAppPath('app://renderer/..%2f..%2fsecret.txt', renderer)).toMatchObject({ ok: false, status: 403 });
    expect(resolveAppPath('app://renderer/%2Fetc%2Fpasswd', renderer)).toEqual({ ok: true, file: path.join(renderer, 'etc', 'passwd') });
  });
});
