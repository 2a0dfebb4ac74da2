/**
 * Reliability: a process capturing entries through the core is SIGKILLed at random
 * moments, 200 times. After every kill both stores pass integrity_check, and every entry the
 * process acknowledged (printed after dispatch answered "saved") is on disk with its outbox row.
 * At the end every entry has exactly one capture audit row and the audit chain verifies.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/main/audit/log';
import { DEFAULT_BUSINESS_TIME_ZONE, localDateOf } from '../../src/shared/business-time';

const localDay = (d: Date) => localDateOf(DEFAULT_BUSINESS_TIME_ZONE, d);
import { openKeyed, storeFile } from '../../src/main/db/open-store';
import { memoryVault } from '../../src/main/keychain/vault';
import { RESOURCES, ROOT, startCore, tempDir, TEST_PASSWORD, withStaff } from '../support/core';

const CYCLES = 200;
/** Share of kills aimed at start-up (opening, migrating, signing in) rather than at capturing. */
const EARLY_KILL_SHARE = 0.15;

const bundleDir = path.join(ROOT, 'node_modules/.cache/ixo-booth-reliability');
const LOADER = path.join(ROOT, 'test/reliability/booth-child-loader.mjs');
let bundle: string | null = null;
afterAll(() => {
  if (bundle) for (const f of [bundle, `${bundle}.v8cache`]) fs.rmSync(f, { force: true });
});

/**
 * The child runs as one bundled, minified file under plain node, started by a loader that keeps
 * V8's compiled code between starts: tsx would cost a second of start-up per cycle, and parsing
 * and compiling the plain bundle about half a second. It is written under node_modules/.cache so
 * that the native module resolves from there.
 */
async function bundleChild(): Promise<string> {
  fs.mkdirSync(bundleDir, { recursive: true });
  const out = path.join(bundleDir, `child-${process.pid}-${randomUUID()}.cjs`);
  await build({
    entryPoints: [path.join(ROOT, 'test/reliability/booth-capture-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    minify: true,
    outfile: out,
    external: ['better-sqlite3-multiple-ciphers', 'keytar'],
    logLevel: 'error',
  });
  const warm = spawnSync(process.execPath, [LOADER, out], { env: { ...process.env, BOOTH_CHILD_WRITE_CACHE: '1' }, encoding: 'utf8' });
  if (warm.status !== 0 || !fs.existsSync(`${out}.v8cache`)) throw new Error(`the child's code cache was not written: ${warm.stderr}`);
  return out;
}

interface CycleResult {
  acks: string[];
  lines: string[];
  stderr: string;
  killedAfterReady: boolean;
  exit: { code: number | null; signal: NodeJS.Signals | null };
}

function runAndKill(file: string, env: Record<string, string>): Promise<CycleResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LOADER, file], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let stderr = '';
    let ready = false;
    let killedAfterReady = false;
    let timer: NodeJS.Timeout | null = null;
    const kill = () => {
      killedAfterReady = ready;
      child.kill('SIGKILL');
    };
    const early = Math.random() < EARLY_KILL_SHARE;
    if (early) timer = setTimeout(kill, Math.random() * 250);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      out += chunk;
      if (!ready && out.includes('READY\n')) {
        ready = true;
        // Kill somewhere in the middle of capturing: before, during or after a commit or an audit flush.
        if (!early) timer = setTimeout(kill, 5 + Math.random() * 120);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => (stderr += c));
    // A child that never gets ready or never dies is a failure, not a hang.
    const watchdog = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      if (timer) clearTimeout(timer);
      // Only whole lines count: a line cut by the kill was not an acknowledgement the test relies on.
      const lines = out.split('\n').slice(0, -1);
      resolve({ acks: lines.filter((l) => l.startsWith('ACK ')).map((l) => l.slice(4)), lines, stderr, killedAfterReady, exit: { code, signal } });
    });
  });
}

describe('booth capture survives SIGKILL', () => {
  it(`keeps every acknowledged entry and a sound file across ${CYCLES} kills`, { timeout: 600_000 }, async () => {
    const keys = { 'customers.db-key': randomBytes(32).toString('hex'), 'contests.db-key': randomBytes(32).toString('hex') };
    const dataDir = tempDir('ixo-sigkill-');
    const today = localDay(new Date());

    // Set-up through the core: staff and today's event.
    const setup = await startCore({ dataDir, vault: memoryVault(keys) });
    await withStaff(setup, ['booth_staff', 'manager']);
    const tomorrow = localDay(new Date(Date.now() + 86_400_000));
    const ev = await setup.must('manager', 'events.create', {
      name: 'Kill test fair',
      startsOn: today,
      endsOn: tomorrow,
      location: 'Lab',
      acceptDuplicates: false,
      rulesText: { fi: 'Rules.', en: 'Rules.' },
      noticeText: { fi: 'Notice.', en: 'Notice.' },
    });
    await setup.close();

    bundle = await bundleChild();
    const env = {
      BOOTH_CHILD_DIR: dataDir,
      BOOTH_CHILD_KEYS: JSON.stringify(keys),
      BOOTH_CHILD_EVENT: String(ev.id),
      BOOTH_CHILD_RESOURCES: RESOURCES,
      BOOTH_CHILD_USER: 'booth-staff',
      BOOTH_CHILD_PASSWORD: TEST_PASSWORD,
    };

    const acked = new Set<string>();
    let killsWhileCapturing = 0;
    let integrityReports = 0;
    for (let cycle = 1; cycle <= CYCLES; cycle++) {
      const r = await runAndKill(bundle, env);
      const context = `cycle ${cycle}: exit ${JSON.stringify(r.exit)}\nstdout tail: ${r.lines.slice(-3).join(' | ')}\nstderr: ${r.stderr.slice(0, 2000)}`;
      expect(r.exit.signal, context).toBe('SIGKILL');
      expect(r.lines.filter((l) => l.startsWith('FAIL')), context).toEqual([]);
      // What the restarted process saw on opening the stores (the previous cycle's kill).
      for (const line of r.lines.filter((l) => l.startsWith('INTEGRITY '))) {
        expect(line, context).toMatch(/^INTEGRITY (customers|contests) ok$/);
        integrityReports++;
      }
      if (r.killedAfterReady) killsWhileCapturing++;
      for (const id of r.acks) acked.add(id);

      // Check the files exactly as the kill left them, before the next start touches them.
      const contests = openKeyed(storeFile(dataDir, 'contests'), keys['contests.db-key'], { fileMustExist: true });
      const customers = openKeyed(storeFile(dataDir, 'customers'), keys['customers.db-key'], { fileMustExist: true });
      try {
        expect(contests.pragma('integrity_check', { simple: true }), context).toBe('ok');
        expect(customers.pragma('integrity_check', { simple: true }), context).toBe('ok');
        const stored = new Set((contests.prepare('SELECT uuid FROM entries').pluck().all() as string[]));
        const missing = [...acked].filter((id) => !stored.has(id));
        expect(missing, context).toEqual([]);
        const withoutOutbox = contests.prepare('SELECT count(*) FROM entries e LEFT JOIN sync_outbox o ON o.id = e.uuid WHERE o.id IS NULL').pluck().get();
        expect(withoutOutbox, context).toBe(0);
      } finally {
        contests.close();
        customers.close();
      }
    }

    expect(killsWhileCapturing).toBeGreaterThan(CYCLES / 2);
    expect(acked.size).toBeGreaterThan(CYCLES / 2);
    expect(integrityReports).toBeGreaterThan(CYCLES);

    // After the last kill: the next start audits whatever a kill left unaudited, each entry once.
    const after = await startCore({ dataDir, vault: memoryVault(keys) });
    try {
      await after.must('manager', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD });
      const events = await after.must('manager', 'entries.events', {});
      const entries = after.core.stores!.contests.prepare('SELECT count(*) FROM entries').pluck().get() as number;
      expect(events[0]!.entryCount).toBe(entries);
      expect(entries).toBeGreaterThanOrEqual(acked.size);
      const audit = after.core.stores!.customers.prepare("SELECT count(*) AS n, count(DISTINCT subject_id) AS d FROM audit_log WHERE action = 'entries.capture'").get() as { n: number; d: number };
      expect(audit).toEqual({ n: entries, d: entries });
      expect(verifyAudit(after.core.stores!.customers).ok).toBe(true);
      console.log(`[sigkill] ${CYCLES} kills (${killsWhileCapturing} while capturing), ${acked.size} acknowledged entries, ${entries} stored`);
    } finally {
      await after.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
