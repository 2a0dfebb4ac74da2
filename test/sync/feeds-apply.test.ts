/**
 * Feeds applied on a device, against a real hub process on a real PostgreSQL: a lift of an opt-out
 * travels to other devices, and a large page is applied in slices that let the event loop run.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TODAY } from '../integration/booth-support';
import { useDevices, useHub } from './support';
import { emailHasher, liftSuppression, suppressionKeyHex } from '../../src/main/accounts/suppression';

const hubs = useHub();

const { device } = useDevices(hubs, ['office_staff']);

describe('suppression lifts', () => {
  it('a new consent on one office device lifts the opt-out on the others; an opt-out elsewhere stays', async () => {
    const a = await device('office', 'lift office A');
    const b = await device('office', 'lift office B');
    const booth = await device('booth', 'lift booth');
    await a.must('office_staff', 'optouts.process', { email: 'come.back@example.com', lists: ['email_marketing', 'call_detail_reports'], reason: 'email', requestedOn: TODAY });
    await a.must('office_staff', 'optouts.process', { email: 'stays.out@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: TODAY });
    await a.must('admin', 'sync.now', {});
    await b.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    expect((await b.must('office_staff', 'optouts.find', { email: 'come.back@example.com' })).suppressed.sort()).toEqual(['call_detail_reports', 'email_marketing']);

    // Device B takes a new consent to email marketing an hour later (the function the re-subscribe
    // and registration handlers call, in its store transaction).
    const db = b.core.stores!.customers;
    const hash = emailHasher(await suppressionKeyHex(b.vault, { getValue: (_k, f) => f, setValue: () => undefined }, db));
    db.transaction(() => liftSuppression(db, hash('come.back@example.com'), 'email_marketing', `${TODAY}T10:00:00.000Z`)).immediate();
    expect((await b.must('admin', 'sync.now', {})).pending).toBe(0);

    for (const t of [a, booth]) {
      await t.must('admin', 'sync.now', {});
      expect((await t.must('office_staff', 'optouts.find', { email: 'come.back@example.com' })).suppressed).toEqual(['call_detail_reports']);
      expect((await t.must('office_staff', 'optouts.find', { email: 'stays.out@example.com' })).suppressed).toEqual(['email_marketing']);
    }
  });
});

describe('feed pages on a device', () => {
  it('a large suppression page is applied in slices: the event loop runs while the page is part-applied', async () => {
    const booth = await device('booth', 'slice booth');
    const n = 30_000;
    await hubs.h.pool.query(
      `INSERT INTO customer.suppression (email_hmac, lists) SELECT sha256(int8send(g) || $1::bytea), 1 + (g % 7) FROM generate_series(1, $2::bigint) g`,
      [randomBytes(16), n],
    );
    const db = booth.core.stores!.customers;
    const read = db.prepare("SELECT (SELECT count(*) FROM suppression) AS n, (SELECT cursor FROM sync_cursors WHERE feed = 'suppression') AS cursor");
    // Every (cursor, count) pair seen while the pull runs: with whole-page transactions each cursor
    // comes with one count only.
    const seen = new Map<string, Set<number>>();
    const look = () => {
      const r = read.get() as { n: number; cursor: string | null };
      const key = r.cursor ?? '';
      if (!seen.has(key)) seen.set(key, new Set());
      seen.get(key)!.add(r.n);
    };
    const timer = setInterval(look, 0);
    try {
      await booth.must('admin', 'sync.now', {});
    } finally {
      clearInterval(timer);
    }
    look();
    expect((read.get() as { n: number }).n).toBeGreaterThanOrEqual(n);
    expect([...seen.values()].some((counts) => counts.size > 1)).toBe(true);
  });
});
