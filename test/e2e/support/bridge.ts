/**
 * The browser path of the e2e harness: the BUILT renderer served over HTTP, Debian's Chromium,
 * and window.api bridged to a REAL core (createCore, real encrypted files) in this process.
 *
 * Usable outside the Playwright runner (the benchmark times booth turnaround with it):
 *
 *   const app = await launchBridgedApp();
 *   await app.page.getByLabel('Username').fill('admin');
 *   ...
 *   await app.close();
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { build } from 'esbuild';
import { createCore, type Core } from '../../../src/main/core';
import type { Clock, CoreDeps, SaveDialogOptions } from '../../../src/main/context';
import { memoryVault, type KeyVault } from '../../../src/main/keychain/vault';
import { RESOURCES, TEST_PASSWORD_COST, TEST_WORKER_ENTRY, tempDir } from '../../support/core';
import { ensureAppBuilt } from './build';
import { CHROMIUM, CHROMIUM_ARGS, ROOT, RENDERER_DIR } from './paths';
import { serveStatic, type StaticServer } from './static-server';

const BINDING = '__ixoBridgeInvoke';

let bridgeScript: Promise<string> | null = null;

/** The init script that builds window.api in the page (src/shared/api.ts buildApi, bundled once). */
export function bridgeInitScript(): Promise<string> {
  bridgeScript ??= build({
    entryPoints: [path.join(ROOT, 'test/e2e/support/bridge-entry.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
  }).then((r) => r.outputFiles[0]!.text);
  return bridgeScript;
}

/** Debian's Chromium, headless, with the flags it needs on this machine. */
export function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium was not found at ${CHROMIUM}. Install Debian's chromium package (apt-get install chromium) or set E2E_CHROMIUM.`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface BridgedAppOptions {
  /** Data directory for the stores; a fresh temp dir by default. Kept after close() (tests may inspect it). */
  dataDir?: string;
  /** Key vault; an in-memory vault by default. Pass one that throws to test store failures. */
  vault?: KeyVault;
  /** Clock of the core (not of the page: use page.clock for the renderer's timers). */
  clock?: Clock;
  /** Any other core dependency to override (signInDelaysMs, deviceName, ...). */
  coreDeps?: Partial<CoreDeps>;
  /** Reuse a running browser / server (the fixtures share one per worker). Closed by the caller. */
  browser?: Browser;
  rendererUrl?: string;
  /** Viewport of the page; a laptop screen by default. */
  viewport?: { width: number; height: number };
  /** Called with every page before it loads the app (the fixtures hook up error collection). */
  onPage?: (page: Page) => void;
}

export interface BridgedApp {
  readonly page: Page;
  readonly context: BrowserContext;
  /** The live core; replaced by restart(). */
  readonly core: Core;
  readonly dataDir: string;
  readonly vault: KeyVault;
  /** URLs the app asked the system to open (app.openExternal), in order. */
  readonly openedUrls: string[];
  /** Save dialogs the app opened, in order, with the options it passed. */
  readonly saveDialogs: SaveDialogOptions[];
  /** The path the next "native" save dialogs return; null means the user cancels. */
  setSavePath(file: string | null): void;
  /** Another window on the same core, with its own connection (and so its own session). */
  openPage(): Promise<Page>;
  /** Closes the pages and the core, opens a new core on the same data dir and vault, and a new page. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts a real core and one page of the real renderer wired to it. Every page has its own
 * connection id, so sessions are per page as they are per window in Electron.
 */
export async function launchBridgedApp(opts: BridgedAppOptions = {}): Promise<BridgedApp> {
  const dataDir = opts.dataDir ?? tempDir('ixo-e2e-');
  const vault = opts.vault ?? memoryVault();
  const openedUrls: string[] = [];
  const saveDialogs: SaveDialogOptions[] = [];
  let savePath: string | null = null;

  let server: StaticServer | null = null;
  let rendererUrl = opts.rendererUrl;
  if (!rendererUrl) {
    ensureAppBuilt();
    server = await serveStatic(RENDERER_DIR);
    rendererUrl = server.url;
  }
  const ownBrowser = opts.browser ? null : await launchChromium();
  const browser = opts.browser ?? ownBrowser!;
  const script = await bridgeInitScript();

  const startCore = () =>
    createCore({
      dataDir,
      vault,
      resourcesDir: RESOURCES,
      workerEntry: TEST_WORKER_ENTRY,
      deviceName: 'e2e-bridge',
      passwordCost: TEST_PASSWORD_COST,
      ...(opts.clock ? { clock: opts.clock } : {}),
      ...opts.coreDeps,
      openExternal: async (url) => {
        openedUrls.push(url);
      },
      dialogs: {
        chooseSavePath: async (o) => {
          saveDialogs.push(o);
          return savePath;
        },
      },
    });

  let core = await startCore();
  let context = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 860 } });
  const pages: Page[] = [];

  const openPage = async (): Promise<Page> => {
    const page = await context.newPage();
    opts.onPage?.(page);
    const connectionId = `page-${randomUUID()}`;
    // The binding must be installed before the init script that captures and removes it.
    await page.exposeBinding(BINDING, (_source, channel: unknown, input: unknown) => core.dispatch(connectionId, channel, input));
    await page.addInitScript({ content: script });
    await page.goto(rendererUrl!);
    pages.push(page);
    return page;
  };

  let page = await openPage();

  const app: BridgedApp = {
    get page() {
      return page;
    },
    get context() {
      return context;
    },
    get core() {
      return core;
    },
    dataDir,
    vault,
    openedUrls,
    saveDialogs,
    setSavePath(file) {
      savePath = file;
    },
    openPage,
    async restart() {
      await context.close();
      pages.length = 0;
      await core.close();
      core = await startCore();
      context = await browser.newContext({ viewport: opts.viewport ?? { width: 1366, height: 860 } });
      page = await openPage();
    },
    async close() {
      await context.close().catch(() => {});
      await core.close();
      await ownBrowser?.close();
      await server?.close();
    },
  };
  return app;
}
