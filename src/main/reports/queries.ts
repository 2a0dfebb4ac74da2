import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { PermissionMethod } from '../../shared/contract/leads';
import type {
  CancellationsReport,
  ContestsReport,
  Granularity,
  LeadsReport,
  OptOutsReport,
  RegistrationsReport,
  ReportData,
  ReportRange,
} from '../../shared/contract/reports';
import { LISTS, type MailingList, type OptOutReason } from '../../shared/customers-lists';
import { tableExists } from '../exports/kinds/types';
import { DEFAULT_BUSINESS_TIME_ZONE, localDateMapper } from '../../shared/business-time';
import { granularityOf, periodSql, periodsOf } from './periods';

/**
 * The report's SQL: aggregates only, nothing that names a person leaves these functions. Plain
 * fn(db, …) functions, run in a worker on its own read-only connections.
 *
 * Days: timestamps are stored in UTC; a report counts by the calendar day in the business time zone
 * (a registration at 00:30 in Helsinki belongs to that day, not the one before), through the SQL
 * function business_day() that buildReport registers on its connection.
 * Entries carry the booth's own local hour; opt-outs and cancellations count by the date the
 * person asked (requested_on).
 */

const DAY_MS = 86_400_000;
const shiftDay = (day: string, days: number) => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString();

/** UTC bounds that surely contain every timestamp whose local day is in the range (any offset up to ±24 h). */
const utcWindow = (r: ReportRange): [string, string] => [shiftDay(r.from, -1), shiftDay(r.to, 2)];

const localDay = (column: string) => `business_day(${column})`;

const rate = (consented: number, entries: number) => (entries > 0 ? consented / entries : null);

function has(db: Database, ...tables: string[]): boolean {
  return tables.every((t) => tableExists(db, t));
}

export function registrations(db: Database, r: ReportRange, g: Granularity): RegistrationsReport {
  const empty: RegistrationsReport = { available: false, products: [], series: [], byProduct: [], total: 0 };
  if (!has(db, 'accounts', 'products')) return empty;
  const rows = db
    .prepare(
      `SELECT ${periodSql('x.day', g)} AS period, p.name AS product, count(*) AS n
       FROM (SELECT ${localDay('a.created_at')} AS day, a.product_id FROM accounts a WHERE a.created_at >= ? AND a.created_at < ?) x
       JOIN products p ON p.id = x.product_id
       WHERE x.day BETWEEN ? AND ?
       GROUP BY period, product ORDER BY period, product`,
    )
    .all(...utcWindow(r), r.from, r.to) as { period: string; product: string; n: number }[];
  const byProduct = new Map<string, number>();
  for (const row of rows) byProduct.set(row.product, (byProduct.get(row.product) ?? 0) + row.n);
  const products = [...byProduct.keys()].sort((a, b) => a.localeCompare(b));
  const series = periodsOf(r, g).map((period) => ({ period, counts: Object.fromEntries(products.map((p) => [p, 0])) as Record<string, number> }));
  const at = new Map(series.map((s) => [s.period, s]));
  for (const row of rows) at.get(row.period)!.counts[row.product] = row.n;
  return {
    available: true,
    products,
    series,
    byProduct: products.map((product) => ({ product, count: byProduct.get(product)! })),
    total: rows.reduce((s, x) => s + x.n, 0),
  };
}

export function optouts(db: Database, r: ReportRange): OptOutsReport {
  const empty: OptOutsReport = { available: false, byListReason: [], byList: [], total: 0, becauseCancelled: 0, suppressed: 0 };
  if (!has(db, 'consent_events', 'suppression')) return empty;
  const rows = db
    .prepare(
      `SELECT list, reason, cause, count(*) AS n FROM consent_events
       WHERE action = 'unsubscribe' AND requested_on BETWEEN ? AND ?
       GROUP BY list, reason, cause`,
    )
    .all(r.from, r.to) as { list: MailingList; reason: OptOutReason; cause: string; n: number }[];
  const direct = rows.filter((x) => x.cause === 'direct');
  const cascaded = rows.filter((x) => x.cause === 'account_cancelled');
  const sumFor = (xs: typeof rows, list: MailingList) => xs.filter((x) => x.list === list).reduce((s, x) => s + x.n, 0);
  const suppressed = db
    .prepare(`SELECT count(*) AS n FROM suppression WHERE created_at >= ? AND created_at < ? AND ${localDay('created_at')} BETWEEN ? AND ?`)
    .get(...utcWindow(r), r.from, r.to) as { n: number };
  return {
    available: true,
    byListReason: direct
      .map((x) => ({ list: x.list, reason: x.reason, count: x.n }))
      .sort((a, b) => LISTS.indexOf(a.list) - LISTS.indexOf(b.list) || b.count - a.count || a.reason.localeCompare(b.reason)),
    byList: LISTS.map((list) => ({ list, direct: sumFor(direct, list), becauseCancelled: sumFor(cascaded, list) })),
    total: direct.reduce((s, x) => s + x.n, 0),
    becauseCancelled: cascaded.reduce((s, x) => s + x.n, 0),
    suppressed: suppressed.n,
  };
}

/** A cancellation is leaving technical advisories (policy 3b), counted from the consent events. */
export function cancellations(db: Database, r: ReportRange, g: Granularity): CancellationsReport {
  const empty: CancellationsReport = { available: false, series: [], byReason: [], total: 0 };
  if (!has(db, 'consent_events')) return empty;
  const rows = db
    .prepare(
      `SELECT ${periodSql('requested_on', g)} AS period, reason, count(*) AS n FROM consent_events
       WHERE action = 'unsubscribe' AND list = 'technical_advisories' AND cause = 'direct' AND requested_on BETWEEN ? AND ?
       GROUP BY period, reason`,
    )
    .all(r.from, r.to) as { period: string; reason: OptOutReason; n: number }[];
  const perPeriod = new Map<string, number>();
  const perReason = new Map<OptOutReason, number>();
  for (const x of rows) {
    perPeriod.set(x.period, (perPeriod.get(x.period) ?? 0) + x.n);
    perReason.set(x.reason, (perReason.get(x.reason) ?? 0) + x.n);
  }
  return {
    available: true,
    series: periodsOf(r, g).map((period) => ({ period, count: perPeriod.get(period) ?? 0 })),
    byReason: [...perReason.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    total: rows.reduce((s, x) => s + x.n, 0),
  };
}

/** Entries per event and booth-local day. One indexed range query per event, on (event_id, local_hour). */
export function contests(db: Database, r: ReportRange): ContestsReport {
  const empty: ContestsReport = { available: false, events: [], entries: 0, consented: 0, consentRate: null };
  if (!has(db, 'events', 'entries')) return empty;
  // Every event: entries are counted by the day they were captured, whatever the event's dates say.
  const events = db.prepare('SELECT id, name FROM events ORDER BY starts_on, id').all() as { id: number; name: string }[];
  const perDay = db.prepare(
    `SELECT substr(local_hour, 1, 10) AS day, count(*) AS entries, coalesce(sum(marketing_consent), 0) AS consented
     FROM entries WHERE event_id = ? AND local_hour >= ? AND local_hour < ?
     GROUP BY day ORDER BY day`,
  );
  const out: ContestsReport = { available: true, events: [], entries: 0, consented: 0, consentRate: null };
  for (const ev of events) {
    const days = perDay.all(ev.id, `${r.from} 00`, `${r.to} 99`) as { day: string; entries: number; consented: number }[];
    if (days.length === 0) continue;
    const entries = days.reduce((s, d) => s + d.entries, 0);
    const consented = days.reduce((s, d) => s + d.consented, 0);
    out.events.push({ eventId: ev.id, name: ev.name, days, entries, consented, consentRate: rate(consented, entries) });
    out.entries += entries;
    out.consented += consented;
  }
  out.consentRate = rate(out.consented, out.entries);
  return out;
}

export function leads(db: Database, r: ReportRange, g: Granularity): LeadsReport {
  const empty: LeadsReport = { available: false, series: [], byMethod: [], byScript: [], created: 0, converted: 0, openNow: 0 };
  if (!has(db, 'leads')) return empty;
  const [lo, hi] = utcWindow(r);
  const created = db
    .prepare(
      `SELECT ${periodSql('day', g)} AS period, count(*) AS n FROM (SELECT ${localDay('created_at')} AS day FROM leads WHERE created_at >= ? AND created_at < ?)
       WHERE day BETWEEN ? AND ? GROUP BY period`,
    )
    .all(lo, hi, r.from, r.to) as { period: string; n: number }[];
  const converted = db
    .prepare(
      `SELECT ${periodSql('day', g)} AS period, count(*) AS n FROM (SELECT ${localDay('converted_at')} AS day FROM leads WHERE converted_at >= ? AND converted_at < ?)
       WHERE day BETWEEN ? AND ? GROUP BY period`,
    )
    .all(lo, hi, r.from, r.to) as { period: string; n: number }[];
  const inRange = `created_at >= ? AND created_at < ? AND ${localDay('created_at')} BETWEEN ? AND ?`;
  const byMethod = db.prepare(`SELECT perm_method AS method, count(*) AS count FROM leads WHERE ${inRange} GROUP BY method ORDER BY count DESC, method`).all(lo, hi, r.from, r.to) as {
    method: PermissionMethod;
    count: number;
  }[];
  const byScript = db.prepare(`SELECT perm_script_version AS version, count(*) AS count FROM leads WHERE ${inRange} GROUP BY version ORDER BY version`).all(lo, hi, r.from, r.to) as {
    version: string;
    count: number;
  }[];
  const openNow = (db.prepare("SELECT count(*) AS n FROM leads WHERE status = 'open'").get() as { n: number }).n;
  const c = new Map(created.map((x) => [x.period, x.n]));
  const v = new Map(converted.map((x) => [x.period, x.n]));
  return {
    available: true,
    series: periodsOf(r, g).map((period) => ({ period, created: c.get(period) ?? 0, converted: v.get(period) ?? 0 })),
    byMethod,
    byScript,
    created: created.reduce((s, x) => s + x.n, 0),
    converted: converted.reduce((s, x) => s + x.n, 0),
    openNow,
  };
}

/** The whole report, each store read inside one read transaction so its figures agree. */
export function buildReport(customers: Database, contestsDb: Database, range: ReportRange, generatedAt: string, timeZone = DEFAULT_BUSINESS_TIME_ZONE): ReportData {
  const g = granularityOf(range);
  const day = localDateMapper(timeZone);
  customers.function('business_day', { deterministic: true }, (ts: unknown) => (typeof ts === 'string' ? day(ts) : null));
  const inRead = <T>(db: Database, fn: () => T): T => {
    db.exec('BEGIN');
    try {
      return fn();
    } finally {
      db.exec('COMMIT');
    }
  };
  const fromCustomers = inRead(customers, () => ({
    registrations: registrations(customers, range, g),
    optouts: optouts(customers, range),
    cancellations: cancellations(customers, range, g),
    leads: leads(customers, range, g),
  }));
  const fromContests = inRead(contestsDb, () => ({ contests: contests(contestsDb, range) }));
  return { range, granularity: g, generatedAt, ...fromCustomers, ...fromContests };
}
