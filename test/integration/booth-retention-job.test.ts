import { watchStatements } from '../support/statement-watch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles';
import { RETENTION_BATCH } from '../../src/main/sync/retention';
import { JobRunner } from '../../src/main/jobs/runner';
import { manualClock, RESOURCES, startCore, TEST_WORKER_ENTRY, withStaff, type TestCore } from '../support/core';
import { count, entryFor, makeEvent } from './dsr-support';

/**
 * Booth retention as the sync.removeExpiredEntries job: the entries the hub acknowledged before
 * the cutoff go, with their consent events and outbox rows, in batches, on the worker's own
 * connection; entries not acknowledged, or acknowledged since, stay; the main thread's
 * connection runs none of the deletes.
 */

const ACTOR = { staffId: 0, username: 'sync', displayName: 'sync', role: 'admin' } as const;
const EXPIRED = 2 * RETENTION_BATCH + 37;

let t: TestCore;
/** A runner of the test's own over the core's stores, as the core's sync loop uses its runner. */
let jobs: JobRunner;
/** SQL run on the main thread's contests connection: every run of a statement, not only its prepare. */
const ranOnMain: string[] = [];
const uuids = { expired: [] as string[], recent: [] as string[], unsent: [] as string[] };

beforeAll(async () => {
  t = await startCore({ clock: manualClock(new Date('2026-11-26T09:00:00Z')), deviceName: 'retention-job-test' });
  watchStatements(t.core.stores!.contests, (sql) => ranOnMain.push(sql));
  const clock = manualClock(new Date('2026-11-26T09:00:00Z'));
  jobs = new JobRunner({ stores: t.core.stores, deps: { dataDir: t.dataDir, vault: t.vault, resourcesDir: RESOURCES, workerEntry: TEST_WORKER_ENTRY }, clock });
  await withStaff(t, ROLES);
  const eventId = await makeEvent(t);
  const capture = async (i: number, into: string[]) => {
    const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, eventId, { name: `Entrant ${i}`, email: `entrant${i}@example.com`, marketingConsent: i % 2 === 0 }));
    if (r.outcome !== 'saved') throw new Error(r.outcome);
    into.push(r.entryId);
  };
  let i = 0;
  for (let k = 0; k < EXPIRED; k++) await capture(i++, uuids.expired);
  for (let k = 0; k < 5; k++) await capture(i++, uuids.recent);
  for (let k = 0; k < 5; k++) await capture(i++, uuids.unsent);
  // The hub's acknowledgements: the expired ones ten days ago, the recent ones yesterday.
  const db = t.core.stores!.contests;
  const ack = db.prepare('UPDATE sync_outbox SET sent_at = ? WHERE id = ?');
  db.prepare('BEGIN').run();
  uuids.expired.forEach((id, k) => ack.run(`2026-11-16T09:00:${String(k % 60).padStart(2, '0')}.000Z`, id));
  for (const id of uuids.recent) ack.run('2026-11-25T09:00:00.000Z', id);
  db.prepare('COMMIT').run();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

const inList = (ids: string[]) => `(${ids.map((id) => `'${id}'`).join(',')})`;

describe('sync.removeExpiredEntries', () => {
  it('removes only the acknowledged entries past the cutoff, with their consent events and outbox rows, off the main connection', async () => {
    const db = t.core.stores!.contests;
    const entryIds = (ids: string[]) => (db.prepare(`SELECT id FROM entries WHERE uuid IN ${inList(ids)}`).pluck().all() as number[]).join(',');
    const expiredIds = entryIds(uuids.expired);
    expect(count(db, 'entry_consent_events', `entry_id IN (${expiredIds})`)).toBeGreaterThan(0);
    const consentOfOthers = count(db, 'entry_consent_events', `entry_id IN (${entryIds([...uuids.recent, ...uuids.unsent])})`);
    ranOnMain.length = 0;

    const r = await jobs.run('sync.removeExpiredEntries', { cutoff: '2026-11-19T09:00:00.000Z' }, ACTOR);

    expect(r).toEqual({ removed: EXPIRED });
    expect(count(db, 'entries', `uuid IN ${inList(uuids.expired)}`)).toBe(0);
    expect(count(db, 'entry_consent_events', `entry_id IN (${expiredIds})`)).toBe(0);
    expect(count(db, 'sync_outbox', `id IN ${inList(uuids.expired)}`)).toBe(0);
    expect(count(db, 'entries', `uuid IN ${inList([...uuids.recent, ...uuids.unsent])}`)).toBe(10);
    expect(count(db, 'entry_consent_events', `entry_id IN (${entryIds([...uuids.recent, ...uuids.unsent])})`)).toBe(consentOfOthers);
    expect(count(db, 'sync_outbox', `id IN ${inList(uuids.unsent)} AND sent_at IS NULL`)).toBe(5);
    expect(count(db, 'sync_outbox', `id IN ${inList(uuids.recent)} AND sent_at IS NOT NULL`)).toBe(5);
    expect(ranOnMain.filter((sql) => /\bDELETE\b/i.test(sql) || /secure_delete/i.test(sql))).toEqual([]);
  });

  it('removes nothing more when run again, nor with a cutoff before every acknowledgement', async () => {
    expect(await jobs.run('sync.removeExpiredEntries', { cutoff: '2026-11-19T09:00:00.000Z' }, ACTOR)).toEqual({ removed: 0 });
    expect(await jobs.run('sync.removeExpiredEntries', { cutoff: '2026-11-25T08:59:59.000Z' }, ACTOR)).toEqual({ removed: 0 });
    expect(count(t.core.stores!.contests, 'entries', `uuid IN ${inList([...uuids.recent, ...uuids.unsent])}`)).toBe(10);
  });
});
