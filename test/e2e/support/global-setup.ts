import { ensureAppBuilt } from './build';
import { ensureElectronNative } from './electron-app';
import { e2eMode } from './paths';

/** Builds the app once before any worker starts (workers then serve out/ as it is). */
export default function globalSetup(): void {
  const mode = e2eMode();
  process.stdout.write(`[e2e] mode: ${mode === 'bridge' ? 'browser bridge (Chromium + core in the test process)' : 'Electron'}\n`);
  ensureAppBuilt();
  if (mode === 'electron') ensureElectronNative();
}
