import os from 'node:os';
import path from 'node:path';
import { app, dialog, shell, type BrowserWindow } from 'electron';
import { createCore, type Core } from './core';
import { keytarVault } from './keychain/keytar-vault';
import { electronNativePaths } from './native-paths';
import { registerIpc } from './ipc';
import { createMainWindow } from './window';

app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // A second instance would open the same database files; hand focus to the first one instead.
  app.quit();
} else {
  let core: Core | null = null;
  let mainWindow: BrowserWindow | null = null;

  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(async () => {
    const appRoot = app.getAppPath();
    const native = electronNativePaths(appRoot);
    const dataDir = process.env['IXO_DATA_DIR'] ?? path.join(app.getPath('userData'), 'data');
    core = await createCore({
      dataDir,
      vault: keytarVault(undefined, native.keytarModule),
      resourcesDir: app.isPackaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources'),
      nativeBinding: native.sqliteBinding,
      workerEntry: { file: path.join(__dirname, 'worker.js') },
      appVersion: app.getVersion(),
      deviceName: os.hostname(),
      // Deliver queued mail in the background; tests leave it manual (outbox.sendNow).
      mail: { pump: 'auto' },
      openExternal: (url) => shell.openExternal(url),
      dialogs: {
        chooseSavePath: async (opts) => {
          const result = mainWindow
            ? await dialog.showSaveDialog(mainWindow, { title: opts.title, defaultPath: opts.defaultName, filters: opts.filters })
            : await dialog.showSaveDialog({ title: opts.title, defaultPath: opts.defaultName, filters: opts.filters });
          return result.canceled || !result.filePath ? null : result.filePath;
        },
      },
    });
    registerIpc(core);
    mainWindow = createMainWindow();
    mainWindow.on('closed', () => (mainWindow = null));
  });

  let closing = false;
  app.on('before-quit', (event) => {
    if (!core || closing) return;
    event.preventDefault();
    closing = true;
    void core.close().finally(() => {
      core = null;
      app.quit();
    });
  });

  app.on('window-all-closed', () => app.quit());
}
