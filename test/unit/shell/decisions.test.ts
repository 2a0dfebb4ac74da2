import { describe, expect, it } from 'vitest';
import { afterRendererGone, fatalDialog } from '../../../src/main/shell/failures';
import { kioskSwallows, type KeyInput } from '../../../src/main/shell/key-guard';
import { menuRoles, menuTemplate } from '../../../src/main/shell/menu';
import { allowPermission, permissionCheckHandler, permissionRequestHandler } from '../../../src/main/shell/permissions';
import { saveDialogOptions } from '../../../src/main/shell/save-dialog';
import { isExternalLink, mainWindowOptions } from '../../../src/main/shell/window-options';

const PLATFORMS = ['linux', 'win32', 'darwin'] as const;

describe('the application menu', () => {
  it('has no Reload and no DevTools in a packaged build, on every OS', () => {
    for (const platform of PLATFORMS) {
      const roles = menuRoles(menuTemplate({ packaged: true, platform, productName: 'IXO Back Office' }));
      for (const role of ['reload', 'forceReload', 'toggleDevTools'] as const) expect(roles, `${platform} ${role}`).not.toContain(role);
      for (const role of ['copy', 'paste', 'cut', 'selectAll', 'undo', 'quit'] as const) expect(roles, `${platform} ${role}`).toContain(role);
    }
  });

  it('keeps Reload and DevTools in a dev build', () => {
    const roles = menuRoles(menuTemplate({ packaged: false, platform: 'linux', productName: 'IXO Back Office' }));
    expect(roles).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
  });

  it('opens with the app menu on macOS and File elsewhere', () => {
    expect(menuTemplate({ packaged: true, platform: 'darwin', productName: 'IXO Back Office' })[0]?.label).toBe('IXO Back Office');
    expect(menuTemplate({ packaged: true, platform: 'win32', productName: 'IXO Back Office' })[0]?.label).toBe('File');
  });
});

describe('permissions', () => {
  const ALL = ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'fullscreen', 'hid', 'serial', 'usb', 'midi', 'midiSysex', 'pointerLock', 'openExternal', 'display-capture', 'window-management', 'idle-detection', 'unknown'];
  it('refuses every request and every check', () => {
    for (const p of ALL) {
      expect(allowPermission(p), p).toBe(false);
      expect(permissionCheckHandler(null, p), p).toBe(false);
      let granted: boolean | undefined;
      permissionRequestHandler(null, p, (g) => (granted = g));
      expect(granted, p).toBe(false);
    }
  });
});

describe('the main window', () => {
  it('is sandboxed and isolated with no Node, no webviews, and DevTools only in a dev build', () => {
    const packaged = mainWindowOptions({ preload: '/app/out/preload/index.cjs', packaged: true });
    expect(packaged.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webviewTag: false, webSecurity: true, devTools: false });
    expect(mainWindowOptions({ preload: '/x', packaged: false }).webPreferences.devTools).toBe(true);
    expect(packaged.show).toBe(false);
  });

  it('hands only https, mailto and tel links to the system', () => {
    for (const url of ['https://ixo.fi/', 'mailto:tuki@ixo.fi', 'tel:+358401234567']) expect(isExternalLink(url), url).toBe(true);
    for (const url of ['http://ixo.fi/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://renderer/index.html', 'smb://server/share', ' https://x']) expect(isExternalLink(url), url).toBe(false);
  });
});

/** A key as Electron's before-input-event delivers it. */
const key = (k: string, code: string, mods: Partial<Pick<KeyInput, 'control' | 'meta' | 'alt' | 'shift'>> = {}, type = 'keyDown'): KeyInput => ({
  type,
  key: k,
  code,
  control: false,
  meta: false,
  alt: false,
  shift: false,
  ...mods,
});

describe('the kiosk key guard', () => {
  const swallowedEverywhere: [string, KeyInput][] = [
    ['F5 reload', key('F5', 'F5')],
    ['F11 full screen', key('F11', 'F11')],
    ['F12 DevTools', key('F12', 'F12')],
    ['Alt+F4 close', key('F4', 'F4', { alt: true })],
    ['Alt+Left back', key('ArrowLeft', 'ArrowLeft', { alt: true })],
    ['browser back key', key('BrowserBack', 'BrowserBack')],
  ];
  const byCommand = (platform: NodeJS.Platform): [string, KeyInput][] => {
    const cmd = platform === 'darwin' ? { meta: true } : { control: true };
    return [
      ['reload', key('r', 'KeyR', cmd)],
      ['hard reload', key('R', 'KeyR', { ...cmd, shift: true })],
      ['close window', key('w', 'KeyW', cmd)],
      ['quit', key('q', 'KeyQ', cmd)],
      ['DevTools', key('I', 'KeyI', { ...cmd, shift: true })],
      ['DevTools (mac)', key('i', 'KeyI', { ...cmd, alt: platform === 'darwin' })],
      ['console', key('J', 'KeyJ', { ...cmd, shift: true })],
      ['zoom in (Finnish +)', key('+', 'Minus', cmd)],
      ['zoom out (Finnish -)', key('-', 'Slash', cmd)],
      ['zoom reset', key('0', 'Digit0', cmd)],
      ['print', key('p', 'KeyP', cmd)],
      ['new window', key('n', 'KeyN', cmd)],
      ['next tab / window', key('Tab', 'Tab', cmd)],
      ['hide', key('h', 'KeyH', cmd)],
      ['minimise', key('m', 'KeyM', cmd)],
      ['cycle windows', key('<', 'IntlBackslash', cmd)],
    ];
  };
  const allowed = (platform: NodeJS.Platform): [string, KeyInput][] => {
    const cmd = platform === 'darwin' ? { meta: true } : { control: true };
    return [
      ['a letter', key('a', 'KeyA')],
      ['ä', key('ä', 'Quote')],
      ['capital Ö', key('Ö', 'Semicolon', { shift: true })],
      ['space', key(' ', 'Space')],
      ['Tab', key('Tab', 'Tab')],
      ['Shift+Tab', key('Tab', 'Tab', { shift: true })],
      ['Enter', key('Enter', 'Enter')],
      ['Backspace', key('Backspace', 'Backspace')],
      ['Escape', key('Escape', 'Escape')],
      ['arrow', key('ArrowDown', 'ArrowDown')],
      ['copy', key('c', 'KeyC', cmd)],
      ['paste', key('v', 'KeyV', cmd)],
      ['cut', key('x', 'KeyX', cmd)],
      ['select all', key('a', 'KeyA', cmd)],
      ['undo', key('z', 'KeyZ', cmd)],
      ['redo', key('Z', 'KeyZ', { ...cmd, shift: true })],
      ['@ on a Finnish keyboard', platform === 'darwin' ? key('@', 'Digit2', { alt: true }) : key('@', 'Digit2', { control: true, alt: true })],
    ];
  };

  for (const platform of PLATFORMS) {
    it(`swallows reload, close, DevTools, zoom and window keys on ${platform}`, () => {
      for (const [name, input] of [...swallowedEverywhere, ...byCommand(platform)]) expect(kioskSwallows(input, platform), name).toBe(true);
    });
    it(`lets an entrant type and edit on ${platform}`, () => {
      for (const [name, input] of allowed(platform)) expect(kioskSwallows(input, platform), name).toBe(false);
    });
  }

  it('swallows Alt alone (the menu bar) on Windows and Linux', () => {
    expect(kioskSwallows(key('Alt', 'AltLeft', { alt: true }), 'win32')).toBe(true);
    expect(kioskSwallows(key('Alt', 'AltLeft', { alt: true }), 'linux')).toBe(true);
  });

  it('acts on key presses, not releases', () => {
    expect(kioskSwallows(key('F5', 'F5', {}, 'keyUp'), 'linux')).toBe(false);
  });
});

describe('the export save dialog', () => {
  it('asks before overwriting (Linux needs to be told) and keeps title, name and filters', () => {
    const o = saveDialogOptions({ title: 'Export customers', defaultName: 'asiakkaat.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });
    expect(o.properties).toContain('showOverwriteConfirmation');
    expect(o).toMatchObject({ title: 'Export customers', defaultPath: 'asiakkaat.csv', filters: [{ name: 'CSV', extensions: ['csv'] }] });
  });
});

describe('failures outside a call', () => {
  it('names the kind of error and the log file, never the message', () => {
    const d = fatalDialog(Object.assign(new RangeError('matti@example.fi broke it'), { code: 'ERR_OUT_OF_RANGE' }), 'main', '/home/u/.config/IXO Back Office/logs/main.log');
    expect(d.title).toBe('IXO Back Office has to close');
    expect(d.content).toContain('RangeError (ERR_OUT_OF_RANGE)');
    expect(d.content).toContain('/home/u/.config/IXO Back Office/logs/main.log');
    expect(d.content).not.toContain('matti');
    expect(fatalDialog('boom', 'start', null).title).toBe('IXO Back Office could not start');
  });

  it('reloads a crashed renderer, but gives up after three crashes in a minute', () => {
    const now = 1_000_000;
    expect(afterRendererGone('crashed', [], now)).toBe('reload');
    expect(afterRendererGone('oom', [now - 1000, now - 2000], now)).toBe('reload');
    expect(afterRendererGone('crashed', [now - 1000, now - 2000, now - 3000], now)).toBe('quit');
    expect(afterRendererGone('crashed', [now - 61_000, now - 62_000, now - 63_000], now)).toBe('reload');
    expect(afterRendererGone('clean-exit', [], now)).toBe('ignore');
  });
});
