import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { app, BrowserWindow, dialog, Menu, powerMonitor, protocol, session, shell } from 'electron';
import { createCore, type Core } from './core';
import { keytarVault } from './keychain/keytar-vault';
import { openFileLog, silentLogger, type FileLog } from './log/logger';
import { electronNativePaths } from './native-paths';
import { registerIpc } from './ipc';
import { appProtocolResponse, APP_SCHEME_PRIVILEGES } from './shell/app-protocol';
import { fatalDialog, type FailureWhere } from './shell/failures';
import { menuTemplate } from './shell/menu';
import { APP_SCHEME, rendererTarget } from './shell/origin';
import { shellPaths } from './shell/paths';
import { permissionCheckHandler, permissionRequestHandler } from './shell/permissions';
import { saveDialogOptions } from './shell/save-dialog';
import { updatesEnabled } from './shell/updates';
import { jsFlagsRelaunch, RELAUNCHED_ENV } from './shell/js-flags';
import { PRODUCT_NAME } from './shell/window-options';
import { allowKioskClose, connectionIdOf, createMainWindow } from './window';

// Glue only: every decision below is made in ./shell, ./log or the core, and tested under Node.

const relaunch = jsFlagsRelaunch(process.argv.slice(1), process.env);
if (relaunch) {
  process.env[RELAUNCHED_ENV] = '1';
  app.relaunch(relaunch);
  app.exit(0);
} else {
  startApp();
}

function startApp(): void {
  // Read once: a later start by this process's children (an update's restart) decides afresh.
  delete process.env[RELAUNCHED_ENV];
  const packaged = app.isPackaged;
  const paths = shellPaths({ packaged, appData: app.getPath('appData'), env: process.env });
  app.setPath('userData', paths.userData);

  // Before `ready`, as Electron requires.
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { ...APP_SCHEME_PRIVILEGES } }]);
  app.enableSandbox();

  let log: FileLog | null = null;
  try {
    log = openFileLog({ dir: paths.logDir });
  } catch {
    log = null; // an unwritable log folder must not stop the app
  }
  const logger = log?.logger ?? silentLogger;

  let failed = false;
  function fail(error: unknown, where: FailureWhere): void {
    logger.error({ err: error, where }, 'fatal');
    if (failed) return;
    failed = true;
    try {
      const d = fatalDialog(error, where, log?.file ?? null);
      dialog.showErrorBox(d.title, d.content);
    } finally {
      log?.close();
      app.exit(1);
    }
  }
  process.on('uncaughtException', (e) => fail(e, 'main'));
  process.on('unhandledRejection', (e) => fail(e, 'main'));

  if (!app.requestSingleInstanceLock()) {
    // A second instance would open the same database files; hand focus to the first one instead.
    app.quit();
  } else {
    let core: Core | null = null;
    let mainWindow: BrowserWindow | null = null;
    const target = rendererTarget({ isPackaged: packaged, devUrl: process.env['ELECTRON_RENDERER_URL'] });
    const rendererDir = path.join(__dirname, '../renderer');

    app.on('second-instance', () => {
      if (mainWindow) {
        if (mainWindow.isMinimized()) mainWindow.restore();
        mainWindow.focus();
      }
    });

    app.on('web-contents-created', (_event, contents) => {
      contents.on('will-attach-webview', (event) => event.preventDefault());
      contents.setWindowOpenHandler(() => ({ action: 'deny' }));
    });

    const start = async () => {
      Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ packaged, platform: process.platform, productName: PRODUCT_NAME })));
      session.defaultSession.setPermissionRequestHandler(permissionRequestHandler);
      session.defaultSession.setPermissionCheckHandler(permissionCheckHandler);
      session.defaultSession.setDevicePermissionHandler((details) => permissionCheckHandler(null, details.deviceType));
      protocol.handle(APP_SCHEME, (request) => appProtocolResponse(request, rendererDir));

      const appRoot = app.getAppPath();
      const native = electronNativePaths(appRoot);
      core = await createCore({
        dataDir: paths.dataDir,
        vault: keytarVault(paths.keychainService, native.keytarModule),
        resourcesDir: packaged ? path.join(process.resourcesPath, 'resources') : path.join(appRoot, 'resources'),
        nativeBinding: native.sqliteBinding,
        workerEntry: { file: path.join(__dirname, 'worker.js') },
        appVersion: app.getVersion(),
        osLocale: app.getLocale(),
        deviceName: os.hostname(),
        logger,
        // Deliver queued mail in the background; tests leave it manual (outbox.sendNow).
        mail: { pump: 'auto' },
        openExternal: (url) => shell.openExternal(url),
        onKioskChange: (connectionId, active) => {
          const win = BrowserWindow.getAllWindows().find((w) => connectionIdOf(w.webContents.id) === connectionId);
          win?.setKiosk(active);
        },
        dialogs: {
          chooseSavePath: async (opts) => {
            const options = saveDialogOptions(opts);
            const result = mainWindow ? await dialog.showSaveDialog(mainWindow, options) : await dialog.showSaveDialog(options);
            return result.canceled || !result.filePath ? null : result.filePath;
          },
        },
      });
      registerIpc(core, target);
      // After sleep the network may have changed: sync tries at once instead of waiting its backoff.
      powerMonitor.on('resume', () => core?.networkSignal('resume'));
      mainWindow = createMainWindow({
        target,
        packaged,
        preload: path.join(__dirname, '../preload/index.cjs'),
        core,
        logger,
        onGiveUp: (e) => fail(e, 'main'),
      });
      mainWindow.on('closed', () => (mainWindow = null));

      if (updatesEnabled({ packaged, updateConfigExists: fs.existsSync(path.join(process.resourcesPath, 'app-update.yml')) })) {
        const { autoUpdater } = await import('electron-updater');
        autoUpdater.logger = null;
        autoUpdater.checkForUpdatesAndNotify().catch((e: unknown) => logger.warn({ err: e }, 'update check failed'));
      }
    };
    app.whenReady().then(start).catch((e: unknown) => fail(e, 'start'));

    let closing = false;
    app.on('before-quit', (event) => {
      allowKioskClose();
      if (!core || closing) return;
      event.preventDefault();
      closing = true;
      void core
        .close()
        .catch((e: unknown) => logger.error({ err: e }, 'closing the stores failed'))
        .finally(() => {
          core = null;
          log?.close();
          app.quit();
        });
    });

    app.on('window-all-closed', () => app.quit());
  }
}
