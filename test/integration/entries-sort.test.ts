import { describe, expect, it } from 'vitest';
import { entryFor, makeEvent, useBoothCore } from './booth-support';

const boothCore = useBoothCore();

// Captured in this order; two share a name and two share an email so the tie-break shows.
const PEOPLE = [
  { name: 'Björk Anna', email: 'c@example.com', phone: '040 100 0001' },
  { name: 'aalto Eero', email: 'a@example.com', phone: '040 100 0002' },
  { name: 'Mäkinen Juha', email: 'b@example.com', phone: '040 100 0003' },
  { name: 'Björk Anna', email: 'd@example.com', phone: '040 100 0004' },
  { name: 'Mäkinen Liisa', email: 'e@example.com', phone: '040 100 0005' },
];

async function seeded() {
  const t = await boothCore();
  const ev = await makeEvent(t);
  for (const p of PEOPLE) await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, p));
  const listed = async (over: Record<string, unknown>) => (await t.must('manager', 'entries.list', { eventId: ev.id, ...over })).rows.map((r) => `${r.name}/${r.email}`);
  return { t, ev, listed };
}

const label = (i: number) => `${PEOPLE[i]!.name}/${PEOPLE[i]!.email}`;

describe('entries.list sorts in the core, with capture order breaking ties', () => {
  it('orders by each column both ways, newest first by default', async () => {
    const { listed } = await seeded();
    expect(await listed({})).toEqual([4, 3, 2, 1, 0].map(label));
    expect(await listed({ sort: 'created_desc' })).toEqual([4, 3, 2, 1, 0].map(label));
    expect(await listed({ sort: 'created_asc' })).toEqual([0, 1, 2, 3, 4].map(label));
    // Case-insensitive by name; the two "Björk Anna" keep capture order ascending, reverse descending.
    expect(await listed({ sort: 'name_asc' })).toEqual([1, 0, 3, 2, 4].map(label));
    expect(await listed({ sort: 'name_desc' })).toEqual([4, 2, 3, 0, 1].map(label));
    expect(await listed({ sort: 'email_asc' })).toEqual([1, 2, 0, 3, 4].map(label));
    expect(await listed({ sort: 'email_desc' })).toEqual([4, 3, 0, 2, 1].map(label));
  });

  it('pages a sorted list without losing or repeating a row at the page boundaries, ties included', async () => {
    const { listed } = await seeded();
    for (const sort of ['name_asc', 'name_desc', 'created_asc']) {
      const whole = await listed({ sort });
      const pages = [...(await listed({ sort, limit: 2, offset: 0 })), ...(await listed({ sort, limit: 2, offset: 2 })), ...(await listed({ sort, limit: 2, offset: 4 }))];
      expect(pages, sort).toEqual(whole);
    }
    expect(await listed({ sort: 'name_asc', limit: 2, offset: 5 })).toEqual([]);
  });

  it('sorts every search match, not only the page, and keeps newest first as the search default', async () => {
    const { listed } = await seeded();
    expect(await listed({ search: 'makinen' })).toEqual([4, 2].map(label));
    expect(await listed({ search: 'makinen', sort: 'name_asc' })).toEqual([2, 4].map(label));
    expect(await listed({ search: 'bjork', sort: 'created_asc', limit: 1, offset: 1 })).toEqual([3].map(label));
    expect(await listed({ search: 'bjork', sort: 'email_desc', limit: 1 })).toEqual([3].map(label));
  });

  it('refuses an unknown sort with a field error', async () => {
    const { t, ev } = await seeded();
    for (const sort of ['phone_asc', 'name', '', 3]) {
      const r = await t.call('manager', 'entries.list', { eventId: ev.id, sort } as never);
      expect(r.ok, String(sort)).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.fields?.map((f) => f.path)).toEqual(['sort']);
      }
    }
  });
});
