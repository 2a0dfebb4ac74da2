import fs from 'node:fs';
import path from 'node:path';
import { ensureAppBuilt } from './build';
import { ensureElectronNative } from './electron-app';
import { e2eMode, ROOT } from './paths';

/** Builds the app once before any worker starts (workers then serve out/ as it is). */
export default function globalSetup(): void {
  const mode = e2eMode();
  process.stdout.write(`[e2e] mode: ${mode === 'bridge' ? 'browser bridge (Chromium + core in the test process)' : 'Electron'}\n`);
  if (mode === 'electron' && !fs.existsSync(path.join(ROOT, 'node_modules/electron/path.txt'))) {
    throw new Error('E2E_MODE=electron, but there is no Electron binary (node_modules/electron/path.txt). Run `npm start` once on a desktop machine to download it, or leave E2E_MODE unset.');
  }
  ensureAppBuilt();
  if (mode === 'electron') ensureElectronNative();
}
