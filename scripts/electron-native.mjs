// Decisions of scripts/ensure-electron.mjs, kept apart so that they are tested under Node.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Electron 45's tooling (@electron/get, @electron/rebuild) needs Node 22.12 or newer. */
export const DESKTOP_NODE = '22.12.0';

export function nodeSupportsDesktop(version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  return major > 22 || (major === 22 && minor >= 12);
}

/**
 * The repository folder of a script in scripts/, from its import.meta.url. The URL is
 * percent-encoded (spaces, ä) and on Windows reads file:///C:/…, so it is decoded by fileURLToPath.
 */
export function repoRootOf(moduleUrl, options = {}) {
  const windows = options.windows ?? process.platform === 'win32';
  const p = windows ? path.win32 : path.posix;
  return p.resolve(p.dirname(fileURLToPath(moduleUrl, { windows })), '..');
}

/**
 * What the Electron builds in .electron-native/ were made for: a change to any of these means the
 * .node files there cannot be loaded and are rebuilt.
 */
export function nativeStamp({ electronVersion, modules, platform, arch }) {
  const sorted = Object.fromEntries(Object.entries(modules).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify({ electron: electronVersion, platform, arch, modules: sorted })}\n`;
}

/**
 * Whether a module's file goes into the copy that is rebuilt for Electron: everything but the
 * module's own build/ folder (the Node build). Folders named build elsewhere (above the module, or
 * inside its sources) are kept.
 */
export function copyFilter(moduleDir) {
  const own = path.join(moduleDir, 'build');
  return (src) => src !== own && !src.startsWith(own + path.sep);
}
