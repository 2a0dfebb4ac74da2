import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RENDERER_DIR, ROOT } from './paths';

/** Newest modification time of any file under dir (0 when it does not exist). */
function newestMtime(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else newest = Math.max(newest, fs.statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

/**
 * The e2e tests run the BUILT app (what ships), so build it when it is missing or older than
 * its sources; a stale build would test yesterday's screens. test/run-all.sh builds first anyway.
 * E2E_SKIP_BUILD=1 uses out/ as it is.
 */
export function ensureAppBuilt(): void {
  const index = path.join(RENDERER_DIR, 'index.html');
  const main = path.join(ROOT, 'out/main/index.js');
  if (process.env['E2E_SKIP_BUILD'] === '1') {
    if (!fs.existsSync(index)) throw new Error(`E2E_SKIP_BUILD=1 but ${index} does not exist. Run \`npx electron-vite build\` first.`);
    return;
  }
  const built = fs.existsSync(index) && fs.existsSync(main) ? Math.min(fs.statSync(index).mtimeMs, fs.statSync(main).mtimeMs) : 0;
  // All of src/: the Electron path runs the built main and preload too, and a build takes a second.
  const sources = Math.max(newestMtime(path.join(ROOT, 'src')), newestMtime(path.join(ROOT, 'resources')));
  if (built !== 0 && built >= sources) return;
  withBuildLock(() => {
    // Another run may have built it while we waited for the lock.
    const again = fs.existsSync(index) && fs.existsSync(main) ? Math.min(fs.statSync(index).mtimeMs, fs.statSync(main).mtimeMs) : 0;
    if (again !== 0 && again >= sources) return;
    // All of it on stderr: `npm run -s bench -- --json` promises nothing but its JSON on stdout.
    process.stderr.write(again === 0 ? '[e2e] building the app (out/ is missing) …\n' : '[e2e] rebuilding the app (sources changed since the last build) …\n');
    execFileSync(process.execPath, [path.join(ROOT, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  });
}

/**
 * Several people (and test runs) share this work tree: two builds writing out/ at once would mix
 * their files. mkdir is atomic, so it serves as a lock; one older than two minutes is abandoned.
 */
function withBuildLock(fn: () => void): void {
  const lock = path.join(ROOT, 'node_modules/.cache/e2e-build.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 120_000) fs.rmSync(lock, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`Waited 3 minutes for another build to finish (${lock}). Remove that folder if no build is running.`);
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 250);
    }
  }
  try {
    fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
