import { watchStatements } from '../support/statement-watch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as WorkerThreads from 'node:worker_threads';
import type { Worker as RealWorker, WorkerOptions } from 'node:worker_threads';
import { ROLES } from '../../src/shared/roles';
import { searchAccounts, toSummary } from '../../src/main/accounts/accounts-repo';
import { boothCounts, entryStats, listEntries } from '../../src/main/entries/repo';
import { countEntries, listEvents } from '../../src/main/events/repo';
import { entriesListInput } from '../../src/shared/contract/entries';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { openKeyed, storeFile } from '../../src/main/db/open-store';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { makeEvent } from './dsr-support';

/**
 * customers.search, the entries screen's reads, the events screen's counts and the kiosk's counts
 * are answered by the long-lived query worker: the same answers the main thread's repositories
 * give, the same audit rows written on the main thread, no scan of accounts or entries on the main
 * thread, and a clear error when the reader dies.
 */

const spawned = vi.hoisted(() => ({ query: [] as RealWorker[], killNextCall: false }));
vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof WorkerThreads>();
  class WatchedWorker extends real.Worker {
    constructor(file: string | URL, opts?: WorkerOptions) {
      super(file, opts);
      if ((opts?.workerData as { mode?: string } | undefined)?.mode === 'query') spawned.query.push(this);
    }
    override postMessage(...args: Parameters<RealWorker['postMessage']>): void {
      // A reader that dies with a call in hand, as one would on a crash in native code.
      if (spawned.killNextCall && spawned.query.includes(this)) {
        spawned.killNextCall = false;
        void this.terminate();
        return;
      }
      super.postMessage(...args);
    }
  }
  return { ...real, default: { ...real, Worker: WatchedWorker }, Worker: WatchedWorker };
});

const FIRST = ['Matti', 'Liisa', 'Päivi', 'Äijö', 'Sari'];
const LAST = ['Mäkinen', 'Virtanen', 'Hämäläinen', 'Åström', 'Laine'];
const nameOf = (i: number) => `${FIRST[i % FIRST.length]!} ${LAST[(i * 3 + (i >> 2)) % LAST.length]!}`;
const N = 300;

let t: TestCore;
let eventId: number;
/** Read-only connections of the test's own, for the answers the repositories give (kept apart from the main connections, whose statements are watched). */
let own: { customers: Database; contests: Database };
/**
 * SQL the main thread's connections ran, by store: every run of a statement, not only its first
 * prepare (the repositories keep their statements prepared per connection).
 */
const ran: { store: 'customers' | 'contests'; sql: string }[] = [];

beforeAll(async () => {
  t = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')), deviceName: 'reads-worker-test' });
  // Watched before any statement of the calls below is prepared, so each later run is seen.
  for (const store of ['customers', 'contests'] as const) {
    watchStatements(t.core.stores![store], (sql) => ran.push({ store, sql }));
  }
  await withStaff(t, ROLES);
  const product = await t.must('admin', 'products.create', { name: 'IXO Call Pro' });
  eventId = await makeEvent(t);
  const { customers, contests } = t.core.stores!;
  const staffId = customers.prepare('SELECT min(id) FROM staff').pluck().get() as number;
  const texts = contests.prepare('SELECT kind, id FROM event_texts WHERE event_id = ?').all(eventId) as { kind: string; id: number }[];
  const textId = (k: string) => texts.find((x) => x.kind === k)!.id;
  const account = customers.prepare('INSERT INTO accounts (id, name, email, email_norm, product_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const state = customers.prepare("INSERT INTO account_state (account_id, status, lists) VALUES (?, 'active', 3)");
  const entry = contests.prepare(
    `INSERT INTO entries (uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company, answers, rules_text_id, notice_text_id, marketing_consent, duplicate_of)
     VALUES (?, ?, ?, ?, ?, 'seed', ?, ?, ?, ?, ?, 'Katu 1', 'Insinööri', ?, '{}', ?, ?, ?, ?)`,
  );
  const uuid = (i: number) => `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
  customers.transaction(() => {
    for (let i = 1; i <= N; i++) {
      account.run(i, nameOf(i), `person${i}@example.com`, `person${i}@example.com`, product.id, '2026-11-20T09:00:00.000Z', staffId);
      state.run(i);
    }
  })();
  contests.transaction(() => {
    for (let i = 1; i <= N; i++) {
      const email = `person${i}@example.com`;
      entry.run(uuid(i), eventId, '2026-11-26T09:00:00.000Z', `${i % 10 === 0 ? '2026-11-25' : '2026-11-26'} ${String(9 + (i % 8)).padStart(2, '0')}`, staffId, nameOf(i), email, email, `+358 40 ${i}`, `35840${i}`, i % 7 === 0 ? 'Laine Oy' : 'Esimerkki Oy', textId('rules'), textId('notice'), i % 2, i % 25 === 0 ? uuid(i - 1) : null);
    }
  })();
  const stores = t.core.stores!;
  own = {
    customers: openKeyed(storeFile(stores.dataDir, 'customers'), stores.customersKeyHex, { readonly: true, fileMustExist: true }),
    contests: openKeyed(storeFile(stores.dataDir, 'contests'), stores.contestsKeyHex, { readonly: true, fileMustExist: true }),
  };
});

afterAll(async () => {
  own?.customers.close();
  own?.contests.close();
  await t?.close();
});

const SEARCHES = ['makinen', 'HÄMÄLÄINEN', nameOf(42), 'Virt', 'åström', 'person12@', 'person123@example.com', 'pe', '#150', '150', '7', 'nobody-here'];
const LISTS: Record<string, unknown>[] = [
  {},
  { sort: 'name_asc' },
  { sort: 'name_desc', offset: 40 },
  { sort: 'email_desc' },
  { sort: 'created_asc', limit: 7, offset: 290 },
  { duplicates: 'flagged' },
  { duplicates: 'flagged', sort: 'name_asc' },
  { consent: 'given' },
  { consent: 'not_given', sort: 'name_desc' },
  { search: 'makinen' },
  { search: 'makinen', sort: 'email_asc', offset: 10 },
  { search: 'laine', consent: 'given', duplicates: 'flagged' },
  { search: 'pe' },
  { search: 'p', sort: 'name_asc', limit: 500 },
  { search: '3584012' },
  { search: 'nobody' },
];
const auditRows = (action: string) =>
  (t.core.stores!.customers.prepare('SELECT action, subject_type, subject_id, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { details: string }[]).map((r) => ({ ...r, details: JSON.parse(r.details) as unknown }));
/** Reads of an event's entries or of the account search index (the capture audit's catch-up by id is not one). */
const scansOnMain = () => ran.filter((p) => /\bFROM entries (e|n|f)\b|FROM entries WHERE event_id|\baccounts_fts\b|\bentries_fts\b/i.test(p.sql));

describe('reads answered by the query worker', () => {
  it('give what the repositories give on the main connection, write the same audit rows, and scan nothing on the main thread', async () => {
    const { customers, contests } = own;
    for (const query of SEARCHES) {
      const expected = searchAccounts(customers, query).map(toSummary);
      ran.length = 0;
      const before = auditRows('read.account_search').length;
      expect(await t.must('office_staff', 'customers.search', { query }), query).toEqual(expected);
      expect(scansOnMain(), query).toEqual([]);
      const rows = auditRows('read.account_search');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toEqual({
        action: 'read.account_search',
        subject_type: 'account',
        subject_id: null,
        details: { by: /^#?\d+$/.test(query) ? 'id' : query.includes('@') ? 'email' : 'name', results: expected.length, accountIds: expected.map((r) => r.id) },
      });
    }
    expect(SEARCHES.filter((q) => searchAccounts(customers, q).length > 0).length).toBeGreaterThan(8);

    for (const over of LISTS) {
      const input = entriesListInput.parse({ eventId, ...over });
      const expected = listEntries(contests, input);
      ran.length = 0;
      const before = auditRows('read.entries').length;
      expect(await t.must('manager', 'entries.list', input), JSON.stringify(over)).toEqual(expected);
      expect(scansOnMain(), JSON.stringify(over)).toEqual([]);
      const rows = auditRows('read.entries');
      expect(rows).toHaveLength(before + 1);
      expect(rows.at(-1)).toEqual({
        action: 'read.entries',
        subject_type: 'event',
        subject_id: String(eventId),
        details: { rows: expected.rows.length, total: expected.total, searched: input.search !== '', duplicates: input.duplicates, consent: input.consent, offset: input.offset, sort: input.sort },
      });
    }

    const stats = entryStats(contests, eventId);
    const events = listEvents(contests);
    expect(await t.must('manager', 'entries.stats', { eventId })).toEqual(stats);
    expect(await t.must('manager', 'entries.events', {})).toEqual(events);
    expect(scansOnMain()).toEqual([]);
    expect(auditRows('read.entry_counts').at(-1)).toEqual({ action: 'read.entry_counts', subject_type: 'event', subject_id: String(eventId), details: { total: N } });
    expect(spawned.query).toHaveLength(1);
  });

  it('count entries for the events screen and the kiosk in the worker: the counts the repositories give, none taken on the main thread', async () => {
    const { contests } = own;
    const bare = await makeEvent(t);
    ran.length = 0;
    const events = await t.must('manager', 'events.list', {});
    expect(events).toEqual(listEvents(contests));
    expect(events.map((e) => [e.id, e.entryCount])).toEqual(expect.arrayContaining([[eventId, N], [bare, 0]]));
    expect(scansOnMain()).toEqual([]);

    const detail = await t.must('manager', 'events.get', { id: eventId });
    expect(detail).toMatchObject({ id: eventId, entryCount: countEntries(contests, eventId) });
    expect(detail.entryCount).toBe(N);
    expect(scansOnMain()).toEqual([]);

    // A change answers with the event as it now is, its entries counted the same way.
    const updated = await t.must('manager', 'events.update', {
      id: eventId,
      name: detail.name,
      startsOn: detail.startsOn,
      endsOn: detail.endsOn,
      location: 'Messukeskus, Hall 2',
      acceptDuplicates: detail.acceptDuplicates,
      rulesText: { fi: detail.rules.fi!.body, en: detail.rules.en!.body },
      noticeText: { fi: detail.notice.fi!.body, en: detail.notice.en!.body },
      prize: detail.prize,
    });
    expect(updated).toMatchObject({ id: eventId, location: 'Messukeskus, Hall 2', entryCount: N });
    const surveyed = await t.must('manager', 'events.setSurvey', { eventId, questions: [{ kind: 'rating', prompt: 'Rate us', options: [], required: false }] });
    expect(surveyed).toMatchObject({ id: eventId, location: 'Messukeskus, Hall 2', entryCount: N });
    expect(surveyed.questions.map((q) => q.prompt)).toEqual(['Rate us']);
    expect(scansOnMain()).toEqual([]);

    expect(await t.must('booth_staff', 'booth.checkAge', { eventId, birthDate: '2019-01-01' })).toEqual({ eligible: false });
    ran.length = 0;
    const counts = await t.must('booth_staff', 'booth.counts', { eventId });
    expect(counts).toEqual(boothCounts(contests, eventId, '2026-11-26'));
    expect(counts).toEqual({ eventId, total: N, today: N - N / 10, flaggedDuplicates: N / 25, notEligible: 1 });
    expect(await t.must('booth_staff', 'booth.counts', { eventId: bare })).toEqual({ eventId: bare, total: 0, today: 0, flaggedDuplicates: 0, notEligible: 0 });
    expect(scansOnMain()).toEqual([]);
    expect(spawned.query).toHaveLength(1);
  });

  it('still refuses an unknown event on the main thread, before any read and without an audit row', async () => {
    const before = auditRows('read.entries').length;
    const r = await t.call('manager', 'entries.list', { eventId: 99_999 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('not_found');
    expect(auditRows('read.entries')).toHaveLength(before);
    for (const r of [await t.call('manager', 'events.get', { id: 99_999 }), await t.call('booth_staff', 'booth.counts', { eventId: 99_999 })]) {
      expect(r).toEqual({ ok: false, error: expect.objectContaining({ code: 'not_found' }) });
    }
  });

  it('answers with jobs.read_failed, writes no audit row, and does not hang when the reader dies with the call; the next call starts a new reader', async () => {
    const before = { search: auditRows('read.account_search').length, list: auditRows('read.entries').length };
    spawned.killNextCall = true;
    const search = await t.call('office_staff', 'customers.search', { query: 'makinen' });
    expect(search).toEqual({ ok: false, error: expect.objectContaining({ code: 'internal', key: 'jobs.read_failed' }) });
    spawned.killNextCall = true;
    const list = await t.call('manager', 'entries.list', { eventId });
    expect(list).toEqual({ ok: false, error: expect.objectContaining({ code: 'internal', key: 'jobs.read_failed' }) });
    expect(auditRows('read.account_search')).toHaveLength(before.search);
    expect(auditRows('read.entries')).toHaveLength(before.list);
    spawned.killNextCall = true;
    expect(await t.call('manager', 'events.list', {})).toEqual({ ok: false, error: expect.objectContaining({ code: 'internal', key: 'jobs.read_failed' }) });
    spawned.killNextCall = true;
    expect(await t.call('booth_staff', 'booth.counts', { eventId })).toEqual({ ok: false, error: expect.objectContaining({ code: 'internal', key: 'jobs.read_failed' }) });
    // A change that reads a count fails before it writes: an answered failure never hides a saved change.
    const before_ = await t.must('manager', 'events.get', { id: eventId });
    spawned.killNextCall = true;
    expect(await t.call('manager', 'events.update', { id: eventId, name: 'Renamed while the reader died', startsOn: before_.startsOn, endsOn: before_.endsOn, location: before_.location, acceptDuplicates: before_.acceptDuplicates, rulesText: { fi: 'Uudet säännöt.', en: 'New rules.' }, noticeText: { fi: 'Uusi ilmoitus.', en: 'New notice.' } })).toEqual({
      ok: false,
      error: expect.objectContaining({ code: 'internal', key: 'jobs.read_failed' }),
    });
    expect((await t.must('manager', 'events.get', { id: eventId })).name).toBe(before_.name);

    const again = await t.must('office_staff', 'customers.search', { query: 'makinen' });
    expect(again).toEqual(searchAccounts(own.customers, 'makinen').map(toSummary));
    expect(spawned.query.length).toBeGreaterThanOrEqual(2);
  });
});

describe('the entries list at full size', () => {
  const plan = (sql: string, ...params: unknown[]) =>
    (t.core.stores!.contests.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('reads a page of an event in every order and filter from an index, without sorting the whole event', () => {
    const page = (where: string, order: string) => plan(`SELECT e.* FROM entries e WHERE e.event_id = ?${where} ORDER BY ${order} LIMIT 50 OFFSET 0`, eventId);
    for (const order of ['e.id DESC', 'e.id ASC', 'e.name COLLATE NOCASE ASC, e.id ASC', 'e.name COLLATE NOCASE DESC, e.id DESC', 'e.email_norm ASC, e.id ASC', 'e.email_norm DESC, e.id DESC']) {
      expect(page('', order), order).not.toMatch(/TEMP B-TREE/);
    }
    expect(page(' AND e.marketing_consent = 1', 'e.id DESC')).toMatch(/entries_event_consent/);
    expect(page(' AND e.marketing_consent = 0', 'e.id DESC')).not.toMatch(/TEMP B-TREE/);
  });

  it("takes each of the kiosk's counts from an index alone, without reading the entries' rows", () => {
    ran.length = 0;
    boothCounts(t.core.stores!.contests, eventId, '2026-11-26');
    const counts = ran.filter((r) => r.store === 'contests' && /\bFROM entries\b/.test(r.sql)).map((r) => r.sql);
    expect(counts).toHaveLength(3);
    for (const sql of counts) {
      const params = [eventId, '2026-11-26 00', '2026-11-26 99'].slice(0, sql.split('?').length - 1);
      expect(plan(sql, ...params), sql).toMatch(/USING COVERING INDEX|USING INDEX entries_flagged\b/);
    }
  });
});
