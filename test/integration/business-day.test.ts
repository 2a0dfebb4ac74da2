import { afterEach, describe, expect, it } from 'vitest';
import { makeEvent, entryFor } from './booth-support';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { registerOk, registration, startCustomers, type CustomersEnv } from './customers-helpers';

/** 00:30 on 26 November 2026 in Helsinki: still 25 November in UTC. */
const HALF_PAST_MIDNIGHT = new Date('2026-11-25T22:30:00Z');

let env: CustomersEnv | undefined;
let booth: TestCore | undefined;
afterEach(async () => {
  await env?.t.close();
  await booth?.close();
  env = undefined;
  booth = undefined;
});

describe('"today" is the business day in Helsinki, from the injected clock', () => {
  it('accepts an opt-out dated today at 00:30 in Helsinki, and refuses tomorrow', async () => {
    env = await startCustomers({ clock: manualClock(HALF_PAST_MIDNIGHT) });
    const r = await registerOk(env, { marketingOptIn: true });
    const ok = await env.t.call('office_staff', 'optouts.process', { email: r.account.email, lists: ['email_marketing'], reason: 'email', requestedOn: '2026-11-26' });
    expect(ok.ok).toBe(true);
    const tomorrow = await env.t.call('office_staff', 'optouts.process', { email: r.account.email, lists: ['call_detail_reports'], reason: 'email', requestedOn: '2026-11-27' });
    expect(tomorrow.ok ? null : tomorrow.error.key).toBe('request_date.future');
  });

  it('lets a customer register at 00:30 in Helsinki on their 13th birthday, in registration and the booth alike', async () => {
    env = await startCustomers({ clock: manualClock(HALF_PAST_MIDNIGHT) });
    const reg = await env.t.must('office_staff', 'customers.register', registration(env, { birthDate: '2013-11-26', email: 'birthday@example.com' }));
    expect(reg.outcome).toBe('registered');
    const before = await env.t.must('office_staff', 'customers.checkAge', { birthDate: '2013-11-27' });
    expect(before.allowed).toBe(false);

    booth = await startCore({ clock: manualClock(HALF_PAST_MIDNIGHT) });
    await withStaff(booth, ['booth_staff', 'manager']);
    const ev = await makeEvent(booth, { startsOn: '2026-11-26', endsOn: '2026-11-26' });
    expect(await booth.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2013-11-26' })).toEqual({ eligible: true });
    expect(await booth.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2013-11-27' })).toEqual({ eligible: false });
  });

  it('refuses a birth date before 1900 in the booth and in registration, and counts nothing', async () => {
    booth = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')) });
    await withStaff(booth, ['booth_staff', 'manager']);
    const ev = await makeEvent(booth);
    const check = await booth.call('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '1850-01-01' });
    expect(check.ok ? null : check.error.key).toBe('booth.birth_date');
    const capture = await booth.call('booth_staff', 'booth.capture', await entryFor(booth, ev.id, { birthDate: '1850-01-01' }));
    expect(capture.ok ? null : capture.error.key).toBe('booth.birth_date');
    expect(booth.core.stores!.contests.prepare('SELECT count(*) AS n FROM entries').get()).toEqual({ n: 0 });
    expect((await booth.must('booth_staff', 'booth.counts', { eventId: ev.id })).notEligible).toBe(0);

    env = await startCustomers();
    const reg = await env.t.call('office_staff', 'customers.register', registration(env, { birthDate: '1899-12-31' }));
    expect(reg.ok ? null : reg.error.fields?.[0]?.key).toBe('birth_date_implausible');
  });
});
