import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openFileLog } from '../../src/main/log/logger';
import { safeError } from '../../src/main/log/redact';
import { RotatingFile } from '../../src/main/log/rotating-file';
import { ROLES } from '../../src/shared/roles';
import { CANARY_WRITERS, canaryFactory, writeThroughEveryChannel } from '../support/canaries';
import { manualClock, startCore, tempDir, withStaff } from '../support/core';

const logFiles = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.log')).sort();
const allText = (dir: string) => logFiles(dir).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('');

describe('the rotating log file', () => {
  it('rotates by size, keeps the newest files and never splits a line', () => {
    const dir = tempDir();
    const out = new RotatingFile(path.join(dir, 'main.log'), 2048, 2);
    const lines = Array.from({ length: 100 }, (_, i) => `${JSON.stringify({ n: i, pad: 'x'.repeat(60) })}\n`);
    for (const l of lines) out.write(l);
    out.close();
    expect(logFiles(dir)).toEqual(['main.1.log', 'main.2.log', 'main.log']);
    for (const f of logFiles(dir)) {
      const size = fs.statSync(path.join(dir, f)).size;
      expect(size).toBeLessThanOrEqual(2048);
      for (const l of fs.readFileSync(path.join(dir, f), 'utf8').split('\n').filter(Boolean)) expect(() => JSON.parse(l)).not.toThrow();
    }
    // The newest line is last in main.log; the oldest kept ones are in main.2.log.
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8').trim().split('\n').at(-1)).toBe(lines[99]!.trim());
    const kept = logFiles(dir).flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').trim().split('\n'));
    expect(kept.length).toBeLessThan(100);
  });

  it('appends to the file a previous run left', () => {
    const dir = tempDir();
    const first = openFileLog({ dir });
    first.logger.info({ run: 1 }, 'started');
    first.close();
    const second = openFileLog({ dir });
    second.logger.info({ run: 2 }, 'started');
    second.close();
    expect(allText(dir).trim().split('\n').map((l) => JSON.parse(l).run)).toEqual([1, 2]);
  });
});

describe('what of an error is logged', () => {
  it('keeps type, code and stack frames, drops a message that could quote personal data', () => {
    const e = Object.assign(new TypeError('Cannot register matti.meikalainen@example.fi'), { code: 'ERR_X' });
    const s = safeError(e);
    expect(s.type).toBe('TypeError');
    expect(s.code).toBe('ERR_X');
    expect(s.message).toBeUndefined();
    expect(s.frames.length).toBeGreaterThan(0);
    expect(JSON.stringify(s)).not.toContain('matti');
  });

  it("keeps SQLite's own message, which names tables and columns", () => {
    const e = Object.assign(new Error('UNIQUE constraint failed: accounts.email'), { code: 'SQLITE_CONSTRAINT_UNIQUE' });
    expect(safeError(e).message).toBe('UNIQUE constraint failed: accounts.email');
    const quoted = Object.assign(new Error('near "Matti": syntax error'), { code: 'SQLITE_ERROR' });
    expect(safeError(quoted).message).toBeUndefined();
  });
});

describe('no personal data reaches the log', () => {
  it('finds no canary in the log after writes, refusals, internal failures and direct logging', async () => {
    const dir = tempDir();
    const log = openFileLog({ dir, maxBytes: 64 * 1024, keep: 20 });
    const { canary, issued } = canaryFactory();
    const t = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')), logger: log.logger });
    try {
      await withStaff(t, ROLES);
      for (const writer of CANARY_WRITERS) await writer.write(t, canary);
      await writeThroughEveryChannel(t, canary, '2026-11-26');

      // Every store fails under the app: each call now fails inside the core and is logged.
      t.core.stores!.customers.close();
      t.core.stores!.contests.close();
      const calls = await writeThroughEveryChannel(t, canary, '2026-11-26');
      expect(calls.filter((c) => c.code === 'internal').length).toBeGreaterThan(10);

      // And the logger itself, handed data by mistake.
      const c = canary('direct', 'letters', 'unchecked');
      log.logger.error({ err: new Error(`failed for ${c}`, { cause: new Error(c) }), input: { email: `${c}@example.com` }, details: c, nested: { password: c, name: c } }, 'misuse');
      log.logger.error({ err: `${c} thrown as a string` }, 'misuse');
    } finally {
      await t.close().catch(() => {});
      log.close();
    }

    const text = allText(dir);
    expect(text.split('\n').filter((l) => l.includes('call failed')).length).toBeGreaterThan(10);
    expect(issued.length).toBeGreaterThan(50);
    const found = issued.filter((i) => text.includes(i.value));
    expect(found.map((f) => f.label)).toEqual([]);
  }, 180_000);
});
