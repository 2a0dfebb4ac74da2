/**
 * Shared Playwright fixture for every e2e spec. Import `test` and `expect` from here:
 *
 *   import { test, expect } from './support/fixtures';
 *
 *   test('office staff registers a customer', async ({ app }) => {
 *     await app.signInAs('office_staff');               // admin + staff created via the core, sign-in via the UI
 *     await app.openScreen('Customers');                 // clicks the navigation entry
 *     await app.page.getByLabel('Email').fill('a@example.com');
 *     ...
 *   });
 *
 * The same specs run two ways (support/paths.ts e2eMode()):
 *   - bridge (no Electron binary; the case in CI): the built renderer in Debian's Chromium, window.api
 *     built by src/shared/api.ts buildApi on one binding to a REAL core in the test process
 *     (createCore, real encrypted files in a temp dir, in-memory key vault by default);
 *   - electron (node_modules/electron/path.txt exists): the built app through Playwright's _electron,
 *     with its real preload, IPC and OS keychain.
 *
 * `app` (one per test, fresh data directory):
 *   app.page              the app window. After app.restart() it is a NEW page: always write
 *                         `app.page`, never keep it in a const across a restart.
 *   app.nav               the main navigation landmark (a locator).
 *   app.dataDir           the data directory of the stores (inspect files in it).
 *   app.mode              'bridge' | 'electron'.
 *   app.signInAs(role)    creates the first admin and a staff member of that role through the core
 *                         (if missing), reloads, signs in through the UI; returns the credentials.
 *   app.signIn(creds)     signs in through the UI (page must show the sign-in screen).
 *   app.signOut()         through the UI.
 *   app.ensureAdmin()     creates the first admin through the core if there is none (no UI).
 *   app.createStaff(role, over?)  creates a staff member through the core (idempotent per username).
 *   app.openScreen(label) clicks the navigation entry with that label.
 *   app.core.call(ch, input) / app.core.must(ch, input)
 *                         calls the core on a connection of its own that is NOT signed in.
 *   app.core.as(role)     { call, must } on a connection signed in as a staff member of that role
 *                         (created if needed): seed data as office_staff, check it as manager, etc.
 *   app.core.raw()        the Core itself (bridge: the app's core; electron: a second core in the
 *                         test process on the same files). For reading stores in assertions.
 *   app.callAsPage(ch, input)
 *                         calls window.api in the page: the app's own core with the page's session.
 *                         Prefer it to app.core for checks after UI actions (in Electron mode the
 *                         setup core is a second core whose settings cache may be stale).
 *   app.setSavePath(p)    the path the next "native" save dialog returns (null = user cancels).
 *   app.saveDialogs()     the save dialogs the app opened so far (title, defaultName, filters).
 *   app.openedUrls()      URLs the app asked the system browser to open (app.openExternal).
 *   app.restart()         closes the window and the core and starts again on the same data dir
 *                         and vault (tests of persistence across restarts).
 *   app.openWindow()      bridge only: a second page on the same core with its own session.
 *
 * Options (test.use({ appOptions: {...} }) at the top of a file or inside a describe):
 *   keychain: 'unavailable'  the store cannot reach a keychain (the "No system keychain" screen).
 *   vault: KeyVault          bridge only: your own vault (a wrong key, a missing key, ...).
 *   clock: Clock             bridge only: the core's clock (support/core.ts manualClock()).
 *   coreDeps: {...}          bridge only: other createCore dependencies.
 *   allowPageErrors: true    do not fail the test on uncaught errors in the page.
 * A bridge-only option under Electron fails the test with a message saying so; nothing is skipped.
 *
 * Time in the renderer: `await app.page.clock.install(); await app.page.reload();` then
 * `await app.page.clock.fastForward(ms)` (the idle lock spec does this).
 *
 * Uncaught page errors fail the test (listed in the failure), and a screenshot and the page's
 * console errors are attached to every failed test.
 */
import fs from 'node:fs';
import { expect, test as base, type Browser, type Locator, type Page } from '@playwright/test';
import type { Core } from '../../../src/main/core';
import type { Clock, CoreDeps, SaveDialogOptions } from '../../../src/main/context';
import { KeychainUnavailableError, memoryVault, type KeyVault } from '../../../src/main/keychain/vault';
import type { ChannelName, InputOf, OutputOf } from '../../../src/shared/contract';
import type { Result } from '../../../src/shared/errors';
import { ROLE_LABELS, type Role } from '../../../src/shared/roles';
import { TEST_PASSWORD } from '../../support/core';
import { launchBridgedApp, launchChromium, type BridgedApp } from './bridge';
import { launchElectronApp, type LaunchedElectronApp } from './electron-app';
import { e2eMode, RENDERER_DIR, type E2eMode } from './paths';
import { serveStatic } from './static-server';

export { expect };
export { TEST_PASSWORD };

export interface Credentials {
  username: string;
  password: string;
  displayName: string;
  role: Role;
}

export interface AppOptions {
  keychain?: 'default' | 'unavailable';
  vault?: KeyVault;
  clock?: Clock;
  coreDeps?: Partial<CoreDeps>;
  allowPageErrors?: boolean;
}

export interface CoreConnection {
  call<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  must<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<OutputOf<K>>;
}

export interface SetupCore extends CoreConnection {
  as(role: Role): Promise<CoreConnection>;
  raw(): Promise<Core>;
}

export interface E2eApp {
  readonly mode: E2eMode;
  readonly page: Page;
  readonly nav: Locator;
  readonly dataDir: string;
  readonly core: SetupCore;
  ensureAdmin(): Promise<Credentials>;
  createStaff(role: Role, over?: Partial<Omit<Credentials, 'role'>>): Promise<Credentials & { id: number }>;
  signIn(creds: Pick<Credentials, 'username' | 'password'>): Promise<void>;
  signInAs(role: Role): Promise<Credentials>;
  signOut(): Promise<void>;
  openScreen(label: string): Promise<void>;
  callAsPage<K extends ChannelName>(channel: K, input: InputOf<K>): Promise<Result<OutputOf<K>>>;
  setSavePath(file: string | null): Promise<void>;
  saveDialogs(): Promise<SaveDialogOptions[]>;
  openedUrls(): Promise<string[]>;
  restart(): Promise<void>;
  openWindow(): Promise<Page>;
}

/** The admin every helper creates on first run. */
export const ADMIN: Credentials = { username: 'admin', password: TEST_PASSWORD, displayName: 'Ada Admin', role: 'admin' };

/** Default credentials of the staff member app.createStaff(role) makes. */
export function staffCredentials(role: Role): Credentials {
  if (role === 'admin') return ADMIN;
  return { username: role.replace(/_/g, '-'), password: TEST_PASSWORD, displayName: `Test ${ROLE_LABELS[role]}`, role };
}

/** A key vault that behaves like a machine without a Secret Service. */
export function noKeychainVault(): KeyVault {
  const fail = async (): Promise<never> => {
    throw new KeychainUnavailableError(new Error('org.freedesktop.secrets was not provided by any .service files'));
  };
  return { get: fail, set: fail, probe: fail };
}

interface WorkerShared {
  browser: Browser | null;
  rendererUrl: string | null;
}

/** Common surface of the two launchers, as the fixture uses it. */
interface Driver {
  readonly page: Page;
  core(): Promise<Core>;
  setSavePath(file: string | null): Promise<void>;
  saveDialogs(): Promise<SaveDialogOptions[]>;
  openedUrls(): Promise<string[]>;
  restart(): Promise<void>;
  openWindow(): Promise<Page>;
  close(): Promise<void>;
  readonly dataDir: string;
}

function bridgeDriver(b: BridgedApp): Driver {
  return {
    get page() {
      return b.page;
    },
    dataDir: b.dataDir,
    core: async () => b.core,
    setSavePath: async (file) => b.setSavePath(file),
    saveDialogs: async () => [...b.saveDialogs],
    openedUrls: async () => [...b.openedUrls],
    restart: () => b.restart(),
    openWindow: () => b.openPage(),
    close: () => b.close(),
  };
}

function electronDriver(e: LaunchedElectronApp): Driver {
  return {
    get page() {
      return e.page;
    },
    dataDir: e.dataDir,
    core: () => e.setupCore(),
    setSavePath: (file) => e.setSavePath(file),
    saveDialogs: async () => {
      throw new Error('app.saveDialogs() is not available in Electron mode: the real dialog module is stubbed and records only the returned path.');
    },
    openedUrls: () => e.openedUrls(),
    restart: () => e.restart(),
    openWindow: async () => {
      throw new Error('app.openWindow() is bridge-only: the Electron app has a single window.');
    },
    close: () => e.close(),
  };
}

function bridgeOnly(options: AppOptions): string[] {
  return (['vault', 'clock', 'coreDeps'] as const).filter((k) => options[k] !== undefined);
}

export const test = base.extend<{ app: E2eApp; appOptions: AppOptions }, { e2eShared: WorkerShared }>({
  appOptions: [{}, { option: true }],

  e2eShared: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixture's dependencies from this pattern
    async ({}, use) => {
      if (e2eMode() === 'electron') {
        await use({ browser: null, rendererUrl: null });
        return;
      }
      // One browser and one static server per worker; every test gets its own context and core.
      const server = await serveStatic(RENDERER_DIR);
      const browser = await launchChromium();
      await use({ browser, rendererUrl: server.url });
      await browser.close();
      await server.close();
    },
    { scope: 'worker' },
  ],

  app: async ({ e2eShared, appOptions }, use, testInfo) => {
    const mode = e2eMode();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    const onPage = (page: Page) => {
      page.on('pageerror', (err) => pageErrors.push(`${err.name}: ${err.message}\n${err.stack ?? ''}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error') consoleErrors.push(msg.text());
      });
    };

    let driver: Driver;
    if (mode === 'bridge') {
      const vault = appOptions.vault ?? (appOptions.keychain === 'unavailable' ? noKeychainVault() : memoryVault());
      driver = bridgeDriver(
        await launchBridgedApp({
          vault,
          clock: appOptions.clock,
          coreDeps: { signInDelaysMs: [0], ...appOptions.coreDeps },
          browser: e2eShared.browser!,
          rendererUrl: e2eShared.rendererUrl!,
          onPage,
        }),
      );
    } else {
      const unsupported = bridgeOnly(appOptions);
      if (unsupported.length) {
        throw new Error(`appOptions ${unsupported.join(', ')} need the browser bridge (a core in the test process); this run uses Electron. Run with E2E_MODE=bridge for this spec.`);
      }
      driver = electronDriver(await launchElectronApp({ noKeychain: appOptions.keychain === 'unavailable', onPage }));
    }

    const connection = (conn: string): CoreConnection => ({
      call: (async (channel: ChannelName, input: unknown) => (await driver.core()).dispatch(conn, channel, input)) as CoreConnection['call'],
      must: (async (channel: ChannelName, input: unknown) => {
        const r = await (await driver.core()).dispatch(conn, channel, input);
        if (!r.ok) throw new Error(`setup call ${channel} failed: ${r.error.code}: ${r.error.message}`);
        return r.value;
      }) as CoreConnection['must'],
    });
    const setup = connection('e2e-setup');

    const ensureAdmin = async (): Promise<Credentials> => {
      const status = await setup.must('app.status', {});
      if (status.state === 'store_error') throw new Error(`The stores did not open (${status.failure.problem}): ${status.failure.message}`);
      if (status.state === 'first_run') {
        await setup.must('auth.createFirstAdmin', { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password, confirmPassword: ADMIN.password });
      }
      return ADMIN;
    };

    const signedIn = async (conn: string, creds: Credentials): Promise<CoreConnection> => {
      const c = connection(conn);
      const session = await c.must('auth.session', {});
      if (!session || session.locked || session.username !== creds.username) await c.must('auth.signIn', { username: creds.username, password: creds.password });
      return c;
    };

    const createStaff = async (role: Role, over: Partial<Omit<Credentials, 'role'>> = {}) => {
      await ensureAdmin();
      const admin = await signedIn('e2e-as-admin', ADMIN);
      const creds = { ...staffCredentials(role), ...over, role };
      const existing = (await admin.must('staff.list', {})).find((s) => s.username === creds.username);
      if (existing) return { ...creds, id: existing.id };
      const made = await admin.must('staff.create', { username: creds.username, displayName: creds.displayName, role, password: creds.password });
      return { ...creds, id: made.id };
    };

    // Named in the language on screen: English or Finnish.
    const nav = () => driver.page.getByRole('navigation', { name: /^(Main navigation|Päävalikko)$/ });

    const signIn = async (creds: Pick<Credentials, 'username' | 'password'>) => {
      const page = driver.page;
      await page.getByLabel('Username').fill(creds.username);
      await page.getByLabel('Password', { exact: true }).fill(creds.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect(nav()).toBeVisible();
    };

    const signOut = async () => {
      const page = driver.page;
      const locked = page.getByRole('dialog', { name: 'Session locked' });
      if (await locked.isVisible()) await locked.getByRole('button', { name: 'Sign out' }).click();
      else await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    };

    const app: E2eApp = {
      mode,
      get page() {
        return driver.page;
      },
      get nav() {
        return nav();
      },
      get dataDir() {
        return driver.dataDir;
      },
      core: {
        ...setup,
        async as(role) {
          const creds = role === 'admin' ? await ensureAdmin() : await createStaff(role);
          return signedIn(`e2e-as-${role}`, creds);
        },
        raw: () => driver.core(),
      },
      ensureAdmin,
      createStaff,
      signIn,
      signOut,
      async signInAs(role) {
        const creds = role === 'admin' ? await ensureAdmin() : await createStaff(role);
        const page = driver.page;
        // The page may have loaded before the staff existed (it then shows first run): reload.
        await page.reload();
        const signInButton = page.getByRole('button', { name: 'Sign in' });
        await expect(signInButton.or(page.getByRole('button', { name: 'Sign out' }).first())).toBeVisible();
        if (!(await signInButton.isVisible())) await signOut();
        await signIn(creds);
        return creds;
      },
      async openScreen(label) {
        await nav().getByRole('button', { name: label, exact: true }).click();
      },
      callAsPage: (async (channel: ChannelName, input: unknown) => {
        const [feature, verb] = channel.split('.') as [string, string];
        return driver.page.evaluate(
          ([f, v, i]) => (globalThis as unknown as { api: Record<string, Record<string, (x: unknown) => Promise<unknown>>> }).api[f]![v]!(i),
          [feature, verb, input] as const,
        );
      }) as E2eApp['callAsPage'],
      setSavePath: (file) => driver.setSavePath(file),
      saveDialogs: () => driver.saveDialogs(),
      openedUrls: () => driver.openedUrls(),
      restart: () => driver.restart(),
      openWindow: () => driver.openWindow(),
    };

    try {
      await use(app);
    } finally {
      if (testInfo.status !== testInfo.expectedStatus) {
        await testInfo
          .attach('screenshot', { body: await driver.page.screenshot({ fullPage: true }), contentType: 'image/png' })
          .catch(() => {});
        if (consoleErrors.length) await testInfo.attach('console errors', { body: consoleErrors.join('\n'), contentType: 'text/plain' });
      }
      await driver.close();
      // A passing test's data is of no further use; a failing test's stays for inspection.
      if (testInfo.status === testInfo.expectedStatus) fs.rmSync(driver.dataDir, { recursive: true, force: true });
      else await testInfo.attach('data directory', { body: driver.dataDir, contentType: 'text/plain' });
    }
    if (pageErrors.length && !appOptions.allowPageErrors) {
      throw new Error(`Uncaught error(s) in the page (set appOptions.allowPageErrors to accept them):\n${pageErrors.join('\n---\n')}`);
    }
  },
});
