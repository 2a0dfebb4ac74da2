import { afterEach, describe, expect, it } from 'vitest';
import { SIGN_IN_FAILED } from '../../src/main/auth/handlers';
import { DEFAULT_SIGN_IN_DELAYS_MS } from '../../src/main/auth/throttle';
import type { Result } from '../../src/shared/errors';
import { DEFAULT_SCRYPT_COST } from '../../src/main/auth/password';
import { manualClock, startCore, TEST_PASSWORD, TEST_PASSWORD_COST, withStaff, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const code = (r: Result<unknown>) => (r.ok ? 'ok' : r.error.code);
const MINUTE = 60_000;
const settings = (lockAfterMinutes: number) => ({ lockAfterMinutes, kioskIdleSeconds: 60, smtp: { host: '', port: 587, secure: false, user: '', from: 'x@example.test' } });

describe('password cost', () => {
  it('a core given no cost hashes new passwords at the app\'s scrypt cost; a lower test cost still signs in through the stored cost', async () => {
    const costOf = (tc: TestCore, username: string) =>
      (tc.core.stores!.customers.prepare('SELECT password_hash FROM staff WHERE username = ?').pluck().get(username) as string).split('$').slice(1, 4).map(Number);
    t = await startCore({ passwordCost: undefined });
    await withStaff(t, ['manager']);
    expect(costOf(t, 'admin')).toEqual([DEFAULT_SCRYPT_COST.N, DEFAULT_SCRYPT_COST.r, DEFAULT_SCRYPT_COST.p]);
    expect(costOf(t, 'manager')).toEqual([1 << 15, 8, 1]);
    await t.close();
    t = await startCore();
    await withStaff(t, ['manager']);
    expect(costOf(t, 'manager')).toEqual([TEST_PASSWORD_COST.N, TEST_PASSWORD_COST.r, TEST_PASSWORD_COST.p]);
    expect(code(await t.call('again', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD }))).toBe('ok');
    expect(code(await t.call('wrong', 'auth.signIn', { username: 'manager', password: `${TEST_PASSWORD}x` }))).toBe('unauthenticated');
  });
});

describe('sign-in failures', () => {
  it('answer an unknown user, a wrong password and a disabled account with the same message', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    const manager = (await t.must('admin', 'staff.list', {})).find((s) => s.role === 'manager')!;
    await t.must('admin', 'staff.setDisabled', { id: manager.id, disabled: true });

    const unknown = await t.call('x', 'auth.signIn', { username: 'nobody-here', password: TEST_PASSWORD });
    const wrong = await t.call('x', 'auth.signIn', { username: 'admin', password: 'not the password' });
    const disabled = await t.call('x', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD });
    const expected = { ok: false, error: { code: 'unauthenticated', key: 'auth.sign_in_failed', params: {}, message: SIGN_IN_FAILED } };
    expect(unknown).toEqual(expected);
    expect(wrong).toEqual(expected);
    expect(disabled).toEqual(expected);
    expect(await t.call('x', 'auth.session', {})).toEqual({ ok: true, value: null });
  });

  it('are followed by a growing delay, per username, served before the answer; success starts over', async () => {
    const clock = manualClock();
    t = await startCore({ clock, signInDelaysMs: undefined }); // the product's default delays
    await withStaff(t, []);
    const fail = async (username: string) => {
      const before = clock.slept.length;
      const r = await t!.call('x', 'auth.signIn', { username, password: 'not the password' });
      expect(code(r)).toBe('unauthenticated');
      return clock.slept.slice(before).reduce((a, b) => a + b, 0);
    };

    const known: number[] = [];
    for (let i = 0; i < DEFAULT_SIGN_IN_DELAYS_MS.length + 2; i++) known.push(await fail('admin'));
    for (let i = 1; i < known.length; i++) expect(known[i]!).toBeGreaterThanOrEqual(known[i - 1]!);
    expect(known[known.length - 1]!).toBeGreaterThan(known[0]!);
    expect(known.filter((d) => d > 0).length).toBeGreaterThanOrEqual(3);

    // An unknown username is slowed down exactly the same way, so delays reveal nothing.
    const unknown: number[] = [];
    for (let i = 0; i < known.length; i++) unknown.push(await fail('no-such-user'));
    expect(unknown).toEqual(known);

    // The right password still works (no permanent lockout) and resets the count.
    expect(code(await t.call('admin', 'auth.signIn', { username: 'admin', password: TEST_PASSWORD }))).toBe('ok');
    expect(await fail('admin')).toBe(known[0]);
  });

  it('serve configured delays exactly', async () => {
    const clock = manualClock();
    t = await startCore({ clock, signInDelaysMs: [0, 150, 400] });
    await withStaff(t, []);
    for (let i = 0; i < 4; i++) await t.call('x', 'auth.signIn', { username: 'admin', password: 'wrong password' });
    expect(clock.slept).toEqual([150, 400, 400]);
  });
});

describe('disabled staff', () => {
  it('lose their live session at the next call and cannot sign in until enabled again', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    const manager = (await t.must('admin', 'staff.list', {})).find((s) => s.role === 'manager')!;
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('ok');

    await t.must('admin', 'staff.setDisabled', { id: manager.id, disabled: true });
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('unauthenticated');
    expect(await t.call('manager', 'auth.session', {})).toEqual({ ok: true, value: null });
    expect(code(await t.call('manager', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD }))).toBe('unauthenticated');

    await t.must('admin', 'staff.setDisabled', { id: manager.id, disabled: false });
    // Enabling does not revive the old session; the person signs in again.
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('unauthenticated');
    expect(code(await t.call('manager', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD }))).toBe('ok');
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('ok');
  });
});

describe('idle lock', () => {
  it('locks after the default 5 minutes of inactivity', async () => {
    const clock = manualClock();
    t = await startCore({ clock });
    await withStaff(t, ['manager']);
    expect((await t.must('manager', 'auth.session', {}))?.lockAfterMs).toBe(5 * MINUTE);
    clock.advance(5 * MINUTE - 1000);
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('ok');
    // Each call counts as activity, so the clock starts again from here.
    clock.advance(5 * MINUTE - 1000);
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('ok');
    clock.advance(5 * MINUTE + 1);
    // A window that reloads asks for its session first: it must hear "locked" without any other call.
    expect((await t.must('manager', 'auth.session', {}))?.locked).toBe(true);
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('locked');
  });

  it('follows the lockAfterMinutes setting; only the same user’s password unlocks', async () => {
    const clock = manualClock();
    t = await startCore({ clock });
    await withStaff(t, ['manager', 'office_staff']);
    const office = (await t.must('admin', 'staff.list', {})).find((s) => s.role === 'office_staff')!;
    await t.must('admin', 'staff.resetPassword', { id: office.id, password: 'office password 2' });
    await t.must('admin', 'settings.update', settings(2));
    expect((await t.must('manager', 'auth.session', {}))?.lockAfterMs).toBe(2 * MINUTE);

    clock.advance(2 * MINUTE + 1);
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('locked');
    expect((await t.must('manager', 'auth.session', {}))?.locked).toBe(true);
    // While locked, every channel but unlock is refused.
    expect(code(await t.call('manager', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'another long one', confirmPassword: 'another long one' }))).toBe('locked');

    // Another staff member's password does not unlock this session.
    expect(code(await t.call('manager', 'auth.unlock', { password: 'office password 2' }))).toBe('unauthenticated');
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('locked');
    expect(code(await t.call('manager', 'auth.unlock', { password: 'not the password' }))).toBe('unauthenticated');
    const unlocked = await t.call('manager', 'auth.unlock', { password: TEST_PASSWORD });
    expect(unlocked.ok && unlocked.value.locked).toBe(false);
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('ok');

    // Admin's session locked too by now (same idle time), independently of the manager's.
    expect(code(await t.call('admin', 'staff.list', {}))).toBe('locked');
  });

  it('progress polling does not keep a session awake; an explicit lock locks at once', async () => {
    const clock = manualClock();
    t = await startCore({ clock });
    await withStaff(t, ['manager']);
    for (let i = 0; i < 6; i++) {
      clock.advance(MINUTE);
      expect(code(await t.call('manager', 'jobs.get', { id: '00000000-0000-4000-8000-000000000000' }))).toBe(i < 5 ? 'not_found' : 'locked');
    }
    await t.must('manager', 'auth.unlock', { password: TEST_PASSWORD });
    await t.must('manager', 'auth.lock', {});
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('locked');
  });

  it('wrong unlock passwords are throttled like sign-ins', async () => {
    const clock = manualClock();
    t = await startCore({ clock, signInDelaysMs: [0, 300, 600] });
    await withStaff(t, ['manager']);
    await t.must('manager', 'auth.lock', {});
    for (let i = 0; i < 3; i++) await t.call('manager', 'auth.unlock', { password: 'wrong' });
    expect(clock.slept).toEqual([300, 600]);
  });

  it('signing out from a locked session ends it', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    await t.must('manager', 'auth.lock', {});
    await t.must('manager', 'auth.signOut', {});
    expect(code(await t.call('manager', 'audit.list', {}))).toBe('unauthenticated');
    expect(code(await t.call('manager', 'auth.unlock', { password: TEST_PASSWORD }))).toBe('unauthenticated');
  });
});

describe('first run and own password', () => {
  it('the first admin can be created once only', async () => {
    t = await startCore();
    await withStaff(t, []);
    const again = await t.call('y', 'auth.createFirstAdmin', { username: 'second', displayName: 'Second', password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
    expect(code(again)).toBe('conflict');
    expect((await t.must('admin', 'staff.list', {})).map((s) => s.username)).toEqual(['admin']);
  });

  it('changing one’s own password needs the current one', async () => {
    t = await startCore();
    await withStaff(t, ['manager']);
    const bad = await t.call('manager', 'auth.changePassword', { currentPassword: 'wrong', newPassword: 'brand new password', confirmPassword: 'brand new password' });
    expect(code(bad)).toBe('invalid_input');
    await t.must('manager', 'auth.changePassword', { currentPassword: TEST_PASSWORD, newPassword: 'brand new password', confirmPassword: 'brand new password' });
    expect(code(await t.call('m2', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD }))).toBe('unauthenticated');
    expect(code(await t.call('m2', 'auth.signIn', { username: 'manager', password: 'brand new password' }))).toBe('ok');
  });
});
