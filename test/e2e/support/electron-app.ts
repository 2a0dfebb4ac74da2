/**
 * The Electron path of the e2e harness: the built app launched by Playwright's _electron, with its
 * real preload, real IPC and the real OS keychain (keytar). Used when node_modules/electron/path.txt
 * exists (a desktop machine after `npm start` downloaded Electron).
 *
 * The core lives in Electron's main process, out of reach of the test. For setup steps, a second
 * core is opened in the test process on the same data directory, with the same keychain entries
 * (SQLite in WAL mode handles two processes; the audit chain appends inside BEGIN IMMEDIATE). It has
 * its own sessions, and its settings cache is its own: a setting changed through it reaches the app
 * only after app.restart().
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { _electron, type ElectronApplication, type Page } from '@playwright/test';
import { createCore, type Core } from '../../../src/main/core';
import { keytarVault } from '../../../src/main/keychain/keytar-vault';
import { RESOURCES, TEST_PASSWORD_COST, TEST_WORKER_ENTRY, tempDir } from '../../support/core';
import { ROOT } from './paths';
import { electronLaunchPlan } from './electron-launch';

/** Removes what one test's app stored in the real keychain under its own service name. */
async function deleteKeychainEntries(service: string): Promise<void> {
  try {
    const keytar = (await import('keytar')).default;
    for (const c of await keytar.findCredentials(service)) await keytar.deletePassword(service, c.account);
  } catch {
    // No keychain (the noKeychain tests): nothing was stored.
  }
}

/** Makes sure the native modules exist in Electron's ABI (scripts/ensure-electron.mjs is idempotent). */
export function ensureElectronNative(): void {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts/ensure-electron.mjs')], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('scripts/ensure-electron.mjs failed; the Electron e2e path needs the Electron builds of the native modules.');
}

export interface ElectronAppOptions {
  dataDir?: string;
  /** Start the app with no reachable Secret Service (D-Bus session bus pointed at nothing). */
  noKeychain?: boolean;
  /** Called with the window before the test uses it (the fixtures hook up error collection). */
  onPage?: (page: Page) => void;
}

export interface LaunchedElectronApp {
  readonly page: Page;
  readonly electron: ElectronApplication;
  readonly dataDir: string;
  /** A core in the test process on the same files (opened on first use). */
  setupCore(): Promise<Core>;
  setSavePath(file: string | null): Promise<void>;
  openedUrls(): Promise<string[]>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Launches the built app (global-setup.ts builds it once per run; call ensureAppBuilt() when using this alone). */
export async function launchElectronApp(opts: ElectronAppOptions = {}): Promise<LaunchedElectronApp> {
  const dataDir = opts.dataDir ?? tempDir('ixo-e2e-electron-');
  let savePath: string | null = null;
  let setup: Core | null = null;

  const plan = electronLaunchPlan({ baseEnv: process.env, dataDir, userDataDir: tempDir('ixo-e2e-profile-'), noKeychain: opts.noKeychain, isRoot: process.getuid?.() === 0 });
  const { args, env } = plan;

  const start = async () => {
    const electron = await _electron.launch({ args, cwd: ROOT, env });
    // Replace the two ways out of the app with recorders: no real browser opens, no native dialog.
    await electron.evaluate(({ shell, dialog }, file) => {
      const g = globalThis as unknown as { __ixoOpened: string[]; __ixoSavePath: string | null };
      g.__ixoOpened = [];
      g.__ixoSavePath = file;
      shell.openExternal = async (url: string) => {
        g.__ixoOpened.push(url);
      };
      dialog.showSaveDialog = (async () => ({ canceled: g.__ixoSavePath === null, filePath: g.__ixoSavePath ?? '' })) as typeof dialog.showSaveDialog;
    }, savePath);
    const page = await electron.firstWindow();
    opts.onPage?.(page);
    await page.waitForLoadState('domcontentloaded');
    return { electron, page };
  };

  let current = await start();

  return {
    get page() {
      return current.page;
    },
    get electron() {
      return current.electron;
    },
    dataDir,
    async setupCore() {
      if (opts.noKeychain) throw new Error('app.core is not available in Electron mode with noKeychain: the stores cannot be opened by anyone.');
      if (!fs.existsSync(path.join(dataDir, 'customers.db'))) throw new Error('The app has not created its stores yet, so the test core cannot open them.');
      setup ??= await createCore({ dataDir, vault: keytarVault(plan.keychainService), resourcesDir: RESOURCES, workerEntry: TEST_WORKER_ENTRY, signInDelaysMs: [0], passwordCost: TEST_PASSWORD_COST });
      return setup;
    },
    async setSavePath(file) {
      savePath = file;
      await current.electron.evaluate((_e, f) => {
        (globalThis as unknown as { __ixoSavePath: string | null }).__ixoSavePath = f;
      }, file);
    },
    openedUrls: () => current.electron.evaluate(() => [...(globalThis as unknown as { __ixoOpened: string[] }).__ixoOpened]),
    async restart() {
      await setup?.close();
      setup = null;
      await current.electron.close();
      current = await start();
    },
    async close() {
      await setup?.close();
      setup = null;
      await current.electron.close();
      await deleteKeychainEntries(plan.keychainService);
    },
  };
}
