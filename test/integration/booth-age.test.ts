import { describe, expect, it } from 'vitest';
import { count, entryFor, makeEvent, nextTurn, tableCounts, useBoothCore } from './booth-support';

const setup = useBoothCore();

describe('neutral age screen (policy 6)', () => {
  it('decides on whole years: 13 today is eligible, 13 tomorrow is not', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    expect(await t.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2013-11-26' })).toEqual({ eligible: true });
    expect(await t.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2013-11-27' })).toEqual({ eligible: false });
    expect(await t.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '1950-01-01' })).toEqual({ eligible: true });
    expect(await t.must('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2020-02-29' })).toEqual({ eligible: false });
    expect((await t.must('booth_staff', 'booth.counts', { eventId: ev.id })).notEligible).toBe(2);
  });

  it('refuses an under-13 entry at capture too, and keeps nothing but the anonymous count', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const contests = t.core.stores!.contests;
    const customers = t.core.stores!.customers;
    const contestsBefore = tableCounts(contests, ['age_refusals']);
    const auditBefore = count(customers, 'audit_log');

    // A kiosk that skipped the age screen: the core checks again.
    const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { birthDate: '2015-06-01', name: 'Young Person', email: 'young@example.com' }));
    expect(r).toEqual({ outcome: 'not_eligible' });
    await nextTurn();

    expect(tableCounts(contests, ['age_refusals'])).toEqual(contestsBefore);
    expect(contests.prepare('SELECT * FROM age_refusals').all()).toEqual([{ event_id: ev.id, count: 1 }]);
    // No audit row either: an audit row would keep the time of the refusal, and nothing but the count may stay.
    expect(count(customers, 'audit_log')).toBe(auditBefore);
    const everything = JSON.stringify([contests.prepare('SELECT * FROM sync_outbox').all(), contests.prepare('SELECT * FROM entries').all(), customers.prepare('SELECT * FROM audit_log').all()]);
    expect(everything).not.toMatch(/Young Person|young@example|2015-06-01/);

    const stats = await t.must('manager', 'entries.stats', { eventId: ev.id });
    expect(stats.notEligible).toBe(1);
    expect(stats.total).toBe(0);
  });

  it('treats a birth date in the future as a typing mistake, with the same neutral words, and counts nothing', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const r = await t.call('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2030-01-01' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('invalid_input');
      expect(r.error.message).not.toMatch(/13|thirteen|old|age|young/i);
    }
    const notReal = await t.call('booth_staff', 'booth.checkAge', { eventId: ev.id, birthDate: '2001-02-30' });
    expect(notReal.ok).toBe(false);
    expect((await t.must('booth_staff', 'booth.counts', { eventId: ev.id })).notEligible).toBe(0);
  });

  it('keeps counts per event', async () => {
    const t = await setup();
    const a = await makeEvent(t, { name: 'A' });
    const b = await makeEvent(t, { name: 'B' });
    await t.must('booth_staff', 'booth.checkAge', { eventId: a.id, birthDate: '2016-01-01' });
    await t.must('booth_staff', 'booth.checkAge', { eventId: a.id, birthDate: '2017-01-01' });
    await t.must('booth_staff', 'booth.checkAge', { eventId: b.id, birthDate: '2018-01-01' });
    expect((await t.must('booth_staff', 'booth.counts', { eventId: a.id })).notEligible).toBe(2);
    expect((await t.must('booth_staff', 'booth.counts', { eventId: b.id })).notEligible).toBe(1);
  });
});
