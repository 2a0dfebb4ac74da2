import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';
import { withContentSecurityPolicy } from './src/main/shell/csp';

/** Writes the page's CSP after every other plugin has added its inline scripts (see csp.ts). */
export function contentSecurityPolicyPlugin(): Plugin {
  return { name: 'ixo-content-security-policy', transformIndexHtml: { order: 'post', handler: (html) => withContentSecurityPolicy(html) } };
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        // The job worker is its own entry: worker threads load it by file name at run time.
        input: { index: resolve('src/main/index.ts'), worker: resolve('src/main/jobs/worker.ts') },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require packages, so zod and the contract are bundled into it.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    build: { rollupOptions: { input: resolve('src/renderer/index.html') } },
    plugins: [react(), contentSecurityPolicyPlugin()],
  },
});
