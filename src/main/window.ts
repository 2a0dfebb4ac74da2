import { BrowserWindow, shell } from 'electron';
import type { Core } from './core';
import type { Logger } from './log/logger';
import { afterRendererGone } from './shell/failures';
import { kioskSwallows } from './shell/key-guard';
import { isAppUrl, type RendererTarget } from './shell/origin';
import { isExternalLink, mainWindowOptions } from './shell/window-options';

let quitting = false;
/** Called on before-quit: a quitting app may close the kiosk window. */
export function allowKioskClose(): void {
  quitting = true;
}

/** The connection id the core knows this window's page by (ipc.ts uses the same). */
export const connectionIdOf = (webContentsId: number) => `wc-${webContentsId}`;

export interface MainWindowDeps {
  target: RendererTarget;
  packaged: boolean;
  preload: string;
  core: Core;
  logger: Logger;
  /** The renderer keeps dying: the app shows why and exits. */
  onGiveUp(error: Error): void;
}

/**
 * The main window. Every decision is in ./shell (options, links, key guard, crash policy); this
 * file only wires them to Electron.
 */
export function createMainWindow(deps: MainWindowDeps): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions({ preload: deps.preload, packaged: deps.packaged }));
  const contents = win.webContents;
  const connectionId = connectionIdOf(contents.id);
  const inKiosk = () => deps.core.inKiosk(connectionId);
  win.once('ready-to-show', () => win.show());
  const openOutside = (url: string) => void shell.openExternal(url).catch((e: unknown) => deps.logger.warn({ err: e }, 'opening a link failed'));
  const load = () => void win.loadURL(deps.target.url).catch((e: unknown) => deps.logger.error({ err: e }, 'loading the app page failed'));

  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLink(url)) openOutside(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url, deps.target)) return;
    event.preventDefault();
    if (isExternalLink(url)) openOutside(url);
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());

  // The kiosk: the window is a kiosk window while the core says so, and its keys are guarded.
  contents.on('before-input-event', (event, input) => {
    if (inKiosk() && kioskSwallows(input, process.platform)) event.preventDefault();
  });
  win.on('close', (event) => {
    if (inKiosk() && !quitting) event.preventDefault();
  });

  const crashes: number[] = [];
  contents.on('render-process-gone', (_event, details) => {
    const now = Date.now();
    const action = afterRendererGone(details.reason, crashes, now);
    crashes.push(now);
    deps.logger.error({ reason: details.reason, exitCode: details.exitCode, action }, 'renderer gone');
    switch (action) {
      case 'ignore':
        return;
      case 'reload':
        deps.core.rendererGone(connectionId);
        load();
        return;
      case 'quit':
        deps.onGiveUp(new Error(`the window's renderer stopped ${crashes.length} times (${details.reason})`));
        return;
    }
  });

  load();
  return win;
}
