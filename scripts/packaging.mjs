// Which installed packages go into the desktop app: those the built main process and job worker
// load at run time, and what they depend on. Everything else (the renderer's packages, bundled by
// Vite; the hub's server-only packages) stays out.
import fs from 'node:fs';
import path from 'node:path';

const PACKAGE_SPEC = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(\/[\w./-]*)?$/;

/** Bare package names imported by the built main-process bundles (out/main/*.js). */
export function runtimeImports(outMainDir) {
  const names = new Set();
  for (const f of fs.readdirSync(outMainDir, { recursive: true })) {
    if (!/\.(c|m)?js$/.test(f)) continue;
    const src = fs.readFileSync(path.join(outMainDir, f), 'utf8');
    for (const m of src.matchAll(/(?:\brequire\(\s*|\bimport\(\s*|\bfrom\s*|^import\s*)["']([^"'\n]+)["']/gm)) {
      const spec = m[1];
      if (!PACKAGE_SPEC.test(spec) || spec.startsWith('node:') || spec === 'electron') continue;
      const name = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      names.add(name);
    }
  }
  return names;
}

/**
 * The closure of `roots` over the lockfile's production dependency graph, as lockfile paths
 * (node_modules/x, node_modules/x/node_modules/y). Resolution follows Node's: the nearest
 * node_modules folder up the tree that has the package.
 */
export function dependencyClosure(lock, roots) {
  const packages = lock.packages;
  const resolve = (from, name) => {
    let dir = from;
    for (;;) {
      const candidate = dir ? `${dir}/node_modules/${name}` : `node_modules/${name}`;
      if (packages[candidate]) return candidate;
      if (!dir) return null;
      const i = dir.lastIndexOf('/node_modules/');
      dir = i === -1 ? '' : dir.slice(0, i);
    }
  };
  const seen = new Set();
  const stack = [...roots].map((n) => resolve('', n)).filter(Boolean);
  while (stack.length) {
    const p = stack.pop();
    if (seen.has(p)) continue;
    seen.add(p);
    const info = packages[p];
    for (const dep of [...Object.keys(info.dependencies ?? {}), ...Object.keys(info.optionalDependencies ?? {})]) {
      const r = resolve(p, dep);
      if (r) stack.push(r);
    }
  }
  return seen;
}

/** Loaded by a path computed at run time (keychain/keytar-vault.ts), so no import names it. */
export const DYNAMIC_IMPORTS = ['keytar'];

/** Installed packages (lockfile paths) of package.json's dependencies that the desktop app does not load. */
export function excludedPackages(root, outMainDir) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8'));
  const needed = dependencyClosure(lock, [...runtimeImports(outMainDir), ...DYNAMIC_IMPORTS]);
  const all = dependencyClosure(lock, Object.keys(pkg.dependencies ?? {}));
  return [...all].filter((p) => !needed.has(p)).sort();
}
