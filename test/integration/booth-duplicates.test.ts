import { describe, expect, it } from 'vitest';
import { count, entryFor, makeEvent, useBoothCore } from './booth-support';

const setup = useBoothCore();

describe('duplicate entries', () => {
  it('tells a repeat entrant they have already entered, by normalised email or phone, and stores nothing', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const first = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'Matti.Meikalainen@Example.com', phone: '+358 40 123 4567' }));
    expect(first.outcome).toBe('saved');

    const sameEmail = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: '  matti.meikalainen@EXAMPLE.COM', phone: '' }));
    expect(sameEmail).toEqual({ outcome: 'already_entered' });
    const samePhone = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'other@example.com', phone: '00358-40-123-45-67' }));
    expect(samePhone).toEqual({ outcome: 'already_entered' });
    expect(count(t.core.stores!.contests, 'entries')).toBe(1);
    expect(count(t.core.stores!.contests, 'sync_outbox', "kind = 'contest_entry'")).toBe(1);

    // Two entrants without a phone are not duplicates of each other.
    expect((await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { phone: '' }))).outcome).toBe('saved');
    expect((await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { phone: '' }))).outcome).toBe('saved');

    // The same person may enter another event.
    const other = await makeEvent(t, { name: 'Another fair' });
    expect((await t.must('booth_staff', 'booth.capture', await entryFor(t, other.id, { email: 'matti.meikalainen@example.com' }))).outcome).toBe('saved');
  });

  it('accepts a repeat entry when the event allows it, and flags it with the earlier entry', async () => {
    const t = await setup();
    const ev = await makeEvent(t, { acceptDuplicates: true });
    const first = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'liisa@example.com' }));
    const again = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'LIISA@example.com' }));
    expect(first.outcome === 'saved' && again.outcome === 'saved').toBe(true);
    if (first.outcome !== 'saved' || again.outcome !== 'saved') return;
    expect(first.flaggedDuplicate).toBe(false);
    expect(again.flaggedDuplicate).toBe(true);

    const flagged = await t.must('manager', 'entries.list', { eventId: ev.id, duplicates: 'flagged' });
    expect(flagged.total).toBe(1);
    expect(flagged.rows[0]).toMatchObject({ id: again.entryId, duplicateOf: first.entryId });
    expect((await t.must('booth_staff', 'booth.counts', { eventId: ev.id })).flaggedDuplicates).toBe(1);

    // Switching the setting off refuses the next repeat.
    await t.must('manager', 'events.update', {
      id: ev.id,
      name: ev.name,
      startsOn: ev.startsOn,
      endsOn: ev.endsOn,
      location: ev.location,
      acceptDuplicates: false,
      rulesText: { fi: ev.rules.fi!.body, en: ev.rules.en!.body },
      noticeText: { fi: ev.notice.fi!.body, en: ev.notice.en!.body },
    });
    expect(await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'liisa@example.com' }))).toEqual({ outcome: 'already_entered' });
  });
});
