import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { LIMITS, PATHS, recordChange, replicaPushResponse, type Profile, type RecordChange } from '../../shared/sync/protocol';
import { formatHlc, parseHlc } from '../../shared/hlc';
import { erasureIn } from '../../shared/sync/erasure';
import type { Clock } from '../context';
import { stmt } from '../db/statements';
import type { HubRequest } from '../sync/hub-client';
import { recordAnswers } from '../sync/outbox';
import { mergeRecord, observeStamps, RECORD_KIND } from './records';
import { projectSettings, shareExistingSettings, type SettingsSink } from './settings';
import { projectStaff, settleLastAdmin, shareExistingStaff } from './staff';
import { projectAccount, shareExistingAccounts } from './accounts';
import { projectConsent, withListsRefreshedOnce } from './consent';
import { accountEmailNorm, accountErased, projectRestricted, projectWaitingRecords, scrubRecordsOfAccount, shareExistingRecords } from './restricted';
import { whenDurable, withoutSync } from '../db/durability';

/**
 * The replica step of a sync round (called once per round by sync/service.ts): an office device
 * first shares what it held before joining (once; its accounts once it has a device number), then pushes its queued record changes; every
 * device then pulls the replica feed and merges it. A booth pushes nothing (its own staff changes
 * wait in its outbox, unsent) and receives only the staff who may work on it and the settings a
 * booth uses; the hub decides what it sees.
 */

export interface ReplicaSyncDeps {
  customers: Database;
  settings: SettingsSink;
  clock: Clock;
  profile: Profile;
  /** One authenticated request to the hub (the service adds the address, version and token). */
  hub<T extends z.ZodType>(req: Omit<HubRequest<T>, 'accessToken'>): Promise<z.output<T>>;
}

const FEED = 'replica';
const SHARED_KEY = 'replica.sharedExisting';
const PUSH_BATCH = LIMITS.pushItems;
/**
 * Records per feed page asked for: the next page is fetched while one is applied, so a page need
 * only be large enough to keep round trips few; larger pages hold the thread longer in JSON.parse.
 */
const PULL_PAGE = Math.min(2_000, LIMITS.feedPageMax);
/**
 * How long one slice of a page may hold the thread, ms, its commit included. Each commit writes
 * (and encrypts) the pages the slice dirtied, many of them the same few hot pages again, so fewer,
 * larger slices cost less in all.
 */
const SLICE_MS = 15;
const FIRST_SLICE = 50;
const MAX_SLICE = 2_000;

/** The page as the wire carries it; each item is checked by applyRecordPage, which names the bad one. */
const loosePage = z.discriminatedUnion('resync', [
  z.object({ resync: z.literal(false), items: z.array(z.unknown()), nextCursor: z.string(), hasMore: z.boolean() }),
  z.object({ resync: z.literal(true), reason: z.string() }),
]);

export async function syncReplica(d: ReplicaSyncDeps): Promise<void> {
  if (d.profile === 'office') {
    shareExisting(d);
    if (shareExistingAccounts(d.customers, d.clock.now())) shareExistingRecords(d.customers, d.clock.now());
    await pushRecords(d);
  }
  await pullRecords(d);
}

function shareExisting(d: ReplicaSyncDeps): void {
  const db = d.customers;
  if (stmt<[string], { n: number }>(db, 'SELECT count(*) AS n FROM settings WHERE key = ?').get(SHARED_KEY)!.n > 0) return;
  db.transaction(() => {
    const now = d.clock.now().getTime();
    shareExistingStaff(db, (updatedAt) => formatHlc({ wall: Math.min(Date.parse(updatedAt) || 0, now), counter: 0 }), now);
    shareExistingSettings(db, now);
    stmt(db, 'INSERT INTO settings (key, value) VALUES (?, ?)').run(SHARED_KEY, JSON.stringify(true));
  }).immediate();
}

type Queued = { id: string; payload: string; sha256: string; created_at: string };

/** This device's unsent record changes after (created_at, id), oldest first. */
function unsentAfter(db: Database, after: Queued | null, limit: number): Queued[] {
  return stmt<[string, string, string, number], Queued>(
    db,
    'SELECT id, payload, sha256, created_at FROM sync_outbox WHERE kind = ? AND sent_at IS NULL AND hub_status IS NULL AND (created_at, id) > (?, ?) ORDER BY created_at, id LIMIT ?',
  ).all(RECORD_KIND, after?.created_at ?? '', after?.id ?? '', limit);
}

/** Pushes the queued changes in batches, the next batch on its way while the hub merges one; answers are recorded in order. */
async function pushRecords(d: ReplicaSyncDeps): Promise<void> {
  const db = d.customers;
  const send = (rows: Queued[]) =>
    d.hub({
      method: 'POST',
      path: PATHS.replicaPush,
      body: { items: rows.map((r) => ({ id: r.id, sha256: r.sha256, payload: r.payload, createdAt: r.created_at })) },
      answer: replicaPushResponse,
    });
  let rows = unsentAfter(db, null, PUSH_BATCH);
  let inFlight = rows.length > 0 ? send(rows) : null;
  for (let guard = 0; inFlight !== null && guard < 100_000; guard++) {
    const current = inFlight;
    const next = rows.length === PUSH_BATCH ? unsentAfter(db, rows[rows.length - 1]!, PUSH_BATCH) : [];
    inFlight = next.length > 0 ? send(next) : null;
    // If this batch fails, the one after it is still awaited (its answer is kept only when this one's is).
    const answer = await current.catch(async (e: unknown) => {
      await inFlight?.catch(() => undefined);
      throw e;
    });
    recordAnswers(db, answer.results, d.clock.now().toISOString());
    rows = next;
  }
}

async function pullRecords(d: ReplicaSyncDeps): Promise<void> {
  const db = d.customers;
  const fetchPage = (cursor: string | null) => {
    const q = new URLSearchParams({ limit: String(PULL_PAGE) });
    if (cursor !== null) q.set('cursor', cursor);
    const p = d.hub({ method: 'GET', path: `${PATHS.replicaFeed}?${q}`, answer: loosePage });
    // A page fetched ahead and then not needed (this one failed) must not be an unhandled rejection.
    p.catch(() => undefined);
    return p;
  };
  let cursor = stmt<[string], { cursor: string }>(db, 'SELECT cursor FROM sync_cursors WHERE feed = ?').get(FEED)?.cursor ?? null;
  let next = fetchPage(cursor);
  for (let guard = 0; guard < 100_000; guard++) {
    const page = await next;
    if (page.resync) {
      db.transaction(() => stmt(db, 'DELETE FROM sync_cursors WHERE feed = ?').run(FEED)).immediate();
      if (cursor === null) throw new Error('The hub asked to restart the replica feed from its beginning, where it already was.');
      cursor = null;
      next = fetchPage(cursor);
      continue;
    }
    // The following page is fetched while this one is applied.
    if (page.hasMore) next = fetchPage(page.nextCursor);
    await applyRecordPageInSlices(db, d.settings, d.profile, page.items, d.clock.now(), page.nextCursor);
    cursor = page.nextCursor;
    if (!page.hasMore) return;
  }
}

/** A feed item that does not match the protocol: nothing of its page was written. */
export class ReplicaItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplicaItemError';
  }
}

/**
 * Applies one feed page in one transaction, with the cursor that follows it (when given): every
 * item is checked first, and one that does not match the protocol refuses the whole page before
 * anything is written. Applying a page again changes nothing. Returns the records that changed.
 */
export function applyRecordPage(db: Database, sink: SettingsSink, profile: Profile, items: readonly unknown[], now: Date, nextCursor?: string): number {
  const changes = checkRecordPage(items);
  return applyRecordChanges(db, sink, profile, changes, now, erasuresIn(changes), nextCursor);
}

/** The accounts a page erases: projecting one change of the page must not share again an erasure a later change of it brings. */
const erasuresIn = (changes: readonly RecordChange[]): ReadonlySet<string> => new Set(changes.filter((c) => erasureIn(c.table, c.fields) !== null).map((c) => c.recordId));

/** Every item of a page checked against the protocol; the first that does not match refuses the page. */
function checkRecordPage(items: readonly unknown[]): RecordChange[] {
  return items.map((raw, i) => checkRecordItem(raw, i, items.length));
}

function checkRecordItem(raw: unknown, i: number, count: number): RecordChange {
  const p = recordChange.safeParse(raw);
  if (!p.success) {
    const issue = p.error.issues[0];
    throw new ReplicaItemError(`Replica feed item ${i + 1} of ${count} was refused: ${issue ? `${issue.path.join('.') || 'item'}: ${issue.message}` : 'unreadable'}. Nothing of its page was applied.`);
  }
  return p.data;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Applies one page as the sync round does: checked whole first (a bad item writes nothing; the
 * check too runs in slices), then in slices of about SLICE_MS, each its own transaction, yielding to the event loop between them so a
 * window never waits on a large page; the cursor is saved with the last slice. A crash between
 * slices loses nothing: the page comes again and merging it again changes nothing. Slices before
 * the last never sync to disk (in WAL mode they are lost only together with every later commit, the
 * cursor's included); the page is on disk when this resolves.
 */
export async function applyRecordPageInSlices(db: Database, sink: SettingsSink, profile: Profile, items: readonly unknown[], now: Date, nextCursor: string): Promise<number> {
  const changes: RecordChange[] = [];
  for (let i = 0; i < items.length; ) {
    const t = performance.now();
    while (i < items.length && performance.now() - t < SLICE_MS) changes.push(checkRecordItem(items[i], i++, items.length));
    if (i < items.length) await nextTurn();
  }
  const arriving = erasuresIn(changes);
  let changed = 0;
  let size = FIRST_SLICE;
  for (let i = 0; ; ) {
    const end = Math.min(changes.length, i + size);
    const last = end === changes.length;
    const t = performance.now();
    const apply = () => applyRecordChanges(db, sink, profile, changes.slice(i, end), now, arriving, last ? nextCursor : undefined);
    if (last) {
      changed += apply();
      await whenDurable(db);
      return changed;
    }
    changed += withoutSync(db, apply);
    // The next slice is sized from this one's pace (its commit included), so each stays near SLICE_MS.
    size = Math.max(1, Math.min(MAX_SLICE, Math.floor(((end - i) * SLICE_MS) / Math.max(performance.now() - t, 0.5))));
    i = end;
    await nextTurn();
  }
}

function applyRecordChanges(db: Database, sink: SettingsSink, profile: Profile, changes: readonly RecordChange[], now: Date, arriving: ReadonlySet<string>, nextCursor?: string): number {
  const at = now.toISOString();
  let changed = 0;
  let staff = false;
  db.transaction(() => {
    withListsRefreshedOnce(db, () => {
      for (const c of changes) {
        const won = mergeRecord(db, c);
        if (won.length === 0) continue;
        changed++;
        switch (c.table) {
          case 'staff':
            projectStaff(db, c.recordId, profile, at);
            staff = true;
            break;
          case 'settings':
            projectSettings(db, sink, won);
            break;
          case 'accounts': {
            // The hub sends booths no customer data; a booth would not keep it anyway.
            if (profile !== 'office') break;
            const wasErased = accountErased(db, c.recordId);
            const email = accountEmailNorm(db, c.recordId);
            projectAccount(db, c.recordId, at, arriving);
            if (!wasErased && accountErased(db, c.recordId)) scrubRecordsOfAccount(db, c.recordId, email);
            break;
          }
          case 'consent':
            if (profile === 'office') projectConsent(db, c.recordId);
            break;
          case 'notes':
          case 'billing':
          case 'leads':
            if (profile === 'office') projectRestricted(db, c.table, c.recordId);
            break;
        }
      }
    });
    if (staff) settleLastAdmin(db, profile, at);
    if (profile === 'office') projectWaitingRecords(db);
    observeStamps(
      db,
      changes.flatMap((c) => Object.values(c.fields).map((f) => formatHlc(parseHlc(f.hlc)))),
      now.getTime(),
    );
    if (nextCursor !== undefined) {
      stmt(db, 'INSERT INTO sync_cursors (feed, cursor, at) VALUES (?,?,?) ON CONFLICT (feed) DO UPDATE SET cursor = excluded.cursor, at = excluded.at').run(FEED, nextCursor, at);
    }
  }).immediate();
  return changed;
}
