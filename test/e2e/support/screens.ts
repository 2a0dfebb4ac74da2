import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { ROLE_PERMISSIONS, type Permission, type Role } from '../../../src/shared/roles';
import { en } from '../../../src/renderer/src/i18n/messages/en';
import { fi } from '../../../src/renderer/src/i18n/messages/fi';
import { ROOT } from './paths';

/** ScreenDef of src/renderer/src/screens/registry.tsx without the component (this side has no JSX). */
export interface ScreenMeta {
  id: string;
  /** The navigation label in English. */
  label: string;
  /** The navigation label in each language of the app. */
  labels: { en: string; fi: string };
  group: string;
  permission: Permission | null;
}

let cached: Promise<ScreenMeta[]> | null = null;

/**
 * The renderer's SCREENS table, read in Node so specs derive what each role should see from the
 * same source the navigation uses. Bundled with esbuild first (stylesheets and images become
 * empty modules), so a screen that imports a .css file does not break the spec.
 */
export function loadScreens(): Promise<ScreenMeta[]> {
  cached ??= (async () => {
    // Written inside the project so the external packages (react, @mantine/core) resolve from its node_modules.
    const out = path.join(ROOT, 'node_modules/.cache', `e2e-registry-${process.pid}-${Date.now()}.mjs`);
    await build({
      entryPoints: [path.join(ROOT, 'src/renderer/src/screens/registry.tsx')],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      jsx: 'automatic',
      packages: 'external',
      // dayjs's locale files cannot be imported unbundled in Node; the screen list does not need them.
      plugins: [
        {
          name: 'no-dayjs-locales',
          setup: (b) => {
            b.onResolve({ filter: /^dayjs\/locale\// }, (a) => ({ path: a.path, namespace: 'empty-locale' }));
            b.onLoad({ filter: /.*/, namespace: 'empty-locale' }, () => ({ contents: '', loader: 'js' }));
          },
        },
      ],
      logLevel: 'silent',
    });
    try {
      const mod = (await import(pathToFileURL(out).href)) as { SCREENS: readonly (Omit<ScreenMeta, 'labels' | 'label'> & { label: keyof typeof en })[] };
      return mod.SCREENS.map(({ id, label, group, permission }) => ({ id, label: en[label], labels: { en: en[label], fi: fi[label] }, group, permission }));
    } finally {
      fs.rmSync(out, { force: true });
    }
  })();
  return cached;
}

/** The screens a role may open: its permissions, plus the screens open to every signed-in user. */
export function screensFor(screens: readonly ScreenMeta[], role: Role): ScreenMeta[] {
  return screens.filter((s) => s.permission === null || ROLE_PERMISSIONS[role].includes(s.permission));
}
