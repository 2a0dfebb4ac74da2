// Prepares Electron for `npm start` / `npm run dev` on a desktop machine:
// 1. downloads the Electron binary if npm skipped its install script (allowScripts keeps it off so
//    that installs on machines without internet access, such as CI, still succeed);
// 2. builds the native modules a second time, against Electron's ABI, into .electron-native/.
//    The Node builds in node_modules stay untouched for tests and the benchmark.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { copyFilter, DESKTOP_NODE, nativeStamp, nodeSupportsDesktop, repoRootOf } from './electron-native.mjs';

if (!nodeSupportsDesktop(process.version)) {
  process.stdout.write(`[ensure-electron] Node ${process.version} is too old for Electron's tooling: install Node ${DESKTOP_NODE} or newer (see README, Desktop).\n`);
  process.exit(1);
}

const root = repoRootOf(import.meta.url);
const require = createRequire(path.join(root, 'package.json'));
const electronDir = path.dirname(require.resolve('electron/package.json'));
const electronVersion = JSON.parse(fs.readFileSync(path.join(electronDir, 'package.json'), 'utf8')).version;

function step(message) {
  process.stdout.write(`[ensure-electron] ${message}\n`);
}

const pathFile = path.join(electronDir, 'path.txt');
if (!fs.existsSync(pathFile)) {
  step(`downloading Electron ${electronVersion} …`);
  try {
    execFileSync(process.execPath, [path.join(electronDir, 'install.js')], { stdio: 'inherit', cwd: electronDir });
  } catch {
    step('Electron could not be downloaded. Check the internet connection, then run `npm start` again.');
    process.exit(1);
  }
}

const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const nativeRoot = path.join(root, '.electron-native');
const modules = [
  { name: 'better-sqlite3-multiple-ciphers', binary: 'build/Release/better_sqlite3.node' },
  { name: 'keytar', binary: 'build/Release/keytar.node' },
];
const stampFile = path.join(nativeRoot, 'stamp.json');
const versionOf = (name) => JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
const wanted = nativeStamp({
  electronVersion,
  modules: Object.fromEntries(modules.map((m) => [m.name, versionOf(m.name)])),
  platform: process.platform,
  arch: process.arch,
});
const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8') : '';

for (const mod of modules) {
  const target = path.join(nativeRoot, mod.name);
  if (stamp === wanted && fs.existsSync(path.join(target, mod.binary))) continue;
  step(`building ${mod.name} for Electron ${electronVersion} (${process.platform}-${process.arch}) …`);
  fs.rmSync(target, { recursive: true, force: true });
  const source = path.dirname(require.resolve(`${mod.name}/package.json`));
  fs.cpSync(source, target, { recursive: true, filter: copyFilter(source) });
  const env = { ...process.env };
  delete env.npm_config_nodedir; // a machine-wide nodedir would point node-gyp at Node's headers
  execFileSync(process.execPath, [nodeGyp, 'rebuild', '--release', `--target=${electronVersion}`, `--arch=${process.arch}`, '--dist-url=https://electronjs.org/headers'], { cwd: target, stdio: 'inherit', env });
}
fs.mkdirSync(nativeRoot, { recursive: true });
fs.writeFileSync(stampFile, wanted);
step('ready');
