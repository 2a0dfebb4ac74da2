import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { JS_FLAGS_SWITCH } from '../../../src/main/shell/js-flags';

/**
 * How the Electron e2e path starts the built app for one test: its own data folder, its own
 * Chromium profile (--user-data-dir, which also gives it its own single-instance lock) and its own
 * keychain service, so a test never touches the developer's real profile, data or keychain
 * entries, nor another test's. The app honours IXO_USER_DATA_DIR and IXO_KEYCHAIN_SERVICE only
 * when it is not packaged (src/main/shell/paths.ts).
 */
export interface ElectronLaunchPlan {
  args: string[];
  env: Record<string, string>;
  dataDir: string;
  userDataDir: string;
  keychainService: string;
}

export function electronLaunchPlan(opts: {
  baseEnv: Record<string, string | undefined>;
  dataDir: string;
  userDataDir: string;
  noKeychain?: boolean;
  isRoot: boolean;
  keychainService?: string;
}): ElectronLaunchPlan {
  const keychainService = opts.keychainService ?? `fi.ixo.backoffice.e2e-${randomBytes(6).toString('hex')}`;
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.baseEnv)) if (v !== undefined) env[k] = v;
  env['IXO_DATA_DIR'] = opts.dataDir;
  env['IXO_USER_DATA_DIR'] = opts.userDataDir;
  env['IXO_KEYCHAIN_SERVICE'] = keychainService;
  // A dev server URL left in the shell would load another page than the built one.
  delete env['ELECTRON_RENDERER_URL'];
  if (opts.noKeychain) env['DBUS_SESSION_BUS_ADDRESS'] = 'unix:path=/nonexistent/ixo-e2e-no-keychain';
  // Chromium refuses to run as root with its sandbox on; only then is it switched off. With its V8
  // flags given, the app does not start itself again, which would end the process Playwright holds.
  const args = [JS_FLAGS_SWITCH, '.', `--user-data-dir=${path.resolve(opts.userDataDir)}`, ...(opts.isRoot ? ['--no-sandbox'] : [])];
  return { args, env, dataDir: opts.dataDir, userDataDir: opts.userDataDir, keychainService };
}
