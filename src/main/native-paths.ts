import fs from 'node:fs';
import path from 'node:path';

/**
 * Native modules are built twice: for Node (tests, benchmark) in node_modules, and for Electron in
 * .electron-native/ by scripts/ensure-electron.mjs. The app picks the Electron build when it exists.
 */
export function electronNativePaths(appRoot: string): { sqliteBinding?: string; keytarModule: string } {
  const dir = path.join(appRoot, '.electron-native');
  const sqlite = path.join(dir, 'better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
  const keytar = path.join(dir, 'keytar');
  return {
    sqliteBinding: fs.existsSync(sqlite) ? sqlite : undefined,
    keytarModule: fs.existsSync(path.join(keytar, 'build/Release/keytar.node')) ? keytar : 'keytar',
  };
}
