/**
 * The main window's options (Electron's security checklist): a sandboxed renderer with context
 * isolation and no Node, no webviews, no spellchecker service, DevTools only in a dev build.
 */
export interface MainWindowOptions {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  kiosk: boolean;
  autoHideMenuBar: boolean;
  webPreferences: {
    preload: string;
    sandbox: true;
    contextIsolation: true;
    nodeIntegration: false;
    nodeIntegrationInWorker: false;
    nodeIntegrationInSubFrames: false;
    webviewTag: false;
    webSecurity: true;
    allowRunningInsecureContent: false;
    experimentalFeatures: false;
    navigateOnDragDrop: false;
    safeDialogs: true;
    spellcheck: false;
    devTools: boolean;
  };
}

export const PRODUCT_NAME = 'IXO Back Office';

export function mainWindowOptions(opts: { preload: string; packaged: boolean }): MainWindowOptions {
  return {
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: PRODUCT_NAME,
    kiosk: false,
    autoHideMenuBar: false,
    webPreferences: {
      preload: opts.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      spellcheck: false,
      devTools: !opts.packaged,
    },
  };
}

const EXTERNAL = /^(https:|mailto:|tel:)/i;

/** Links the page may hand to the system (browser, mail app, phone): never file:, javascript: or app:. */
export function isExternalLink(url: string): boolean {
  return EXTERNAL.test(url);
}
