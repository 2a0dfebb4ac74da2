import {
  FEEDS_BY_PROFILE,
  LIMITS,
  type EntryFeedItem,
  type EventFeedItem,
  type Feed,
  type FeedPage,
} from '../shared/sync/protocol';
import { audit } from './audit';
import { open, type DataKey } from './crypto';
import { asRole, CONTEST_ROLE, CUSTOMER_ROLE, inTx, type Pool } from './db';
import type { Device } from './devices';
import { HubError } from './errors';

/**
 * Feeds down to devices. Every feed row records the transaction that last wrote it (xid). A page
 * holds only rows whose transaction id is below the oldest transaction still running (the xmin of
 * the reader's snapshot): all of those have finished, so no row can later appear behind the
 * cursor, however the writers' commits interleave. Rows come in (xid, seq) order and the cursor is
 * the last row handed out, with the database's feed epoch so a cursor from another database (a
 * restore, a new hub) gets "resync". A feed's floor (hub.meta 'feed_floor:<feed>') marks history
 * the hub no longer keeps; a cursor below it gets "resync" too.
 */

interface Cursor {
  xid: string;
  seq: string;
  /**
   * Suppression only: the cursor is inside a first, whole copy of the list, read in hash order (so a
   * fresh device writes its table in key order) from after this hash ('' at the start). `xid` is the
   * copy's horizon: once the copy is done the feed goes on from (xid, 0), which hands out again every
   * row changed since the copy began.
   */
  snapshotAfter?: string;
}

const START: Cursor = { xid: '0', seq: '0' };

async function epoch(pool: Pool): Promise<string> {
  const r = await pool.query<{ value: string }>("SELECT value FROM hub.meta WHERE key = 'feed_epoch'");
  return r.rows[0]!.value;
}

type Parsed = { ok: true; cursor: Cursor } | { ok: false; reason: string };

async function parseCursor(pool: Pool, feed: Feed, text: string | undefined): Promise<Parsed> {
  if (text === undefined || text === '') {
    if (feed !== 'suppression') return { ok: true, cursor: START };
    const r = await pool.query<{ horizon: string }>('SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon');
    return { ok: true, cursor: { xid: r.rows[0]!.horizon, seq: '0', snapshotAfter: '' } };
  }
  const m = /^([0-9a-f]{32})\.(s?)(\d{1,20})\.(\d{1,20}|[0-9a-f]{64})$/.exec(text);
  if (!m || (m[2] === 's') !== (m[4]!.length === 64) || (m[2] === 's' && feed !== 'suppression')) {
    throw new HubError('bad_request', 'The feed cursor is not one this hub hands out.');
  }
  if (m[1] !== (await epoch(pool))) return { ok: false, reason: 'The cursor is from another hub database.' };
  const r = await pool.query<{ below_floor: boolean; future: boolean }>(
    `SELECT COALESCE($1::xid8 < (SELECT value::xid8 FROM hub.meta WHERE key = $2), false) AS below_floor,
            $1::xid8 > pg_snapshot_xmax(pg_current_snapshot()) AS future`,
    [m[3], `feed_floor:${feed}`],
  );
  if (r.rows[0]!.below_floor) return { ok: false, reason: 'The cursor is older than the history this hub keeps.' };
  if (r.rows[0]!.future) return { ok: false, reason: 'The cursor is ahead of this hub database.' };
  if (m[2] === 's') return { ok: true, cursor: { xid: m[3]!, seq: '0', snapshotAfter: m[4]! } };
  return { ok: true, cursor: { xid: m[3]!, seq: m[4]! } };
}

const VISIBLE = 'xid < pg_snapshot_xmin(pg_current_snapshot())';

/** The cursor columns, as text (xid8 and bigint do not fit a JS number); named apart so ORDER BY sorts the real columns. */
interface Row {
  cursor_xid: string;
  cursor_seq: string;
}

export async function readFeed<F extends Feed>(pool: Pool, key: DataKey, device: Device, feed: F, cursorText: string | undefined, limitIn?: number): Promise<FeedPage<F>> {
  if (!FEEDS_BY_PROFILE[device.profile].includes(feed)) {
    throw new HubError('forbidden_profile', `A ${device.profile} device may not read the ${feed} feed.`);
  }
  const parsed = await parseCursor(pool, feed, cursorText);
  if (!parsed.ok) return { resync: true, reason: parsed.reason } as FeedPage<F>;
  const limit = Math.min(limitIn ?? LIMITS.feedPageDefault, feed === 'suppression' ? LIMITS.suppressionPageMax : LIMITS.feedPageMax);
  const { xid, seq } = parsed.cursor;
  const ep = await epoch(pool);
  const { rows, items, packed } = await inTx(pool, async (c): Promise<{ rows: Row[]; items: unknown[]; packed?: { packed: string; count: number; next: string; more: boolean } }> => {
    switch (feed) {
      case 'events': {
        await asRole(c, CONTEST_ROLE);
        const r = await c.query<Row & { event_id: string; version: number; sha256: string; payload: string }>(
          `SELECT xid::text AS cursor_xid, seq::text AS cursor_seq, event_id, version, sha256, payload FROM contest.events
           WHERE (xid, seq) > ($1::xid8, $2::bigint) AND ${VISIBLE} ORDER BY xid, seq LIMIT $3`,
          [xid, seq, limit],
        );
        const items: EventFeedItem[] = r.rows.map((e) => ({ eventId: e.event_id, version: e.version, sha256: e.sha256, payload: e.payload }));
        return { rows: r.rows as Row[], items: items as unknown[] };
      }
      case 'suppression': {
        await asRole(c, CUSTOMER_ROLE);
        // The page is packed by PostgreSQL: no row becomes a JavaScript object on the hub.
        const snapshot = parsed.cursor.snapshotAfter;
        const r =
          snapshot !== undefined
            ? await c.query<{ n: number; packed: Buffer | null; last: string | null }>(
                `WITH page AS (
                   SELECT email_hmac, lists FROM customer.suppression WHERE email_hmac > decode($1, 'hex') ORDER BY email_hmac LIMIT $2
                 )
                 SELECT (SELECT count(*)::int FROM page) AS n,
                        (SELECT string_agg(email_hmac || set_byte('\\x00'::bytea, 0, lists), ''::bytea ORDER BY email_hmac) FROM page) AS packed,
                        (SELECT encode(email_hmac, 'hex') FROM page ORDER BY email_hmac DESC LIMIT 1) AS last`,
                [snapshot, limit],
              )
            : await c.query<{ n: number; packed: Buffer | null; last_xid: string | null; last_seq: string | null }>(
                `WITH page AS (
                   SELECT xid, seq, email_hmac, lists FROM customer.suppression
                   WHERE (xid, seq) > ($1::xid8, $2::bigint) AND ${VISIBLE} ORDER BY xid, seq LIMIT $3
                 ), last AS (SELECT xid, seq FROM page ORDER BY xid DESC, seq DESC LIMIT 1)
                 SELECT (SELECT count(*)::int FROM page) AS n,
                        (SELECT string_agg(email_hmac || set_byte('\\x00'::bytea, 0, lists), ''::bytea ORDER BY xid, seq) FROM page) AS packed,
                        (SELECT xid::text FROM last) AS last_xid, (SELECT seq::text FROM last) AS last_seq`,
                [xid, seq, limit],
              );
        const row = r.rows[0]!;
        let next: string;
        if (snapshot === undefined) {
          const inc = row as { last_xid: string | null; last_seq: string | null };
          next = row.n > 0 ? `${inc.last_xid}.${inc.last_seq}` : `${xid}.${seq}`;
        } else {
          // A short page ends the copy: the feed goes on from the copy's horizon.
          const last = (row as { last: string | null }).last;
          next = row.n === limit && last ? `s${xid}.${last}` : `${xid}.0`;
        }
        return { rows: [], items: [], packed: { packed: (row.packed ?? Buffer.alloc(0)).toString('base64'), count: row.n, next, more: row.n === limit || (snapshot !== undefined && row.n > 0) } };
      }
      case 'entries': {
        await asRole(c, CONTEST_ROLE);
        // The device's own entries are skipped but still move the cursor.
        const r = await c.query<Row & { id: string; device_id: string; sha256: string; sealed: Buffer; created_at: Date; received_at: Date }>(
          `SELECT xid::text AS cursor_xid, seq::text AS cursor_seq, id, device_id, sha256, sealed, created_at, received_at FROM contest.entries
           WHERE (xid, seq) > ($1::xid8, $2::bigint) AND ${VISIBLE} ORDER BY xid, seq LIMIT $3`,
          [xid, seq, limit],
        );
        const items: EntryFeedItem[] = r.rows
          .filter((e) => e.device_id !== device.id)
          .map((e) => ({
            id: e.id,
            kind: 'contest_entry',
            sha256: e.sha256,
            payload: open(key, e.sealed, e.id),
            createdAt: e.created_at.toISOString(),
            deviceId: e.device_id,
            receivedAt: e.received_at.toISOString(),
          }));
        return { rows: r.rows as Row[], items: items as unknown[] };
      }
    }
  });
  const last = rows[rows.length - 1];
  const next = last ? { xid: last.cursor_xid, seq: last.cursor_seq } : parsed.cursor;
  // Empty polls are not audited: a device polls often, and only data handed out matters. The row
  // is committed without waiting for the WAL flush (a pull changes nothing, so it need not pay a
  // disk sync per page); PostgreSQL flushes it within moments, and only a database crash in that
  // window could lose it.
  const handedOut = packed ? packed.count : items.length;
  if (handedOut > 0) {
    await inTx(pool, async (c) => {
      await c.query('SET LOCAL synchronous_commit = off');
      await audit(c, device.id, 'pull', { feed, items: handedOut });
    });
  }
  if (packed) return { resync: false, packed: packed.packed, count: packed.count, nextCursor: `${ep}.${packed.next}`, hasMore: packed.more } as FeedPage<F>;
  const cursor = `${ep}.${next.xid}.${next.seq}`;
  const hasMore = rows.length === limit;
  return { resync: false, items, nextCursor: cursor, hasMore } as FeedPage<F>;
}
