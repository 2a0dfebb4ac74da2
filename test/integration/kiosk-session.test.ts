import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { entryFor, makeEvent, TODAY } from './booth-support';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A core whose kiosk changes are recorded as the Electron shell would receive them. */
async function setup() {
  const clock = manualClock(new Date(`${TODAY}T09:00:00Z`));
  const changes: [string, boolean][] = [];
  t = await startCore({ clock, onKioskChange: (conn, active) => changes.push([conn, active]) });
  await withStaff(t, ['booth_staff', 'manager']);
  const ev = await makeEvent(t);
  return { t, clock, changes, ev };
}

describe('the booth kiosk is owned by the core', () => {
  it('survives a reload and a renderer crash: the session comes back into the kiosk, not the staff session', async () => {
    const { t, changes, ev } = await setup();
    const entered = await t.must('booth_staff', 'kiosk.enter', { eventId: ev.id });
    expect(entered.kioskEventId).toBe(ev.id);
    expect(changes).toEqual([['booth_staff', true]]);
    expect(t.core.inKiosk('booth_staff')).toBe(true);
    expect(t.core.inKiosk('manager')).toBe(false);

    // A reload keeps the window's connection: the page asks for the session and finds the kiosk.
    t.core.rendererGone('booth_staff');
    const after = await t.must('booth_staff', 'auth.session', {});
    expect(after).toMatchObject({ kioskEventId: ev.id, locked: false });
    // The kiosk goes on capturing.
    expect((await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id))).outcome).toBe('saved');
  });

  it('refuses every staff call while the kiosk is up, including sign-out and lock', async () => {
    const { t, ev } = await setup();
    await t.must('booth_staff', 'kiosk.enter', { eventId: ev.id });
    for (const [channel, input] of [
      ['auth.signOut', {}],
      ['auth.lock', {}],
      ['auth.signIn', { username: 'manager', password: TEST_PASSWORD }],
      ['staff.list', {}],
      ['events.list', {}],
      ['kiosk.enter', { eventId: ev.id }],
    ] as const) {
      const r = await t.core.dispatch('booth_staff', channel, input);
      expect(r, channel).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect((await t.must('booth_staff', 'auth.session', {}))?.kioskEventId).toBe(ev.id);
  });

  it('does not fall to the staff lock screen when left idle between entrants', async () => {
    const { t, clock, ev } = await setup();
    await t.must('booth_staff', 'kiosk.enter', { eventId: ev.id });
    clock.advance(60 * 60_000);
    expect((await t.must('booth_staff', 'auth.session', {}))?.locked).toBe(false);
    expect((await t.call('booth_staff', 'booth.counts', { eventId: ev.id })).ok).toBe(true);
  });

  it('ends only with a staff password, and tells the window', async () => {
    const { t, changes, ev } = await setup();
    await t.must('booth_staff', 'kiosk.enter', { eventId: ev.id });
    const wrong = await t.call('booth_staff', 'kiosk.leave', { username: 'manager', password: 'not the password' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(t.core.inKiosk('booth_staff')).toBe(true);

    const left = await t.must('booth_staff', 'kiosk.leave', { username: 'manager', password: TEST_PASSWORD });
    expect(left).toMatchObject({ kioskEventId: null, role: 'booth_staff' });
    expect(t.core.inKiosk('booth_staff')).toBe(false);
    expect(changes).toEqual([
      ['booth_staff', true],
      ['booth_staff', false],
    ]);
    expect((await t.call('booth_staff', 'auth.lock', {})).ok).toBe(true);
    expect((await t.call('booth_staff', 'kiosk.leave', { username: 'manager', password: TEST_PASSWORD })).ok).toBe(false);
  });

  it('is refused for an event that is not on today and for roles without booth capture', async () => {
    const { t, ev } = await setup();
    const later = await makeEvent(t, { name: 'Next year', startsOn: '2027-11-01', endsOn: '2027-11-02' });
    expect(await t.call('booth_staff', 'kiosk.enter', { eventId: later.id })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(t.core.inKiosk('booth_staff')).toBe(false);
    await withStaff(t, ['office_staff']);
    expect(await t.call('office_staff', 'kiosk.enter', { eventId: ev.id })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});

describe('a renderer crash in a staff session', () => {
  it('comes back locked: the staff member enters their password to continue', async () => {
    const { t } = await setup();
    expect((await t.must('manager', 'auth.session', {}))?.locked).toBe(false);
    t.core.rendererGone('manager');
    expect((await t.must('manager', 'auth.session', {}))?.locked).toBe(true);
    expect(await t.call('manager', 'staff.list', {})).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await t.call('manager', 'auth.unlock', { password: TEST_PASSWORD })).ok).toBe(true);
  });
});
