// Packaging: `npm run dist` builds the app (electron-vite) and then the installers for this OS.
// Linux AppImage + deb, Windows NSIS, macOS dmg. See the README's "Desktop" section.
import path from 'node:path';
import { excludedPackages } from './scripts/packaging.mjs';
import { repoRootOf } from './scripts/electron-native.mjs';
import { signingPlan } from './scripts/signing.mjs';

const root = repoRootOf(new URL('./scripts/x.mjs', import.meta.url).href);
const signing = signingPlan(process.env);
for (const line of signing.messages) process.stdout.write(`[dist] ${line}\n`);
const feed = signing.updateFeedUrl;

/** @type {import('electron-builder').Configuration} */
const config = {
  appId: 'fi.ixo.backoffice',
  productName: 'IXO Back Office',
  executableName: 'ixo-backoffice',
  copyright: 'Copyright © IXO Systems Oy',
  directories: { output: 'dist', buildResources: 'resources/icons' },
  // Only the built app: main, preload, renderer and worker bundles, without source maps; the
  // packages main loads at run time (scripts/packaging.mjs), never the hub's server-only ones.
  files: [
    'out/**/*',
    '!out/**/*.map',
    'package.json',
    '!**/*.{md,markdown,map,ts,tsx,cc,cpp,h,hpp,c,gyp,gypi,mk}',
    '!**/{test,tests,__tests__,docs,example,examples,.github,benchmark,bench}/**',
    '!**/{test,test-*,*.test,*.spec}.{js,mjs,cjs}',
    '!**/{vitest,jest,karma}.config.*',
    '!**/{tsconfig*.json,.nycrc,.eslintrc*,.prettierrc*,.editorconfig,.travis.yml}',
    '!**/node_modules/@types/**',
    '!**/build/Release/{test_extension.node,obj,obj.target,.deps}{,/**/*}',
    '!**/node_modules/*/{deps,src}/**',
    ...excludedPackages(root, path.join(root, 'out', 'main')).map((p) => `!${p}{,/**/*}`),
  ],
  asar: true,
  // Native modules cannot load from inside the asar.
  asarUnpack: ['**/*.node'],
  extraResources: [{ from: 'resources', to: 'resources', filter: ['**/*', '!icons/**'] }],
  // Native modules are rebuilt against Electron's ABI while packing (@electron/rebuild).
  npmRebuild: process.env.IXO_PACK_NO_REBUILD !== '1',
  nodeGypRebuild: false,
  // The packaging check points this at a stand-in (test/packaging); real builds download Electron.
  ...(process.env.IXO_ELECTRON_DIST ? { electronDist: process.env.IXO_ELECTRON_DIST } : {}),
  electronVersion: undefined,
  afterPack: './scripts/after-pack.mjs',
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Office',
    icon: 'resources/icons',
    synopsis: 'IXO Systems back office',
    maintainer: 'IXO Systems Oy <support@ixo.fi>',
  },
  // The desktop entry starts the main process with its V8 flags (src/main/shell/js-flags.ts), so it
  // need not start itself again. The AppImage keeps electron-builder's own arguments.
  deb: { depends: ['libsecret-1-0', 'libnss3', 'libgtk-3-0'], executableArgs: ['--js-flags=--no-memory-reducer'] },
  win: { target: ['nsis'], icon: 'resources/icons/icon.ico', ...signing.win },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true, deleteAppDataOnUninstall: false },
  mac: {
    target: ['dmg'],
    icon: 'resources/icons/icon.icns',
    category: 'public.app-category.business',
    hardenedRuntime: true,
    ...signing.mac,
  },
  dmg: { sign: false },
  publish: feed ? [{ provider: 'generic', url: feed }] : null,
};

export default config;
