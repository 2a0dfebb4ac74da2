import type { BenchCore } from './core';
import { DEFAULT_BUSINESS_TIME_ZONE, localDateOf } from '../../src/shared/business-time';

/**
 * An event running today, created by `conn` (a manager), for the sync bench. Returns its id. Today
 * is the app's, in its business time zone: late in the evening UTC it is already tomorrow there.
 */
export async function makeEventBench(b: BenchCore, conn: string): Promise<number> {
  const today = localDateOf(DEFAULT_BUSINESS_TIME_ZONE, Date.now());
  const ev = await b.must(conn, 'events.create', {
    name: 'Bench sync fair',
    startsOn: today,
    endsOn: today,
    location: 'Helsinki',
    acceptDuplicates: true,
    rulesText: { fi: 'Rules.', en: 'Rules.' },
    noticeText: { fi: 'Notice.', en: 'Notice.' },
  });
  return ev.id;
}
