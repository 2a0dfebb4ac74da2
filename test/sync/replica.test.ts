import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { CLIENT_VERSION_HEADER, PATHS, pushResponse, replicaFeedPage, type RecordChange } from '../../src/shared/sync/protocol';
import { applyRecordPage, ReplicaItemError } from '../../src/main/replica/sync';
import { sha256Hex } from '../../src/main/sync/outbox';
import type { Role } from '../../src/shared/roles';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';

/**
 * Staff accounts and organisation settings replicate between devices through a real hub and a real
 * PostgreSQL: office devices push and pull, booths pull the staff who may work on them. Each rule of
 * the README's "Replicated records" section has a test here.
 */

const hubs = useHub();
const ROLES: Role[] = ['admin'];
const T = Date.parse(`${TODAY}T10:00:00Z`);

const cores: TestCore[] = [];
const clocks = new Map<TestCore, ReturnType<typeof manualClock>>();
async function device(profile: 'booth' | 'office', name: string, startMs = T): Promise<TestCore> {
  const clock = manualClock(new Date(startMs));
  const t = await startCore({ clock, appVersion: '0.1.0', deviceName: name, sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
  cores.push(t);
  clocks.set(t, clock);
  await withStaff(t, ROLES);
  await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode(profile, name), deviceName: name });
  await t.must('admin', 'sync.now', {});
  return t;
}

const sync = async (...ts: TestCore[]) => {
  for (const t of ts) {
    const s = await t.must('admin', 'sync.now', {});
    expect(s.lastError).toBeNull();
  }
};

const signIn = (t: TestCore, conn: string, username: string) => t.call(conn, 'auth.signIn', { username, password: TEST_PASSWORD });

function staffRow(t: TestCore, username: string) {
  return t.core.stores!.customers.prepare('SELECT id, gid, role, disabled FROM staff WHERE username = ?').get(username) as { id: number; gid: string; role: Role; disabled: number } | undefined;
}

/** A digest of everything replication writes in customers.db. */
function digest(db: Database): string {
  const h = createHash('sha256');
  for (const q of [
    'SELECT id, gid, username, display_name, role, password_hash, disabled, language, created_at, updated_at FROM staff ORDER BY id',
    'SELECT * FROM replica_fields ORDER BY tbl, record_id, field',
    'SELECT key, value FROM settings ORDER BY key',
    'SELECT id, kind, payload FROM sync_outbox ORDER BY id',
    'SELECT * FROM sync_cursors ORDER BY feed',
  ]) {
    h.update(JSON.stringify(db.prepare(q).all()));
  }
  return h.digest('hex');
}

async function hubGet(path: string, token: string): Promise<unknown> {
  const r = await fetch(new URL(path, hubs.hub.url), { headers: { [CLIENT_VERSION_HEADER]: '0.1.0', authorization: `Bearer ${token}` } });
  return r.json();
}

describe('replicated staff and organisation settings', () => {
  it('a staff member created on one office device signs in on another office device and, as booth staff, on a booth; others are not on the booth', async () => {
    const a = await device('office', 'Office A');
    const b = await device('office', 'Office B');
    const booth = await device('booth', 'Booth 1');
    await a.must('admin', 'staff.create', { username: 'zoe', displayName: 'Zoe Booth', role: 'booth_staff', password: TEST_PASSWORD });
    await a.must('admin', 'staff.create', { username: 'otto', displayName: 'Otto Office', role: 'office_staff', password: TEST_PASSWORD });
    expect((await signIn(b, 'zoe', 'zoe')).ok).toBe(false);
    expect((await signIn(booth, 'zoe', 'zoe')).ok).toBe(false);

    await sync(a, b, booth);
    expect(await signIn(b, 'zoe', 'zoe')).toMatchObject({ ok: true, value: { username: 'zoe', role: 'booth_staff' } });
    expect(await signIn(b, 'otto', 'otto')).toMatchObject({ ok: true, value: { username: 'otto', role: 'office_staff' } });
    expect(await signIn(booth, 'zoe', 'zoe')).toMatchObject({ ok: true, value: { username: 'zoe', role: 'booth_staff' } });
    expect((await signIn(booth, 'otto', 'otto')).ok).toBe(false);
    // The same person on every device: one global id.
    expect(staffRow(b, 'zoe')!.gid).toBe(staffRow(a, 'zoe')!.gid);
    expect(staffRow(booth, 'zoe')!.gid).toBe(staffRow(a, 'zoe')!.gid);
    // A booth never holds the office account's password hash.
    expect(booth.core.stores!.customers.prepare("SELECT count(*) AS n FROM replica_fields WHERE record_id = ? AND field = 'passwordHash'").get(staffRow(a, 'otto')!.gid)).toEqual({ n: 0 });

    // Organisation settings travel too; the SMTP password never does, and a booth gets no mail server.
    const settings = await a.must('admin', 'settings.get', {});
    const { hasPassword: _has, ...smtp } = settings.smtp;
    await a.must('admin', 'settings.update', { lockAfterMinutes: 17, kioskIdleSeconds: 45, businessTimeZone: 'Europe/Stockholm', smtp: { ...smtp, host: 'smtp.ixo.fi', password: 'secret' } });
    await sync(a, b, booth);
    expect(await b.must('admin', 'settings.get', {})).toMatchObject({ lockAfterMinutes: 17, kioskIdleSeconds: 45, businessTimeZone: 'Europe/Stockholm', smtp: { host: 'smtp.ixo.fi', hasPassword: false } });
    expect(await booth.must('admin', 'settings.get', {})).toMatchObject({ lockAfterMinutes: 17, kioskIdleSeconds: 45, businessTimeZone: 'Europe/Stockholm', smtp: { host: '' } });
    for (const t of cores.splice(0)) await t.close();
  });

  it('concurrent edits of one field on two offline devices: the last writer by the hybrid clock wins everywhere, though its wall clock is an hour behind', async () => {
    const a = await device('office', 'Clock A', T);
    const b = await device('office', 'Clock B (an hour slow)', T - 3_600_000);
    const c = await device('office', 'Clock C', T);
    const booth = await device('booth', 'Clock booth', T);
    const made = await a.must('admin', 'staff.create', { username: 'dora', displayName: 'Dora', role: 'booth_staff', password: TEST_PASSWORD });
    await sync(a, c);
    // C's clock runs a second ahead of A's; B, an hour slow, syncs after C's change, so B has seen
    // a stamp A has not.
    clocks.get(c)!.advance(1_000);
    await c.must('admin', 'staff.create', { username: 'cleo', displayName: 'Cleo', role: 'office_staff', password: TEST_PASSWORD });
    await sync(c, b);

    // Offline now. B (clock 09:00) edits Dora's role; A then edits the same field, later in real
    // time and by its own clock (10:00), without having seen B's edit or C's change.
    await b.must('admin', 'staff.setRole', { id: staffRow(b, 'dora')!.id, role: 'manager' });
    await a.must('admin', 'staff.setRole', { id: made.id, role: 'office_staff' });
    const stampOf = (t: TestCore) =>
      (t.core.stores!.customers.prepare("SELECT hlc FROM replica_fields WHERE record_id = ? AND field = 'role'").get(staffRow(t, 'dora')!.gid) as { hlc: string }).hlc;
    expect(stampOf(b) > stampOf(a)).toBe(true);
    expect(Number.parseInt(stampOf(b).slice(0, 12), 16)).toBe(T + 1_000);
    expect(Number.parseInt(stampOf(a).slice(0, 12), 16)).toBe(T);
    expect(clocks.get(b)!.now().getTime()).toBe(T - 3_600_000);

    // The winner reaches the hub first; the loser's later arrival must not undo it.
    await sync(b, a, c, booth, b);
    for (const t of [a, b, c, booth]) expect(staffRow(t, 'dora')!.role).toBe('manager');
    expect(staffRow(booth, 'dora')!.disabled).toBe(0);
    for (const t of cores.splice(0)) await t.close();
  });

  it('applying the same feed page twice changes nothing; a malformed item is refused with a clear error and writes nothing', async () => {
    const a = await device('office', 'Page A');
    await a.must('admin', 'staff.create', { username: 'pia', displayName: 'Pia', role: 'manager', password: TEST_PASSWORD });
    await sync(a);
    const reader = await hubs.h.enroll(hubs.hub, 'office', 'Page reader');
    const page = replicaFeedPage.parse(await hubGet(`${PATHS.replicaFeed}?limit=1000`, reader.tokens.accessToken));
    if (page.resync) throw new Error('unexpected resync');
    expect(page.items.some((i) => i.table === 'staff' && i.fields.username?.value === 'pia')).toBe(true);

    const fresh = await startCore({ clock: manualClock(new Date(T)), appVersion: '0.1.0', deviceName: 'Fresh' });
    cores.push(fresh);
    await withStaff(fresh, ROLES);
    const db = fresh.core.stores!.customers;
    // Where settings land (the app passes its settings service, whose cache follows).
    const settings = { setValue: (key: string, value: unknown) => void db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value)) };

    // A bad item in the middle of the page: nothing of the page is written.
    const before = digest(db);
    const bad = structuredClone(page.items[0]!) as RecordChange;
    bad.fields = { ...bad.fields, role: { ...Object.values(bad.fields)[0]!, value: 'superuser' } };
    const broken = [...page.items.slice(0, 1), bad, ...page.items.slice(1)];
    expect(() => applyRecordPage(db, settings, 'office', broken, new Date(T), page.nextCursor)).toThrow(ReplicaItemError);
    expect(() => applyRecordPage(db, settings, 'office', broken, new Date(T), page.nextCursor)).toThrow(/item 2 of \d+ was refused: fields\.role\.value: .*Nothing of its page was applied/);
    expect(() => applyRecordPage(db, settings, 'office', [{ table: 'staff', recordId: bad.recordId, fields: { shoeSize: { value: 44, hlc: '000000000001-0000', node: bad.recordId } } }], new Date(T))).toThrow(
      /fields\.shoeSize: staff has no field "shoeSize"/,
    );
    expect(digest(db)).toBe(before);
    expect(staffRow(fresh, 'pia')).toBeUndefined();

    expect(applyRecordPage(db, settings, 'office', page.items, new Date(T), page.nextCursor)).toBeGreaterThan(0);
    expect(await signIn(fresh, 'pia', 'pia')).toMatchObject({ ok: true });
    const once = digest(db);
    expect(applyRecordPage(db, settings, 'office', page.items, new Date(T), page.nextCursor)).toBe(0);
    expect(digest(db)).toBe(once);

    // The hub refuses a malformed change and stores nothing of it.
    const count = async () => (await hubs.h.pool.query<{ n: number }>('SELECT (SELECT count(*) FROM replica.changes) + (SELECT count(*) FROM replica.fields) AS n')).rows[0]!.n;
    const stored = await count();
    const payload = JSON.stringify({ table: 'staff', recordId: bad.recordId, fields: { role: { value: 'superuser', hlc: 'ffffffffffff-0000', node: reader.deviceId } } });
    const r = await fetch(new URL(PATHS.replicaPush, hubs.hub.url), {
      method: 'POST',
      headers: { [CLIENT_VERSION_HEADER]: '0.1.0', authorization: `Bearer ${reader.tokens.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ items: [{ id: crypto.randomUUID(), sha256: sha256Hex(payload), payload, createdAt: new Date(T).toISOString() }] }),
    });
    const answer = pushResponse.parse(await r.json());
    expect(answer.results).toEqual([expect.objectContaining({ status: 'refused', code: 'malformed_payload', message: expect.stringContaining('fields.role.value') })]);
    expect(await count()).toBe(stored);
    for (const t of cores.splice(0)) await t.close();
  });

  // Last in the file: it stops the hub to show the booth refusing while offline.
  it('a staff member demoted or disabled on one office device is refused on another at its next sync, and on a booth offline after syncing', async () => {
    const a = await device('office', 'Lock A');
    const b = await device('office', 'Lock B');
    const booth = await device('booth', 'Lock booth');
    const bob = await a.must('admin', 'staff.create', { username: 'bob', displayName: 'Bob', role: 'admin', password: TEST_PASSWORD });
    const cy = await a.must('admin', 'staff.create', { username: 'cyd', displayName: 'Cy', role: 'booth_staff', password: TEST_PASSWORD });
    await sync(a, b, booth);
    expect((await signIn(b, 'bob', 'bob')).ok).toBe(true);
    expect((await b.call('bob', 'staff.list', {})).ok).toBe(true);
    expect((await signIn(b, 'cy', 'cyd')).ok).toBe(true);
    expect((await signIn(booth, 'bob', 'bob')).ok).toBe(true);
    expect((await signIn(booth, 'cy', 'cyd')).ok).toBe(true);

    await a.must('admin', 'staff.setRole', { id: bob.id, role: 'office_staff' });
    await a.must('admin', 'staff.setDisabled', { id: cy.id, disabled: true });
    // Not yet synced: B still lets them in.
    expect((await b.call('bob', 'staff.list', {})).ok).toBe(true);
    await sync(a);
    expect((await b.call('bob', 'staff.list', {})).ok).toBe(true);

    await sync(b);
    expect(await b.call('bob', 'staff.list', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((await b.call('cy', 'auth.session', {})) as unknown).toMatchObject({ ok: true, value: null });
    expect(await signIn(b, 'cy2', 'cyd')).toMatchObject({ ok: false, error: { code: 'unauthenticated', key: 'auth.sign_in_failed' } });

    await sync(booth);
    await hubs.hub.kill();
    expect(await signIn(booth, 'bob2', 'bob')).toMatchObject({ ok: false, error: { key: 'auth.sign_in_failed' } });
    expect(await signIn(booth, 'cy2', 'cyd')).toMatchObject({ ok: false, error: { key: 'auth.sign_in_failed' } });
    expect(staffRow(booth, 'bob')).toMatchObject({ role: 'office_staff', disabled: 1 });
    expect(staffRow(booth, 'cyd')).toMatchObject({ role: 'booth_staff', disabled: 1 });
    for (const t of cores.splice(0)) await t.close();
  });
});
