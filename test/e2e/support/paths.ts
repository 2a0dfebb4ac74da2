import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIR = path.join(ROOT, 'out/renderer');
export const CHROMIUM = process.env['E2E_CHROMIUM'] ?? '/usr/bin/chromium';

/**
 * Flags Debian's Chromium needs here: as root it refuses to start without --no-sandbox, and the
 * rest keep it from phoning home or popping first-run UI during a test.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-dev-shm-usage'];

export type E2eMode = 'bridge' | 'electron';

/**
 * Electron when its binary was downloaded (node_modules/electron/path.txt exists), otherwise the
 * browser bridge. E2E_MODE=bridge|electron forces one (forcing electron without a binary fails).
 */
export function e2eMode(): E2eMode {
  const forced = process.env['E2E_MODE'];
  if (forced === 'bridge' || forced === 'electron') return forced;
  if (forced) throw new Error(`E2E_MODE must be "bridge" or "electron", not ${JSON.stringify(forced)}.`);
  return fs.existsSync(path.join(ROOT, 'node_modules/electron/path.txt')) ? 'electron' : 'bridge';
}
