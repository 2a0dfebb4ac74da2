/**
 * Staff rules across devices, on a real hub and PostgreSQL: two admins removing each other on two
 * offline devices leave the organisation one enabled admin, the same one on every device; a booth
 * refuses staff changes, which are the office devices' to make.
 */
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/core';
import { TODAY } from '../integration/booth-support';
import { useHub } from './support';
import { officeDevices, type OfficeDevice } from './office-devices';

const hubs = useHub();
const T = Date.parse(`${TODAY}T10:00:00Z`);
const { sync, enrolled } = officeDevices({ hubs, roles: ['manager', 'office_staff'], startAt: () => T });

const gidOf = (d: OfficeDevice, username: string) => (d.t.core.stores!.customers.prepare('SELECT gid FROM staff WHERE username = ?').get(username) as { gid: string }).gid;
const idOf = (d: OfficeDevice, gid: string) => (d.t.core.stores!.customers.prepare('SELECT id FROM staff WHERE gid = ?').get(gid) as { id: number }).id;
/** Who this device lets act as an enabled admin, by gid. */
const enabledAdmins = (d: OfficeDevice) =>
  (d.t.core.stores!.customers.prepare("SELECT gid FROM staff WHERE role = 'admin' AND disabled = 0 ORDER BY gid").all() as { gid: string }[]).map((r) => r.gid);
const auditActions = (d: OfficeDevice, action: string) => d.t.core.stores!.customers.prepare('SELECT subject_id, details FROM audit_log WHERE action = ?').all(action) as { subject_id: string; details: string }[];

describe('the last enabled admin is kept', () => {
  it('two admins removing each other offline: the later removal is not applied, on both devices, and is audited', async () => {
    const a = await enrolled('Admin office A');
    const b = await enrolled('Admin office B');
    await sync(a, b, a);
    // Each device's first admin is its first staff row.
    const firstAdmin = (d: OfficeDevice) => (d.t.core.stores!.customers.prepare('SELECT gid FROM staff WHERE id = 1').get() as { gid: string }).gid;
    const adminA = firstAdmin(a);
    const adminB = firstAdmin(b);
    expect(enabledAdmins(a)).toEqual([adminA, adminB].sort());
    expect(enabledAdmins(b)).toEqual([adminA, adminB].sort());

    // Offline: A's admin disables B's admin; a minute later by its clock, B's admin demotes A's admin.
    a.clock.advance(1_000);
    await a.t.must('admin', 'staff.setDisabled', { id: idOf(a, adminB), disabled: true });
    b.clock.advance(60_000);
    await b.t.must('admin', 'staff.setRole', { id: idOf(b, adminA), role: 'manager' });
    expect(enabledAdmins(a)).toEqual([adminA]);
    expect(enabledAdmins(b)).toEqual([adminB]);

    await sync(a, b, a);
    // B's demotion came last, so it is the one not applied: A's admin stays; B's admin stays disabled.
    for (const d of [a, b]) {
      expect(enabledAdmins(d)).toEqual([adminA]);
      expect(auditActions(d, 'staff.last_admin_kept').map((r) => JSON.parse(r.details) as unknown)).toEqual([{ gid: adminA }]);
    }
    // The shared records keep the demotion: every copy holds the same values.
    const role = (d: OfficeDevice) => d.t.core.stores!.customers.prepare("SELECT value FROM replica_fields WHERE tbl = 'staff' AND record_id = ? AND field = 'role'").get(adminA) as { value: string };
    expect(JSON.parse(role(a).value)).toBe('manager');
    expect(JSON.parse(role(b).value)).toBe('manager');
    // A's admin can sign in on B and act as an admin there; B's admin cannot sign in anywhere.
    await b.t.must('kept', 'auth.signIn', { username: (b.t.core.stores!.customers.prepare('SELECT username FROM staff WHERE gid = ?').get(adminA) as { username: string }).username, password: TEST_PASSWORD });
    expect((await b.t.must('kept', 'staff.list', {})).length).toBeGreaterThan(0);
    const barred = await a.t.call('barred', 'auth.signIn', { username: (a.t.core.stores!.customers.prepare('SELECT username FROM staff WHERE gid = ?').get(adminB) as { username: string }).username, password: TEST_PASSWORD });
    expect(barred.ok).toBe(false);

    // Once another enabled admin exists, the demotion takes effect everywhere.
    a.clock.advance(1_000);
    const promoted = gidOf(a, 'manager');
    await a.t.must('admin', 'staff.setRole', { id: idOf(a, promoted), role: 'admin' });
    expect(enabledAdmins(a)).toEqual([promoted]);
    // A's admin was signed out by the demotion; the promoted manager syncs A, A's admin (still kept on B until it pulls) syncs B.
    expect(await a.t.must('manager', 'sync.now', {})).toMatchObject({ lastError: null });
    expect(await b.t.must('kept', 'sync.now', {})).toMatchObject({ lastError: null });
    expect(enabledAdmins(b)).toEqual([promoted]);
    for (const d of [a, b]) expect(auditActions(d, 'staff.last_admin_released')).toHaveLength(1);
  });
});

describe('staff changes on a booth', () => {
  it('are refused with a clear error and queue nothing: staff accounts and passwords are changed on office devices', async () => {
    const booth = await enrolled('Staff booth', 'booth');
    const db = booth.t.core.stores!.customers;
    const queued = () => db.prepare("SELECT count(*) FROM sync_outbox WHERE kind = 'record'").pluck().get();
    const before = { queued: queued(), staff: db.prepare('SELECT * FROM staff ORDER BY id').all() };
    const manager = (db.prepare("SELECT id FROM staff WHERE username = 'manager'").get() as { id: number }).id;
    const attempts = [
      await booth.t.call('admin', 'staff.create', { username: 'booth-made', displayName: 'Booth Made', role: 'booth_staff', password: TEST_PASSWORD }),
      await booth.t.call('admin', 'staff.setRole', { id: manager, role: 'booth_staff' }),
      await booth.t.call('admin', 'staff.setDisabled', { id: manager, disabled: true }),
      await booth.t.call('admin', 'staff.resetPassword', { id: manager, password: `${TEST_PASSWORD}-new` }),
      await booth.t.call('admin', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: `${TEST_PASSWORD}-mine`, confirmPassword: `${TEST_PASSWORD}-mine` }),
    ];
    for (const r of attempts) expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'sync.booth_staff', message: expect.stringMatching(/changed on an office device/) } });
    expect({ queued: queued(), staff: db.prepare('SELECT * FROM staff ORDER BY id').all() }).toEqual(before);
    expect(await booth.t.must('admin', 'sync.now', {})).toMatchObject({ pending: 0, refused: 0 });
  });
});
