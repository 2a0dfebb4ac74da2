import { afterEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../src/main/auth/password';
import { CHANNEL_NAMES, contract } from '../../src/shared/contract';
import type { Result } from '../../src/shared/errors';
import { PERMISSIONS, ROLE_PERMISSIONS, ROLES, type Permission } from '../../src/shared/roles';
import { startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { storedTexts } from '../support/inspect';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const staffId = async (t: TestCore, username: string) => (await t.must('admin', 'staff.list', {})).find((s) => s.username === username)!.id;

interface AuditRowDb {
  seq: number;
  actor_id: number | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string;
}
const auditRows = (t: TestCore) => t.core.stores!.customers.prepare('SELECT seq, actor_id, action, subject_type, subject_id, details FROM audit_log ORDER BY seq').all() as AuditRowDb[];

/** What an admin may do. Everything else in the matrix touches customer or contest data. */
// sync.manage covers enrolling and revoking devices: device names and counts, never a customer's data.
// audit.central shows each device's audit chain state: device names and row numbers, never a row's content.
const ADMIN_SCOPE: readonly Permission[] = ['staff.manage', 'settings.manage', 'products.manage', 'audit.read', 'sync.manage', 'audit.central'];

describe('roles', () => {
  it('a role change takes effect on the next call, without signing in again', async () => {
    t = await startCore();
    await withStaff(t, ['manager', 'booth_staff']);
    const manager = await staffId(t, 'manager');
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('ok');
    await t.must('admin', 'staff.setRole', { id: manager, role: 'booth_staff' });
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('forbidden');
    const session = await t.must('manager', 'auth.session', {});
    expect(session?.role).toBe('booth_staff');
    expect(session?.permissions).toEqual([...ROLE_PERMISSIONS.booth_staff]);

    const booth = await staffId(t, 'booth-staff');
    expect(code(await t.call('booth_staff', 'staff.list', {}))).toBe('forbidden');
    await t.must('admin', 'staff.setRole', { id: booth, role: 'admin' });
    expect(code(await t.call('booth_staff', 'staff.list', {}))).toBe('ok');
  });

  it('the last active admin can be neither demoted nor disabled', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    const admin = await staffId(t, 'admin');
    expect(code(await t.call('admin', 'staff.setRole', { id: admin, role: 'manager' }))).toBe('conflict');
    expect(code(await t.call('admin', 'staff.setDisabled', { id: admin, disabled: true }))).toBe('conflict');

    // A disabled second admin does not count.
    const second = (await t.must('admin', 'staff.create', { username: 'admin2', displayName: 'Second Admin', role: 'admin', password: TEST_PASSWORD })).id;
    await t.must('admin', 'staff.setDisabled', { id: second, disabled: true });
    expect(code(await t.call('admin', 'staff.setRole', { id: admin, role: 'manager' }))).toBe('conflict');
    expect(code(await t.call('admin', 'staff.setDisabled', { id: admin, disabled: true }))).toBe('conflict');

    // With another active admin, the first may step down; then the second is the last one.
    await t.must('admin', 'staff.setDisabled', { id: second, disabled: false });
    await t.must('admin2', 'auth.signIn', { username: 'admin2', password: TEST_PASSWORD });
    expect((await t.must('admin', 'staff.setRole', { id: admin, role: 'manager' })).role).toBe('manager');
    expect(code(await t.call('admin2', 'staff.setRole', { id: second, role: 'manager' }))).toBe('conflict');
    expect(code(await t.call('admin2', 'staff.setDisabled', { id: second, disabled: true }))).toBe('conflict');
    const admins = (await t.must('admin2', 'staff.list', {})).filter((s) => s.role === 'admin' && !s.disabled);
    expect(admins.map((s) => s.id)).toEqual([second]);
  });

  it('admins see no customer data: no customer-data permission, and refused on every such channel', async () => {
    expect(ROLE_PERMISSIONS.admin.filter((p) => !ADMIN_SCOPE.includes(p))).toEqual([]);
    t = await startCore();
    await withStaff(t, []);
    const customerChannels = CHANNEL_NAMES.filter((n) => {
      const access = contract[n].access as string;
      return (PERMISSIONS as readonly string[]).includes(access) && !ADMIN_SCOPE.includes(access as Permission);
    });
    expect(customerChannels.length).toBeGreaterThan(0);
    for (const name of customerChannels) expect(code(await t.core.dispatch('admin', name, {})), name).toBe('forbidden');
  });

  it('every role exists and has at least one permission', () => {
    expect([...ROLES].sort()).toEqual(['admin', 'billing_clerk', 'booth_staff', 'customer_service', 'manager', 'office_staff']);
    for (const r of ROLES) expect(ROLE_PERMISSIONS[r].length, r).toBeGreaterThan(0);
  });
});

describe('staff accounts', () => {
  it('usernames are unique regardless of case', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    const r = await t.call('admin', 'staff.create', { username: 'MANAGER', displayName: 'Another', role: 'manager', password: TEST_PASSWORD });
    expect(code(r)).toBe('conflict');
    expect(!r.ok && r.error.fields?.[0]?.path).toBe('username');
  });

  it('a password reset replaces the old password', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    await t.must('admin', 'staff.resetPassword', { id: await staffId(t, 'manager'), password: 'a brand new password' });
    expect(code(await t.call('m2', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD }))).toBe('unauthenticated');
    expect(code(await t.call('m2', 'auth.signIn', { username: 'manager', password: 'a brand new password' }))).toBe('ok');
  });

  it('unknown staff ids are not_found', async () => {
    t = await startCore();
    await withStaff(t, []);
    expect(code(await t.call('admin', 'staff.setRole', { id: 999, role: 'manager' }))).toBe('not_found');
    expect(code(await t.call('admin', 'staff.setDisabled', { id: 999, disabled: true }))).toBe('not_found');
    expect(code(await t.call('admin', 'staff.resetPassword', { id: 999, password: 'long enough password' }))).toBe('not_found');
  });

  it('passwords are stored only as scrypt hashes; the plaintext is nowhere in either database or in any answer', async () => {
    t = await startCore();
    await withStaff(t, ROLES);
    const reset = 'reset to this password';
    await t.must('admin', 'staff.resetPassword', { id: await staffId(t, 'manager'), password: reset });
    const rows = t.core.stores!.customers.prepare('SELECT username, password_hash FROM staff').all() as { username: string; password_hash: string }[];
    expect(rows).toHaveLength(ROLES.length);
    for (const r of rows) {
      expect(r.password_hash, r.username).toMatch(/^scrypt\$\d+\$\d+\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
      expect(await verifyPassword(r.username === 'manager' ? reset : TEST_PASSWORD, r.password_hash)).toBe(true);
    }
    for (const db of [t.core.stores!.customers, t.core.stores!.contests]) {
      for (const text of storedTexts(db)) {
        expect(text).not.toContain(TEST_PASSWORD);
        expect(text).not.toContain(reset);
      }
    }
    const listed = JSON.stringify(await t.must('admin', 'staff.list', {}));
    expect(listed).not.toMatch(/scrypt|password/i);
    expect(JSON.stringify(await t.must('admin', 'audit.list', { limit: 500 }))).not.toMatch(/scrypt|correct horse|reset to this/);
  });
});

describe('audit of sign-ins and staff changes', () => {
  it('writes a row for each, naming people by id only', async () => {
    t = await startCore();
    await withStaff(t, []);
    const admin = await staffId(t, 'admin');
    const start = auditRows(t).length;

    const member = (await t.must('admin', 'staff.create', { username: 'clerk', displayName: 'Clara Clerk', role: 'billing_clerk', password: TEST_PASSWORD })).id;
    await t.must('admin', 'staff.setRole', { id: member, role: 'customer_service' });
    await t.must('admin', 'staff.setDisabled', { id: member, disabled: true });
    await t.must('admin', 'staff.setDisabled', { id: member, disabled: false });
    await t.must('admin', 'staff.resetPassword', { id: member, password: 'new clerk password' });
    await t.call('c', 'auth.signIn', { username: 'clerk', password: 'wrong password here' });
    await t.call('c', 'auth.signIn', { username: 'typed-by-mistake', password: 'wrong password here' });
    await t.must('c', 'auth.signIn', { username: 'clerk', password: 'new clerk password' });
    await t.must('c', 'auth.signOut', {});
    // No-ops write nothing.
    await t.must('admin', 'staff.setRole', { id: member, role: 'customer_service' });

    const rows = auditRows(t).slice(start);
    const s = String(member);
    expect(rows.map((r) => [r.action, r.actor_id, r.subject_type, r.subject_id])).toEqual([
      ['staff.create', admin, 'staff', s],
      ['staff.set_role', admin, 'staff', s],
      ['staff.disable', admin, 'staff', s],
      ['staff.enable', admin, 'staff', s],
      ['staff.reset_password', admin, 'staff', s],
      ['auth.sign_in_failed', null, 'staff', s],
      ['auth.sign_in_failed', null, null, null],
      ['auth.sign_in', member, 'staff', s],
      ['auth.sign_out', member, 'staff', s],
    ]);
    expect(JSON.parse(rows[1]!.details)).toEqual({ from: 'billing_clerk', to: 'customer_service' });
    expect(JSON.parse(rows[5]!.details)).toEqual({ reason: 'bad_password' });
    expect(JSON.parse(rows[6]!.details)).toEqual({ reason: 'unknown_user' });
    const all = JSON.stringify(rows);
    for (const secret of ['typed-by-mistake', 'wrong password here', 'new clerk password', 'Clara Clerk', 'clerk"']) expect(all).not.toContain(secret);
  });

  it('refused staff changes write nothing', async () => {
    t = await startCore();
    await withStaff(t, []);
    const before = auditRows(t).length;
    await t.call('admin', 'staff.setRole', { id: await staffId(t, 'admin'), role: 'manager' });
    await t.call('admin', 'staff.create', { username: 'admin', displayName: 'Dup', role: 'manager', password: TEST_PASSWORD });
    expect(auditRows(t).length).toBe(before);
  });
});
