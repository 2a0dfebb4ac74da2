import { afterEach, describe, expect, it } from 'vitest';
import { ENTRY_SEARCH_COUNT_AHEAD } from '../../src/main/entries/repo';
import { entryFor, makeEvent, useBoothCore } from './booth-support';
import { leadInput } from './dsr-support';
import { registerOk, startCustomers, type CustomersEnv } from './customers-helpers';

let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

const boothCore = useBoothCore();

describe('search finds people the way staff type them', () => {
  it('finds Mäkinen as makinen, MÄKINEN and mäki, with the exact name first', async () => {
    env = await startCustomers();
    const longer = await registerOk(env, { name: 'Matti Mäkinen-Kallio', email: 'mmk@example.com' });
    const exact = await registerOk(env, { name: 'Matti Mäkinen', email: 'matti@example.com' });
    await registerOk(env, { name: 'Pekka Virtanen', email: 'pekka@example.fi' });
    for (const query of ['makinen', 'MÄKINEN', 'mäki', 'Matti Makinen']) {
      const hits = await env.t.must('customer_service', 'customers.search', { query });
      expect(hits.map((h) => h.id).sort(), query).toEqual([longer.account.id, exact.account.id].sort());
    }
    const ranked = await env.t.must('customer_service', 'customers.search', { query: 'matti mäkinen' });
    expect(ranked.map((h) => h.id)).toEqual([exact.account.id, longer.account.id]);
    // An email fragment in the middle of the address, and the account number.
    expect((await env.t.must('customer_service', 'customers.search', { query: 'atti@exa' })).map((h) => h.id)).toEqual([exact.account.id]);
    expect((await env.t.must('customer_service', 'customers.search', { query: `#${exact.account.id}` }))[0]?.id).toBe(exact.account.id);
  });

  it('keeps the index in step with changes: a renamed account is found by its new name only', async () => {
    env = await startCustomers();
    const a = await registerOk(env, { name: 'Liisa Öhman', email: 'liisa@example.com' });
    env.t.core.stores!.customers.prepare("UPDATE accounts SET name = 'Liisa Åström' WHERE id = ?").run(a.account.id);
    expect(await env.t.must('customer_service', 'customers.search', { query: 'ohman' })).toEqual([]);
    expect((await env.t.must('customer_service', 'customers.search', { query: 'astrom' })).map((h) => h.id)).toEqual([a.account.id]);
  });

  it('finds leads by name without diacritics and by phone digits however typed', async () => {
    env = await startCustomers();
    const lead = await env.t.must('office_staff', 'leads.create', leadInput({ name: 'Sari Jääskeläinen', phone: '+358 40 123 4567', company: 'Jääskeläinen Oy', email: 'sari@example.com' }));
    for (const query of ['jaaskelainen', 'JÄÄSKE', '040 123', '1234567']) {
      const r = await env.t.must('office_staff', 'leads.list', { query });
      expect(r.leads.map((l) => l.id), query).toEqual([lead.id]);
    }
  });

  it('finds contest entries by folded name and phone, within the event', async () => {
    const t = await boothCore();
    const ev = await makeEvent(t);
    await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { name: 'Äijälä Tuomas', email: 'tuomas@example.com', phone: '040 555 1212' }));
    await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { name: 'Someone Else', email: 'else@example.com' }));
    for (const search of ['aijala', 'ÄIJÄLÄ', '555 1212', 'tuomas@']) {
      const r = await t.must('manager', 'entries.list', { eventId: ev.id, search });
      expect(r.rows.map((x) => x.name), search).toEqual(['Äijälä Tuomas']);
      expect(r.total).toBe(1);
    }
  });

  it('lists entry search hits newest first, pages them with their total, and takes one or two characters as the start of the email', async () => {
    const t = await boothCore();
    const ev = await makeEvent(t);
    const names = ['Mäkinen Aino', 'Mäkinen Eero', 'Virtanen Sari', 'Mäkinen Juha', 'Mäkinen Liisa', 'Mäkinen Ville'];
    for (const [i, name] of names.entries()) {
      await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { name, email: `${i === 2 ? 'sv' : 'm'}${i}@example.com`, phone: `040 555 100${i}` }));
    }
    const newestFirst = ['Mäkinen Ville', 'Mäkinen Liisa', 'Mäkinen Juha', 'Mäkinen Eero', 'Mäkinen Aino'];
    const all = await t.must('manager', 'entries.list', { eventId: ev.id, search: 'MAKINEN' });
    expect(all.rows.map((r) => r.name)).toEqual(newestFirst);
    expect(all.total).toBe(5);
    const page2 = await t.must('manager', 'entries.list', { eventId: ev.id, search: 'makinen', limit: 2, offset: 2 });
    expect(page2.rows.map((r) => r.name)).toEqual(newestFirst.slice(2, 4));
    expect(page2.total).toBe(5);
    const page1 = await t.must('manager', 'entries.list', { eventId: ev.id, search: 'makinen', limit: 2, offset: 0 });
    expect(page1).toMatchObject({ total: 5, rows: [{ name: 'Mäkinen Ville' }, { name: 'Mäkinen Liisa' }] });
    expect(all.more).toBe(false);
    // Only the flagged or consented ones, still from the index.
    expect((await t.must('manager', 'entries.list', { eventId: ev.id, search: 'makinen', consent: 'given' })).total).toBe(0);
    // Shorter than a trigram: the start of the email address, newest first.
    const short = await t.must('manager', 'entries.list', { eventId: ev.id, search: 'SV' });
    expect(short).toMatchObject({ total: 1, rows: [{ name: 'Virtanen Sari' }] });
    expect((await t.must('manager', 'entries.list', { eventId: ev.id, search: 'm' })).rows.map((r) => r.name)).toEqual(newestFirst);
  });

  it('counts a common name only so far past the page, and says there are more', async () => {
    const t = await boothCore();
    const ev = await makeEvent(t);
    const db = t.core.stores!.contests;
    // Many entries straight into the store (the kiosk would take minutes); the index triggers keep up.
    await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { name: 'Seed Entrant', email: 'seed@example.com' }));
    const n = ENTRY_SEARCH_COUNT_AHEAD + 60;
    db.transaction(() => {
      const copy = db.prepare(
        `INSERT INTO entries (uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent)
         SELECT ?, event_id, captured_at, local_hour, staff_id, device, ?, ?, ?, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent FROM entries WHERE email_norm = 'seed@example.com'`,
      );
      for (let i = 0; i < n; i++) copy.run(`00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, `Päivi Mäkinen ${i}`, `p${i}@example.com`, `p${i}@example.com`);
    })();
    const first = await t.must('manager', 'entries.list', { eventId: ev.id, search: 'makinen', limit: 50 });
    expect(first).toMatchObject({ total: ENTRY_SEARCH_COUNT_AHEAD, more: true });
    expect(first.rows[0]!.name).toBe(`Päivi Mäkinen ${n - 1}`);
    // Further on, the count reaches the end and is exact.
    const last = await t.must('manager', 'entries.list', { eventId: ev.id, search: 'makinen', limit: 50, offset: 300 });
    expect(last).toMatchObject({ total: n, more: false });
    expect(last.rows.at(-1)!.name).toBe('Päivi Mäkinen 0');
  });
});
