import { localDateOf, localHourOf } from '../../src/shared/business-time';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock, startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';
import { entryFor, makeEvent, TODAY } from './booth-support';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('managers: entries of an event', () => {
  it('lists with search, duplicate flags and consent status; counts by day and hour; audits every view without personal data', async () => {
    // The business time zone (Helsinki by default) decides the booth's day and hour, whatever the machine's zone.
    const clock = manualClock(new Date(`${TODAY}T09:15:00`));
    t = await startCore({ clock });
    await withStaff(t, ['booth_staff', 'manager']);
    const ev = await makeEvent(t, { acceptDuplicates: true, endsOn: '2026-11-27' });
    const capture = async (over: Parameters<typeof entryFor>[2]) => {
      const r = await t!.must('booth_staff', 'booth.capture', await entryFor(t!, ev.id, over));
      if (r.outcome !== 'saved') throw new Error(r.outcome);
      return r.entryId;
    };
    // Hours pass between entrants; sessions lock after 5 idle minutes, so staff unlock as they would.
    const later = async (ms: number) => {
      clock.advance(ms);
      for (const conn of ['booth_staff', 'manager']) {
        const s = await t!.must(conn, 'auth.session', {});
        if (s?.locked) await t!.must(conn, 'auth.unlock', { password: TEST_PASSWORD });
      }
    };
    const anna = await capture({ name: 'Anna Korhonen', email: 'anna@korhonen.fi', phone: '+358 50 111 2222', company: 'Nokia', marketingConsent: true });
    await later(10 * 60_000);
    await capture({ name: 'Bertil Berg', email: 'bertil@example.se', phone: '', company: 'Ericsson' });
    await later(2 * 3600_000);
    const annaAgain = await capture({ name: 'Anna K.', email: 'ANNA@korhonen.fi', phone: '', company: 'Nokia', marketingConsent: false });
    await later(24 * 3600_000);
    await capture({ name: 'Cecilia Dahl', email: 'cecilia@example.com', phone: '', company: '100% Oy', marketingConsent: true });

    const all = await t.must('manager', 'entries.list', { eventId: ev.id });
    expect(all.total).toBe(4);
    expect(all.rows.map((r) => r.name)).toEqual(['Cecilia Dahl', 'Anna K.', 'Bertil Berg', 'Anna Korhonen']);

    const search = async (s: string) => (await t!.must('manager', 'entries.list', { eventId: ev.id, search: s })).rows.map((r) => r.name).sort();
    expect(await search('anna')).toEqual(['Anna K.', 'Anna Korhonen']);
    expect(await search('KORHONEN.FI')).toEqual(['Anna K.', 'Anna Korhonen']);
    expect(await search('ericsson')).toEqual(['Bertil Berg']);
    // A national number typed with its trunk 0 finds the international form.
    expect(await search('050 111')).toEqual(['Anna Korhonen']);
    expect(await search('50 111 22')).toEqual(['Anna Korhonen']);
    // LIKE wildcards in the search are taken literally.
    expect(await search('100%')).toEqual(['Cecilia Dahl']);
    expect(await search('_')).toEqual([]);

    const consented = await t.must('manager', 'entries.list', { eventId: ev.id, consent: 'given' });
    expect(consented.rows.map((r) => r.name).sort()).toEqual(['Anna Korhonen', 'Cecilia Dahl']);
    const notConsented = await t.must('manager', 'entries.list', { eventId: ev.id, consent: 'not_given' });
    expect(notConsented.total).toBe(2);
    const flagged = await t.must('manager', 'entries.list', { eventId: ev.id, duplicates: 'flagged' });
    expect(flagged.rows).toEqual([expect.objectContaining({ id: annaAgain, duplicateOf: anna, marketingConsent: false })]);
    const page2 = await t.must('manager', 'entries.list', { eventId: ev.id, limit: 3, offset: 3 });
    expect(page2).toMatchObject({ total: 4, rows: [expect.objectContaining({ name: 'Anna Korhonen' })] });

    const stats = await t.must('manager', 'entries.stats', { eventId: ev.id });
    const local = (d: Date) => ({ day: localDateOf('Europe/Helsinki', d), hour: Number(localHourOf('Europe/Helsinki', d).slice(11)) });
    const start = new Date(`${TODAY}T09:15:00`);
    const h = (ms: number) => local(new Date(start.getTime() + ms));
    expect(stats).toMatchObject({ total: 4, consented: 2, flaggedDuplicates: 1, notEligible: 0 });
    expect(stats.byHour).toEqual([
      { ...h(0), count: 2 },
      { ...h((2 * 60 + 10) * 60_000), count: 1 },
      { ...h((26 * 60 + 10) * 60_000), count: 1 },
    ]);
    expect(stats.byDay).toEqual([
      { day: h(0).day, count: 3 },
      { day: h((26 * 60 + 10) * 60_000).day, count: 1 },
    ]);

    const detail = await t.must('manager', 'entries.get', { id: anna });
    expect(detail).toMatchObject({ id: anna, name: 'Anna Korhonen', address: 'Mannerheimintie 1\n00100 Helsinki', marketingConsent: true, duplicateOf: null, eventId: ev.id });

    // Every view above wrote a read.* row naming the event or entry by id, and no personal data.
    const reads = t.core.stores!.customers.prepare("SELECT action, subject_type, subject_id, details FROM audit_log WHERE action LIKE 'read.%' ORDER BY seq").all() as {
      action: string;
      subject_type: string;
      subject_id: string;
      details: string;
    }[];
    expect(reads.map((r) => r.action)).toEqual([...Array<string>(12).fill('read.entries'), 'read.entry_counts', 'read.entry']);
    expect(reads.at(-1)).toMatchObject({ subject_type: 'entry', subject_id: anna });
    expect(reads[0]).toMatchObject({ subject_type: 'event', subject_id: String(ev.id) });
    expect(JSON.parse(reads[1]!.details)).toMatchObject({ searched: true, rows: 2 });
    expect(reads.map((r) => r.details).join()).not.toMatch(/anna|korhonen|ericsson|50 111/i);
    const audited = await t.must('manager', 'audit.list', { readsOnly: true, limit: 100 });
    expect(audited.rows.length).toBe(14);
  });

  it('lists events with their entry counts for the entries screen', async () => {
    t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)) });
    await withStaff(t, ['booth_staff', 'manager']);
    const a = await makeEvent(t, { name: 'A' });
    await makeEvent(t, { name: 'B' });
    await t.must('booth_staff', 'booth.capture', await entryFor(t, a.id));
    const events = await t.must('manager', 'entries.events', {});
    expect(events.map((e) => [e.name, e.entryCount]).sort()).toEqual([
      ['A', 1],
      ['B', 0],
    ]);
    const missing = await t.call('manager', 'entries.get', { id: '00000000-0000-4000-8000-000000000000' });
    expect(missing.ok ? null : missing.error.code).toBe('not_found');
  });
});
