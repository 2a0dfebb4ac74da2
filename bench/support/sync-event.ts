import type { BenchCore } from './core';

/** An event running today, created by `conn` (a manager), for the sync bench. Returns its id. */
export async function makeEventBench(b: BenchCore, conn: string): Promise<number> {
  const pad = (n: number) => String(n).padStart(2, '0');
  const d = new Date();
  const today = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
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
