import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronLaunchPlan } from '../../e2e/support/electron-launch';
import { JS_FLAGS_SWITCH, jsFlagsRelaunchArgs } from '../../../src/main/shell/js-flags';
import { shellPaths } from '../../../src/main/shell/paths';

describe('the Electron e2e launch', () => {
  const base = { HOME: '/home/dev', ELECTRON_RENDERER_URL: 'http://localhost:5173', PATH: '/usr/bin' };

  it('gives each test its own profile, data folder and keychain service', () => {
    const a = electronLaunchPlan({ baseEnv: base, dataDir: '/tmp/a-data', userDataDir: '/tmp/a-profile', isRoot: false });
    const b = electronLaunchPlan({ baseEnv: base, dataDir: '/tmp/b-data', userDataDir: '/tmp/b-profile', isRoot: true });
    expect(a.args).toEqual([JS_FLAGS_SWITCH, '.', `--user-data-dir=${path.resolve('/tmp/a-profile')}`]);
    expect(jsFlagsRelaunchArgs(a.args, a.env)).toBeNull();
    expect(b.args).toContain('--no-sandbox');
    expect(a.env).toMatchObject({ IXO_DATA_DIR: '/tmp/a-data', IXO_USER_DATA_DIR: '/tmp/a-profile', PATH: '/usr/bin' });
    expect(a.env['ELECTRON_RENDERER_URL']).toBeUndefined();
    expect(a.keychainService).not.toBe(b.keychainService);
    expect(a.keychainService).not.toBe('fi.ixo.backoffice');
  });

  it('is what the app reads when unpackaged, and ignored by a packaged app', () => {
    const plan = electronLaunchPlan({ baseEnv: {}, dataDir: '/tmp/d', userDataDir: '/tmp/p', isRoot: false });
    const dev = shellPaths({ packaged: false, appData: '/home/dev/.config', env: plan.env });
    expect(dev).toEqual({ userData: '/tmp/p', dataDir: '/tmp/d', logDir: path.join('/tmp/p', 'logs'), keychainService: plan.keychainService });
    const installed = shellPaths({ packaged: true, appData: '/home/dev/.config', env: plan.env });
    expect(installed.userData).toBe(path.join('/home/dev/.config', 'ixo-backoffice'));
    expect(installed.keychainService).toBeUndefined();
    // IXO_DATA_DIR is a documented setting for installed apps too.
    expect(installed.dataDir).toBe('/tmp/d');
    expect(shellPaths({ packaged: true, appData: '/x', env: {} }).dataDir).toBe(path.join('/x', 'ixo-backoffice', 'data'));
  });
});
