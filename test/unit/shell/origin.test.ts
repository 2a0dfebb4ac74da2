import { describe, expect, it } from 'vitest';
import { isAppUrl, rendererTarget } from '../../../src/main/shell/origin';

/** The URL as Chromium reports it for a frame: parsed and serialised (percent-encoded, drive letters kept). */
const asChromium = (url: string) => new URL(url).href;

const FOLDERS = ['/home/Järvinen/ixo', '/Applications/IXO Back Office.app/Contents/Resources/app.asar/out', 'C:/Users/Äijälä/AppData/Local/Programs/IXO Back Office/resources/app.asar/out'];

describe('the app window accepts its own page wherever the app is installed', () => {
  for (const folder of FOLDERS) {
    it(`from ${folder}`, () => {
      const target = rendererTarget({ isPackaged: true, devUrl: undefined });
      const loaded = asChromium(target.url);
      expect(isAppUrl(loaded, target)).toBe(true);
      expect(isAppUrl(asChromium(new URL('#/customers?x=1', loaded).href), target)).toBe(true);
    });
  }
});

describe('the app window refuses every other page', () => {
  const packaged = rendererTarget({ isPackaged: true, devUrl: undefined });
  const others = [
    'file:///etc/passwd',
    'file:///opt/IXO%20Back%20Office/resources/app.asar/out/renderer/index.html',
    'https://example.com/',
    'http://localhost:5173/',
    'app://renderer.example/index.html',
    'app://renderer:8080/index.html',
    'app://other/index.html',
    'about:blank',
    'data:text/html,hi',
    'not a url',
  ];
  for (const url of others) it(url, () => expect(isAppUrl(url, packaged)).toBe(false));
});

describe('the dev server URL', () => {
  // As electron-vite sets ELECTRON_RENDERER_URL: no trailing slash.
  const dev = 'http://localhost:5173';
  it('is honoured when the app is not packaged, for its exact origin only', () => {
    const target = rendererTarget({ isPackaged: false, devUrl: dev });
    expect(new URL(target.url).origin).toBe(dev);
    expect(isAppUrl('http://localhost:5173/#/booth', target)).toBe(true);
    for (const other of ['http://localhost:51730/', 'http://localhost:5174/', 'http://localhost:5173.evil.test/', 'https://localhost:5173/', 'http://127.0.0.1:5173/', 'http://localhost/'])
      expect(isAppUrl(other, target), other).toBe(false);
  });

  it('is ignored by a packaged app', () => {
    const target = rendererTarget({ isPackaged: true, devUrl: dev });
    expect(target.url.startsWith('http')).toBe(false);
    expect(isAppUrl(dev, target)).toBe(false);
    expect(isAppUrl(`${dev}/index.html`, target)).toBe(false);
  });

  it('is ignored unless it is a loopback http URL', () => {
    for (const devUrl of ['https://example.com/', 'http://192.168.1.5:5173/', 'file:///tmp/index.html', 'garbage']) {
      const target = rendererTarget({ isPackaged: false, devUrl });
      expect(target.url, devUrl).not.toBe(devUrl);
      expect(isAppUrl(devUrl, target), devUrl).toBe(false);
    }
  });
});
