import type { Database } from 'better-sqlite3-multiple-ciphers';
import { z } from 'zod';
import { LIMITS, PATHS, recordChange, replicaPushResponse, type Profile, type RecordChange } from '../../shared/sync/protocol';
import { formatHlc, parseHlc } from '../../shared/hlc';
import type { Clock } from '../context';
import { stmt } from '../db/statements';
import type { HubRequest } from '../sync/hub-client';
import { recordAnswers } from '../sync/outbox';
import { mergeRecord, observeStamps, RECORD_KIND } from './records';
import { projectSettings, shareExistingSettings, type SettingsSink } from './settings';
import { projectStaff, shareExistingStaff } from './staff';
import { projectAccount, shareExistingAccounts } from './accounts';
import { projectConsent } from './consent';
import { accountEmailNorm, accountErased, projectRestricted, projectWaitingRecords, scrubRecordsOfAccount, shareExistingRecords } from './restricted';

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
const PUSH_BATCH = 500;

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

async function pushRecords(d: ReplicaSyncDeps): Promise<void> {
  const db = d.customers;
  for (let guard = 0; guard < 100_000; guard++) {
    const rows = stmt<[string, number], { id: string; payload: string; sha256: string; created_at: string }>(
      db,
      'SELECT id, payload, sha256, created_at FROM sync_outbox WHERE kind = ? AND sent_at IS NULL AND hub_status IS NULL ORDER BY created_at, id LIMIT ?',
    ).all(RECORD_KIND, Math.min(PUSH_BATCH, LIMITS.pushItems));
    if (rows.length === 0) return;
    const answer = await d.hub({
      method: 'POST',
      path: PATHS.replicaPush,
      body: { items: rows.map((r) => ({ id: r.id, sha256: r.sha256, payload: r.payload, createdAt: r.created_at })) },
      answer: replicaPushResponse,
    });
    recordAnswers(db, answer.results, d.clock.now().toISOString());
    if (rows.length < PUSH_BATCH) return;
  }
}

async function pullRecords(d: ReplicaSyncDeps): Promise<void> {
  const db = d.customers;
  for (let guard = 0; guard < 100_000; guard++) {
    const cursor = stmt<[string], { cursor: string }>(db, 'SELECT cursor FROM sync_cursors WHERE feed = ?').get(FEED)?.cursor ?? null;
    const q = new URLSearchParams({ limit: String(LIMITS.feedPageDefault) });
    if (cursor !== null) q.set('cursor', cursor);
    const page = await d.hub({ method: 'GET', path: `${PATHS.replicaFeed}?${q}`, answer: loosePage });
    if (page.resync) {
      db.transaction(() => stmt(db, 'DELETE FROM sync_cursors WHERE feed = ?').run(FEED)).immediate();
      if (cursor === null) throw new Error('The hub asked to restart the replica feed from its beginning, where it already was.');
      continue;
    }
    applyRecordPage(db, d.settings, d.profile, page.items, d.clock.now(), page.nextCursor);
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
  const changes: RecordChange[] = items.map((raw, i) => {
    const p = recordChange.safeParse(raw);
    if (!p.success) {
      const issue = p.error.issues[0];
      throw new ReplicaItemError(`Replica feed item ${i + 1} of ${items.length} was refused: ${issue ? `${issue.path.join('.') || 'item'}: ${issue.message}` : 'unreadable'}. Nothing of its page was applied.`);
    }
    return p.data;
  });
  const at = now.toISOString();
  let changed = 0;
  db.transaction(() => {
    for (const c of changes) {
      const won = mergeRecord(db, c);
      if (won.length === 0) continue;
      changed++;
      switch (c.table) {
        case 'staff':
          projectStaff(db, c.recordId, profile, at);
          break;
        case 'settings':
          projectSettings(db, sink, won);
          break;
        case 'accounts': {
          // The hub sends booths no customer data; a booth would not keep it anyway.
          if (profile !== 'office') break;
          const wasErased = accountErased(db, c.recordId);
          const email = accountEmailNorm(db, c.recordId);
          projectAccount(db, c.recordId, at);
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
