import path from 'node:path';
import { BrowserWindow, shell } from 'electron';

const EXTERNAL = /^(https:|mailto:|tel:)/i;

/** The app's own page: the built file, or the dev server in `npm run dev`. */
export function appUrl(): string {
  const dev = process.env['ELECTRON_RENDERER_URL'];
  return dev ?? `file://${path.join(__dirname, '../renderer/index.html')}`;
}

export function isAppUrl(url: string): boolean {
  const own = appUrl();
  return own.startsWith('file://') ? url.split(/[?#]/)[0] === own : url.startsWith(own);
}

/**
 * Hardened main window (policy 4 and 5): sandboxed renderer with context isolation and no Node,
 * a strict CSP from index.html, no navigation away from the app and no popups. External links go
 * to the system browser.
 */
export function createMainWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'IXO Back Office',
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());

  win.webContents.setWindowOpenHandler(({ url }) => {
    if (EXTERNAL.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (EXTERNAL.test(url)) void shell.openExternal(url);
  });
  win.webContents.on('will-attach-webview', (event) => event.preventDefault());
  win.webContents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  void win.loadURL(appUrl());
  return win;
}
