import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dataKeyFrom, open } from '../../src/hub/crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { insertEntry, insertOutbox } from '../../src/main/entries/repo';
import { findText } from '../../src/main/events/repo';
import type { Core } from '../../src/main/core';
import type { Role } from '../../src/shared/roles';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startHubHarness, systemPgBin, type HubHarness, type HubProcess } from '../support/hub-harness';
import { openForInspection } from '../support/inspect';
import { filesUnder, holdsText } from '../integration/dsr-support';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { TODAY } from '../integration/booth-support';

/**
 * Writes `n` entries with their outbox rows the way a capture does (same repository functions,
 * same payload shape, one transaction per entry batch), much faster than n kiosk captures. For sync
 * tests, where what matters is what leaves the outbox.
 */
export function seedEntries(t: { core: Core }, eventId: number, n: number, tag: string): string[] {
  const db = t.core.stores!.contests;
  const ev = db.prepare('SELECT id, uuid, name FROM events WHERE id = ?').get(eventId) as { id: number; uuid: string; name: string };
  const texts = db.prepare("SELECT id, kind FROM event_texts WHERE event_id = ? AND lang = 'en' ORDER BY version DESC").all(eventId) as { id: number; kind: string }[];
  const rules = findText(db, texts.find((x) => x.kind === 'rules')!.id)!;
  const notice = findText(db, texts.find((x) => x.kind === 'notice')!.id)!;
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const uuid = crypto.randomUUID();
      const capturedAt = new Date(Date.parse(`${TODAY}T09:00:00Z`) + i * 1000).toISOString();
      const email = `${tag}-${i}@example.com`;
      const entrant = { name: `Entrant ${tag} ${i}`, email, phone: '', address: 'Street 1, Helsinki', title: 'Engineer', company: 'Company Oy' };
      insertEntry(db, {
        uuid,
        eventId,
        capturedAt,
        localHour: `${TODAY} 09`,
        staffId: 1,
        device: tag,
        ...entrant,
        emailNorm: email,
        phoneNorm: '',
        answers: {},
        language: 'en',
        rulesTextId: rules.id,
        noticeTextId: notice.id,
        marketingConsent: i % 2 === 0,
        duplicateOf: null,
      });
      insertOutbox(
        db,
        uuid,
        'contest_entry',
        {
          id: uuid,
          event: { id: ev.uuid, name: ev.name },
          capturedAt,
          device: tag,
          entrant,
          answers: [],
          rules: { version: rules.version, sha256: rules.sha256 },
          marketingConsent: { granted: i % 2 === 0, notice: { version: notice.version, sha256: notice.sha256 }, method: 'booth' },
          duplicateOf: null,
        },
        capturedAt,
      );
      ids.push(uuid);
    }
  }).immediate();
  return ids;
}

export interface Hubs {
  h: HubHarness;
  hub: HubProcess;
}

/**
 * One PostgreSQL and one hub process for the whole file: started before its tests, closed after.
 * `harness` chooses the server (e.g. Debian's PostgreSQL, for a pg_dump of the hub).
 */
export function useHub(harness?: () => Promise<Parameters<typeof startHubHarness>[0]>): Hubs {
  const hubs = {} as Hubs;
  beforeAll(async () => {
    hubs.h = await startHubHarness(await harness?.());
    hubs.hub = await hubs.h.startHub();
  });
  afterAll(async () => {
    await hubs.h?.close();
  });
  return hubs;
}

/**
 * Enrolled test devices on the file's hub, closed after each test. Each has one staff member per
 * role in `roles`, a hand-driven clock, and a loop that only runs when a test asks (sync.now).
 */
export function useDevices(hubs: Hubs, roles: Role[]) {
  const cores: TestCore[] = [];
  afterEach(async () => {
    for (const c of cores.splice(0)) await c.close();
  });
  return {
    cores,
    async device(profile: 'booth' | 'office', name: string): Promise<TestCore> {
      const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0', deviceName: name, sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
      cores.push(t);
      await withStaff(t, roles);
      const s = await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode(profile, name), deviceName: name });
      expect(s.profile).toBe(profile);
      await t.must('admin', 'sync.now', {});
      return t;
    },
  };
}

/**
 * Where any of `texts` survives in a device's data folder: the raw bytes of every file (WAL
 * included, after a checkpoint of both stores) and the decrypted image of each database (free
 * pages and unused page space included). Empty when none does.
 */
export async function dataFolderHits(t: TestCore, texts: readonly string[]): Promise<string[]> {
  const stores = t.core.stores!;
  for (const db of [stores.customers, stores.contests]) db.pragma('wal_checkpoint(TRUNCATE)');
  const found: string[] = [];
  for (const file of filesUnder(t.dataDir)) {
    const bytes = readFileSync(file);
    for (const s of texts) if (holdsText(bytes, s)) found.push(`${path.relative(t.dataDir, file)}: ${s}`);
  }
  for (const store of ['customers', 'contests'] as const) {
    const db = await openForInspection(t.dataDir, store, t.vault);
    try {
      const image = db.serialize();
      for (const s of texts) if (holdsText(image, s)) found.push(`${store}.db (decrypted): ${s} (live in: ${liveRowsHolding(db, s).join(', ') || 'no row: free space'})`);
    } finally {
      db.close();
    }
  }
  return found;
}

/** The tables (and columns) whose live rows hold `text`, for a failure message. */
function liveRowsHolding(db: Database, text: string): string[] {
  const out: string[] = [];
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL%'").all() as { name: string }[];
  for (const { name } of tables) {
    for (const col of db.prepare(`SELECT name FROM pragma_table_info('${name}')`).all() as { name: string }[]) {
      const hit = db.prepare(`SELECT count(*) AS n FROM "${name}" WHERE instr(lower(CAST("${col.name}" AS TEXT)), lower(?)) > 0`).get(text) as { n: number };
      if (hit.n > 0) out.push(`${name}.${col.name}`);
    }
  }
  return out;
}

/**
 * Where any of `texts` survives on the hub: in a pg_dump of its database (needs the system
 * PostgreSQL whose pg_dump reads it: startHubHarness({ server: await startSystemPostgres() })), and
 * in the opened values of replicated records and device audit rows, which the dump holds sealed.
 */
export async function hubHits(h: HubHarness, texts: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  const dump = execFileSync(path.join(systemPgBin(), 'pg_dump'), ['-h', h.pg.host, '-p', String(h.pg.port), '-U', h.pg.user, '--no-password', h.pg.database], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, PGPASSWORD: h.pg.password },
  });
  for (const s of texts) if (holdsText(Buffer.from(dump), s)) found.push(`pg_dump: ${s}`);
  const key = dataKeyFrom(Buffer.from(h.dataKey, 'hex'));
  const fields = await h.pool.query<{ tbl: string; record_id: string; field: string; sealed: Buffer }>('SELECT tbl, record_id, field, sealed FROM replica.fields');
  for (const f of fields.rows) {
    const text = open(key, f.sealed, `replica/${f.tbl}/${f.record_id}/${f.field}`);
    for (const s of texts) if (holdsText(Buffer.from(text), s)) found.push(`replica.fields ${f.tbl}/${f.field} (opened): ${s}`);
  }
  return found;
}
