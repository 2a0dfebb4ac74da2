/**
 * The central audit against a real PostgreSQL and real hub processes: devices push their
 * hash-chained audit logs in their sync rounds, the hub checks each chain as rows arrive, and a
 * manager or admin on an office device reads every device's state through dispatch (audit.central).
 * Tampering is done the way a person with the laptop's keys would do it: a second, raw connection to
 * the device's encrypted customers.db, append-only triggers dropped, rows edited.
 */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { appendAudit } from '../../src/main/audit/log';
import { keyAccount, openKeyed, storeFile } from '../../src/main/db/open-store';
import { AUDIT_SENT_KEY } from '../../src/main/sync/audit-push';
import { sha256Hex } from '../../src/main/sync/outbox';
import { AUDIT_GENESIS, auditHashInput } from '../../src/shared/sync/audit-chain';
import { auditPushResponse, PATHS, type AuditChainRow } from '../../src/shared/sync';
import type { CentralAuditDevice } from '../../src/shared/contract/audit';
import { call } from '../support/hub-harness';
import { startFaultProxy } from '../support/fault-proxy';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { TODAY } from '../integration/booth-support';
import { useDevices, useHub } from './support';

const hubs = useHub();
const devices = useDevices(hubs, ['manager', 'office_staff']);

const localHead = (t: TestCore): number => (t.core.stores!.customers.prepare('SELECT coalesce(max(seq), 0) AS n FROM audit_log').get() as { n: number }).n;

async function deviceId(t: TestCore): Promise<string> {
  const c = JSON.parse((await t.vault.get('sync-credential'))!) as { deviceId: string };
  return c.deviceId;
}

/** What the hub holds for one device: row count and seq range. */
async function held(id: string): Promise<{ n: number; min: number | null; max: number | null }> {
  const r = await hubs.h.pool.query<{ n: string; min: string | null; max: string | null }>('SELECT count(*) AS n, min(seq) AS min, max(seq) AS max FROM hub.device_audit WHERE device_id = $1', [id]);
  const x = r.rows[0]!;
  return { n: Number(x.n), min: x.min === null ? null : Number(x.min), max: x.max === null ? null : Number(x.max) };
}

/** Opens the device's customers.db beside the running app, as a tamperer with the key would, and edits audit rows. */
async function tamper(t: TestCore, edit: (db: Database) => void): Promise<void> {
  const db = openKeyed(storeFile(t.dataDir, 'customers'), (await t.vault.get(keyAccount('customers')))!, { fileMustExist: true });
  try {
    db.exec('BEGIN IMMEDIATE; DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
    edit(db);
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/** Real audited actions on the device: each staff change writes one or more audit rows. */
async function work(t: TestCore, tag: string, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await t.must('admin', 'staff.create', { username: `${tag}-${i}`, displayName: `Staff ${tag} ${i}`, role: 'office_staff', password: 'correct horse battery' });
  }
}

async function central(t: TestCore, conn = 'manager'): Promise<Map<string, CentralAuditDevice>> {
  const r = await t.must(conn, 'audit.central', {});
  return new Map(r.devices.map((d) => [d.name, d]));
}

/** A well-formed chain of `n` rows, hashed as a device hashes its log. */
function rawChain(n: number, details: (seq: number) => string = () => '{}'): AuditChainRow[] {
  const rows: AuditChainRow[] = [];
  let prev = AUDIT_GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const f = { seq, at: `${TODAY}T09:00:0${seq}.000Z`, actor_id: 1, actor_name: 'X', action: 'settings.update', subject_type: null, subject_id: null, details: details(seq) };
    const hash = sha256Hex(auditHashInput(prev, f));
    rows.push({ seq, at: f.at, actorId: 1, actorName: 'X', action: f.action, subjectType: null, subjectId: null, details: f.details, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('central audit', () => {
  it('chains from an office device and a booth reach the hub whole and verify; details and staff names are sealed at rest', async () => {
    const office = await devices.device('office', 'Office A');
    const booth = await devices.device('booth', 'Booth A');
    await work(office, 'a', 3);
    await office.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    const [o, b] = [localHead(office), localHead(booth)];
    expect(b).toBeGreaterThan(3);
    for (const [t, n] of [[office, o], [booth, b]] as const) expect(await held(await deviceId(t))).toEqual({ n, min: 1, max: n });

    const view = await central(office);
    expect(view.get('Office A')).toMatchObject({ received: o, haveThrough: o, verifiedThrough: o, finding: null, thisDevice: true, profile: 'office' });
    expect(view.get('Booth A')).toMatchObject({ received: b, haveThrough: b, verifiedThrough: b, finding: null, thisDevice: false, profile: 'booth' });
    // The admin sees the same view (both roles may; see the README's sync section).
    expect((await central(office, 'admin')).get('Booth A')?.verifiedThrough).toBe(b);

    const sealed = await hubs.h.pool.query<{ actor_sealed: Buffer; details_sealed: Buffer }>('SELECT actor_sealed, details_sealed FROM hub.device_audit WHERE device_id = $1', [
      await deviceId(office),
    ]);
    const all = Buffer.concat(sealed.rows.flatMap((r) => [r.actor_sealed, r.details_sealed]));
    expect(all.includes('Ada Admin')).toBe(false);
    expect(all.includes('Staff a 1')).toBe(false);
    const plain = await hubs.h.pool.query<{ n: string }>("SELECT count(*) AS n FROM hub.device_audit WHERE at LIKE '20%'");
    expect(Number(plain.rows[0]!.n)).toBeGreaterThanOrEqual(o + b);
  });

  it('a row altered on one device’s disk is named with that device and row, and later correct rows do not clear it', async () => {
    const a = await devices.device('office', 'Office B1');
    const b = await devices.device('office', 'Office B2');
    await b.must('admin', 'sync.now', {});
    await work(a, 'b', 4);
    const head = localHead(a);
    const target = head - 2;
    await tamper(a, (db) => db.prepare(`UPDATE audit_log SET details = '{"note":"nothing to see"}' WHERE seq = ?`).run(target));
    await a.must('admin', 'sync.now', {});

    let view = await central(b);
    expect(view.get('Office B1')?.finding).toMatchObject({ seq: target, problem: 'altered' });
    expect(view.get('Office B1')?.verifiedThrough).toBe(target - 1);
    expect(view.get('Office B2')?.finding).toBeNull();
    // Devices with a finding come first.
    expect((await b.must('manager', 'audit.central', {})).devices[0]?.name).toBe('Office B1');

    await work(a, 'b-later', 2);
    await a.must('admin', 'sync.now', {});
    view = await central(b);
    expect(view.get('Office B1')?.haveThrough).toBe(localHead(a));
    expect(view.get('Office B1')?.finding).toMatchObject({ seq: target, problem: 'altered' });
  });

  it('a removed row and two swapped rows are named at their rows', async () => {
    const removed = await devices.device('office', 'Office C1');
    const swapped = await devices.device('office', 'Office C2');
    await work(removed, 'c1', 4);
    await work(swapped, 'c2', 4);
    const gone = localHead(removed) - 2;
    await tamper(removed, (db) => expect(db.prepare('DELETE FROM audit_log WHERE seq = ?').run(gone).changes).toBe(1));
    const first = localHead(swapped) - 3;
    await tamper(swapped, (db) => {
      db.prepare('UPDATE audit_log SET seq = -1 WHERE seq = ?').run(first);
      db.prepare('UPDATE audit_log SET seq = ? WHERE seq = ?').run(first, first + 1);
      db.prepare('UPDATE audit_log SET seq = ? WHERE seq = -1').run(first + 1);
    });
    await removed.must('admin', 'sync.now', {});
    await swapped.must('admin', 'sync.now', {});
    const view = await central(removed);
    expect(view.get('Office C1')?.finding).toMatchObject({ seq: gone, problem: 'removed' });
    expect(view.get('Office C2')?.finding).toMatchObject({ seq: first, problem: 'reordered' });
    expect(view.get('Office C2')?.verifiedThrough).toBe(first - 1);
  });

  it('pushing the same rows twice stores nothing twice', async () => {
    const t = await devices.device('office', 'Office D');
    await work(t, 'd', 2);
    await t.must('admin', 'sync.now', {});
    const id = await deviceId(t);
    const before = await held(id);
    expect(before.n).toBe(localHead(t));
    // The device forgets what the hub said it holds and sends its whole chain again.
    const db = t.core.stores!.customers;
    db.transaction(() => db.prepare('UPDATE settings SET value = ? WHERE key = ?').run('0', AUDIT_SENT_KEY)).immediate();
    expect((await t.must('admin', 'sync.now', {})).state).toBe('synced');
    expect(await held(id)).toEqual(before);
    const mark = db.prepare('SELECT value FROM settings WHERE key = ?').get(AUDIT_SENT_KEY) as { value: string };
    expect(Number(mark.value)).toBe(localHead(t));
    expect((await central(t)).get('Office D')).toMatchObject({ received: before.n, verifiedThrough: before.n, finding: null });
  });

  it('a connection cut mid-batch (answer lost after the hub committed, then a request lost before it) resumes without gaps', async () => {
    const proxy = await startFaultProxy({ target: hubs.hub.url, seed: 7, faultIf: (_m, path) => path === PATHS.auditPush });
    try {
      const t = await startCore({
        clock: manualClock(new Date(`${TODAY}T09:00:00Z`)),
        appVersion: '0.1.0',
        deviceName: 'Office E',
        sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 },
      });
      devices.cores.push(t);
      await withStaff(t, ['manager']);
      // 1,200 more rows through the real append: three batches of 500.
      const db = t.core.stores!.customers;
      db.transaction(() => {
        for (let i = 0; i < 1200; i++) appendAudit(db, new Date().toISOString(), { actorId: 1, actorName: 'Ada Admin', action: 'settings.update', details: { i } });
      }).immediate();
      proxy.configure({ dropAfterCommit: 1 });
      const s1 = await t.must('admin', 'sync.enroll', { hubUrl: proxy.url, code: await hubs.h.createCode('office', 'Office E'), deviceName: 'Office E' });
      expect(s1.profile).toBe('office');
      expect((await t.must('admin', 'sync.now', {})).state).toBe('offline');
      expect(proxy.stats.droppedAfterCommit).toBeGreaterThanOrEqual(1);
      const id = await deviceId(t);
      expect((await held(id)).n).toBe(500);
      proxy.configure({ dropAfterCommit: 0, failBeforeHub: 1 });
      expect((await t.must('admin', 'sync.now', {})).state).toBe('offline');
      expect(proxy.stats.failedBeforeHub).toBeGreaterThanOrEqual(1);
      proxy.configure({ failBeforeHub: 0 });
      expect((await t.must('admin', 'sync.now', {})).state).toBe('synced');
      const n = localHead(t);
      expect(n).toBeGreaterThan(1200);
      expect(await held(id)).toEqual({ n, min: 1, max: n });
      expect((await central(t)).get('Office E')).toMatchObject({ received: n, haveThrough: n, verifiedThrough: n, finding: null });
    } finally {
      await proxy.close();
    }
  });

  it('a row the hub already holds that comes again with other content is named as altered', async () => {
    const x = await hubs.h.enroll(hubs.hub, 'office', 'Raw W');
    const rows = rawChain(4);
    expect(auditPushResponse.parse((await call(hubs.hub.url, PATHS.auditPush, { body: { after: 0, rows }, token: x.tokens.accessToken })).body).finding).toBeNull();
    // The device's row 2 was rewritten (and the chain after it re-hashed) once the hub had it.
    const rewritten = rawChain(4, (seq) => (seq === 2 ? '{"note":"rewritten"}' : '{}'));
    const again = auditPushResponse.parse((await call(hubs.hub.url, PATHS.auditPush, { body: { after: 0, rows: rewritten }, token: x.tokens.accessToken })).body);
    expect(again).toMatchObject({ haveThrough: 4, stored: 0, duplicates: 1, finding: { seq: 2, problem: 'altered' } });
    expect(await held(x.deviceId)).toEqual({ n: 4, min: 1, max: 4 });
  });

  it('a device cannot push into another device’s chain', async () => {
    const x = await hubs.h.enroll(hubs.hub, 'office', 'Raw X');
    const y = await hubs.h.enroll(hubs.hub, 'booth', 'Raw Y');
    const rows = rawChain(3);
    const first = await call(hubs.hub.url, PATHS.auditPush, { body: { after: 0, rows }, token: x.tokens.accessToken });
    expect(first.status).toBe(200);
    expect(auditPushResponse.parse(first.body)).toMatchObject({ haveThrough: 3, stored: 3, duplicates: 0, finding: null });
    const again = await call(hubs.hub.url, PATHS.auditPush, { body: { after: 0, rows }, token: x.tokens.accessToken });
    expect(auditPushResponse.parse(again.body)).toMatchObject({ haveThrough: 3, stored: 0, duplicates: 3, finding: null });

    // Naming another device is refused outright; nothing is written anywhere.
    const named = await call<{ error: { code: string } }>(hubs.hub.url, PATHS.auditPush, { body: { deviceId: x.deviceId, after: 0, rows }, token: y.tokens.accessToken });
    expect(named.status).toBe(400);
    expect(named.body.error.code).toBe('bad_request');
    expect(await held(y.deviceId)).toEqual({ n: 0, min: null, max: null });
    // The same rows with Y's token are filed under Y, never X.
    const asY = await call(hubs.hub.url, PATHS.auditPush, { body: { after: 0, rows: [{ ...rows[0]!, actorName: 'Y' }, ...rows.slice(1)] }, token: y.tokens.accessToken });
    expect(auditPushResponse.parse(asY.body).stored).toBe(3);
    expect(await held(x.deviceId)).toEqual({ n: 3, min: 1, max: 3 });
    const states = await hubs.h.pool.query<{ device_id: string; bad_seq: string | null }>('SELECT device_id, bad_seq FROM hub.audit_chains WHERE device_id = ANY($1::uuid[])', [
      [x.deviceId, y.deviceId],
    ]);
    const byId = new Map(states.rows.map((r) => [r.device_id, r.bad_seq]));
    expect(byId.get(x.deviceId)).toBeNull();
    // Y's first row was changed (its staff name) after it was hashed: the hub names it.
    expect(byId.get(y.deviceId)).toBe('1');
  });

  it('a role without the permission is refused through dispatch, and a booth is refused in words', async () => {
    const office = await devices.device('office', 'Office F');
    const asked = async () => Number((await hubs.h.pool.query<{ n: string }>("SELECT count(*) AS n FROM hub.audit WHERE action = 'audit_read'")).rows[0]!.n);
    const before = await asked();
    const r = await office.call('office_staff', 'audit.central', {});
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.code).toBe('forbidden');
    expect(await asked()).toBe(before);

    const booth = await devices.device('booth', 'Booth F');
    const b = await booth.call('manager', 'audit.central', {});
    expect(b.ok).toBe(false);
    expect(!b.ok && b.error.key).toBe('audit.central_office_only');
    expect(await asked()).toBe(before);
    expect((await office.call('manager', 'audit.central', {})).ok).toBe(true);
    expect(await asked()).toBe(before + 1);
  });
});
