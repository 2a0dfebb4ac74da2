import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { copyFilter, nativeStamp, nodeSupportsDesktop, repoRootOf } from '../../../scripts/electron-native.mjs';
import { tempDir } from '../../support/core';

describe('ensure-electron: the repository folder', () => {
  it('is the real path when the folder name has a space and a non-ASCII letter', () => {
    const root = path.join(tempDir(), 'Matti Meikäläinen', 'ixo app');
    const url = pathToFileURL(path.join(root, 'scripts', 'ensure-electron.mjs')).href;
    expect(url).toContain('%20'); // what import.meta.url holds
    expect(repoRootOf(url)).toBe(root);
  });

  it('is a drive path for a Windows file URL', () => {
    expect(repoRootOf('file:///C:/Users/J%C3%A4rvinen/ixo%20app/scripts/ensure-electron.mjs', { windows: true })).toBe('C:\\Users\\Järvinen\\ixo app');
  });
});

describe('ensure-electron: the .electron-native stamp', () => {
  const base = {
    electronVersion: '45.5.0',
    modules: { 'better-sqlite3-multiple-ciphers': '12.9.0', keytar: '7.9.0' },
    platform: 'linux',
    arch: 'x64',
  };

  it('changes when Electron, a module version, the platform or the CPU architecture changes', () => {
    const stamp = nativeStamp(base);
    const variants = [
      { ...base, electronVersion: '45.6.0' },
      { ...base, modules: { ...base.modules, 'better-sqlite3-multiple-ciphers': '12.10.0' } },
      { ...base, modules: { ...base.modules, keytar: '7.9.1' } },
      { ...base, platform: 'darwin' },
      { ...base, arch: 'arm64' },
    ];
    for (const v of variants) expect(nativeStamp(v), JSON.stringify(v)).not.toBe(stamp);
    expect(nativeStamp({ ...base, modules: { keytar: '7.9.0', 'better-sqlite3-multiple-ciphers': '12.9.0' } })).toBe(stamp);
  });
});

describe('ensure-electron: the copy of a module that is rebuilt', () => {
  it('leaves out only the module’s own build output, even inside a folder named build', () => {
    const mod = path.join(tempDir(), 'build', 'ixo', 'node_modules', 'keytar');
    const files = ['package.json', 'binding.gyp', 'src/keytar.cc', 'deps/lib/build/config.h', 'build/Release/keytar.node', 'build/Makefile'];
    for (const f of files) {
      fs.mkdirSync(path.dirname(path.join(mod, f)), { recursive: true });
      fs.writeFileSync(path.join(mod, f), f);
    }
    const target = path.join(tempDir(), 'copy');
    fs.cpSync(mod, target, { recursive: true, filter: copyFilter(mod) });
    const copied = files.filter((f) => fs.existsSync(path.join(target, f)));
    expect(copied).toEqual(['package.json', 'binding.gyp', 'src/keytar.cc', 'deps/lib/build/config.h']);
  });
});

describe('ensure-electron: the Node version', () => {
  it('asks for Node 22.12 or newer', () => {
    for (const v of ['v22.12.0', 'v22.20.1', 'v24.0.0', '23.1.0']) expect(nodeSupportsDesktop(v), v).toBe(true);
    for (const v of ['v20.19.0', 'v20.20.2', 'v22.11.9', 'v18.20.0']) expect(nodeSupportsDesktop(v), v).toBe(false);
  });
});
