import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { MailingList, OptOutReason } from '../src/shared/customers-lists';
import type { BenchFigure, BenchModule } from './types';
import { signInAs, startBenchCore, type BenchCore } from './support/core';
import { timeFigure } from './support/figures';
import { percentile } from './support/stats';
import { startHubHarness, type HubHarness, type HubProcess } from '../test/support/hub-harness';
import { startDevice, type DeviceProcess } from './support/office-device-process';
import { rng } from '../test/support/rng';

/**
 * Office devices sharing one customer base through a real hub process on a real PostgreSQL
 * (embedded), on loopback. For office_sync_converge_s each device is a process of its own
 * (bench/support/office-device.ts), as each laptop is a machine of its own: their work runs side by
 * side, not one after another on one thread. They still share this machine's cores with the hub
 * and PostgreSQL, which a real office would not. The merge rounds run in this process: there one
 * device at a time does anything.
 *
 * office_sync_converge_s: 3 enrolled office devices, each having made OPS operations through
 * dispatch as the app does them (registrations, marketing opt-outs by address, cancellations,
 * resubscriptions, and edits: a cancelled account reopened under a changed name and product),
 * each device making its own at the same time. Then all three are online and sync at the same time; timed until
 * all three hold identical copies of everything that replicates (a digest per table: accounts, their
 * state, the consent ledger, merges, suppression, replica fields, staff).
 * Baseline: the raw work, every queued change inserted into a plain table of the same PostgreSQL and
 * read back once per device. office_ops_local_s is the operations themselves, before the clock.
 *
 * account_merge_ms: the same address registered on two offline office devices; the later
 * registration's device receives the earlier one through the feed and merges them (p50 of the
 * time to apply that feed page). Baseline: the same device applying a page with another device's
 * account under a new address (no merge).
 */

const OPS = 10_000;
const ROUNDS = 20;

export interface Own {
  id: number;
  email: string;
  cancelled: boolean;
  marketing: boolean;
}

export interface Office {
  b: BenchCore;
  tag: string;
  productIds: number[];
  notices: { registration: string; marketing: string };
  /** Accounts this device registered: id, email, whether cancelled, whether on the marketing list. */
  own: Own[];
  ownByEmail: Map<string, Own>;
}

/** An office device with its staff and two products; its sync loop runs every `intervalMs` once enrolled. */
export async function office(tag: string, intervalMs = 1_000): Promise<Office> {
  const b = await startBenchCore({ appVersion: '0.1.0', deviceName: tag, sync: { intervalMs, nudgeDelayMs: intervalMs } });
  // The bench's admin connection is idle for minutes while the operations run: it must not lock.
  const st = await b.must('admin', 'settings.get', {});
  const { hasPassword: _, ...smtp } = st.smtp;
  await b.must('admin', 'settings.update', { lockAfterMinutes: 240, kioskIdleSeconds: st.kioskIdleSeconds, smtp });
  await signInAs(b, `staff-${tag}`, 'office_staff');
  const productIds = [
    (await b.must('admin', 'products.create', { name: 'IXO Call Pro' })).id,
    (await b.must('admin', 'products.create', { name: 'IXO Call Lite' })).id,
  ];
  const list = await b.must(`staff-${tag}`, 'customers.notices', {});
  const v = (id: string) => list.find((n) => n.id === id && n.language === 'en')!.version;
  return { b, tag, productIds, notices: { registration: v('registration'), marketing: v('marketing') }, own: [], ownByEmail: new Map() };
}

export type Op =
  | { kind: 'register'; email: string; name: string; marketing: boolean; product: 0 | 1 }
  | { kind: 'optout'; email: string }
  | { kind: 'cancel' }
  | { kind: 'resubscribe' }
  | { kind: 'edit' };

/** One device's operations, from a seed: about half registrations, the rest changes of what exists. */
export function plan(seed: number, tag: string, n: number, everyone: readonly string[]): Op[] {
  const random = rng(seed);
  const ops: Op[] = [];
  let made = 0;
  for (let i = 0; i < n; i++) {
    const r = random();
    if (made < 10 || r < 0.45) {
      ops.push({ kind: 'register', email: `${tag}-${made}@example.test`, name: `Customer ${tag} ${made}`, marketing: random() < 0.5, product: random() < 0.7 ? 0 : 1 });
      made++;
    } else if (r < 0.65) ops.push({ kind: 'optout', email: everyone[Math.floor(random() * everyone.length)]! });
    else if (r < 0.75) ops.push({ kind: 'cancel' });
    else if (r < 0.9) ops.push({ kind: 'resubscribe' });
    else ops.push({ kind: 'edit' });
  }
  return ops;
}

/** Runs one operation through dispatch. Changes of an own account pick one in the state they need (or register instead). */
export async function run(o: Office, op: Op, random: () => number, i: number): Promise<void> {
  const conn = `staff-${o.tag}`;
  const pick = (want: (a: Own) => boolean) => {
    for (let k = 0; k < 8; k++) {
      const a = o.own[Math.floor(random() * o.own.length)];
      if (a && want(a)) return a;
    }
    return undefined;
  };
  switch (op.kind) {
    case 'register': {
      const r = await o.b.must(conn, 'customers.register', {
        birthDate: '1980-05-17',
        name: op.name,
        email: op.email,
        productId: o.productIds[op.product]!,
        marketingOptIn: op.marketing,
        registrationNoticeVersion: o.notices.registration,
        marketingNoticeVersion: o.notices.marketing,
      });
      if (r.outcome !== 'registered') throw new Error(`registration refused: ${r.message}`);
      const a = { id: r.account.id, email: op.email, cancelled: false, marketing: op.marketing };
      o.own.push(a);
      o.ownByEmail.set(a.email, a);
      return;
    }
    case 'optout': {
      const lists: MailingList[] = ['email_marketing'];
      const reason: OptOutReason = 'email';
      // The address may belong to an account another device has cancelled: the app refuses that
      // opt-out (the account is on no list), as it does for staff.
      const r = await o.b.core.dispatch(conn, 'optouts.process', { email: op.email, lists, reason, requestedOn: '2026-05-04', confirmCancellation: false });
      if (!r.ok && r.error.key !== 'accounts.closed') throw new Error(`optouts.process failed: ${r.error.code}: ${r.error.message}`);
      const a = o.ownByEmail.get(op.email);
      if (a) a.marketing = false;
      return;
    }
    case 'cancel': {
      const a = pick((x) => !x.cancelled);
      if (!a) return;
      await o.b.must(conn, 'optouts.process', { email: a.email, lists: ['technical_advisories'], reason: 'phone', requestedOn: '2026-05-04', confirmCancellation: true });
      a.cancelled = true;
      a.marketing = false;
      return;
    }
    case 'resubscribe': {
      const a = pick((x) => !x.cancelled && !x.marketing);
      if (!a) return;
      await o.b.must(conn, 'customers.resubscribe', { accountId: a.id, list: 'email_marketing', method: 'phone', requestedOn: '2026-05-04', noticeVersion: o.notices.marketing, confirmed: true });
      a.marketing = true;
      return;
    }
    case 'edit': {
      const a = pick((x) => x.cancelled);
      if (!a) return;
      const r = await o.b.must(conn, 'customers.register', {
        birthDate: '1980-05-17',
        name: `Customer ${o.tag} edited ${i}`,
        email: a.email,
        productId: o.productIds[1]!,
        marketingOptIn: false,
        registrationNoticeVersion: o.notices.registration,
        marketingNoticeVersion: o.notices.marketing,
        reopenAccountId: a.id,
      });
      if (r.outcome !== 'registered') throw new Error(`reopening refused: ${r.message}`);
      a.cancelled = false;
      return;
    }
  }
}

const rows = (db: Database, sql: string) => db.prepare(sql).raw().all();
const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/** A digest per replicated table, by global ids (local ids differ between devices). */
export function officeDigest(db: Database): Record<string, string> {
  return {
    accounts: hash(
      rows(
        db,
        `SELECT a.gid, a.number, a.name, a.email, p.name, a.language, a.created_at, a.erased_at, s.status, s.opened, s.lists, s.cancelled_at, s.cancel_reason
           FROM accounts a JOIN account_state s ON s.account_id = a.id JOIN products p ON p.id = a.product_id ORDER BY a.gid`,
      ),
    ),
    consent: hash(rows(db, 'SELECT e.gid, a.gid, e.list, e.action, e.method, e.reason, e.hlc, e.node FROM consent_events e JOIN accounts a ON a.id = e.account_id ORDER BY e.gid')),
    merges: hash(rows(db, 'SELECT gid, into_gid, number FROM account_merges ORDER BY gid')),
    suppression: hash(rows(db, 'SELECT hex(email_hmac) AS h, lists FROM suppression ORDER BY h')),
    replica_fields: hash(rows(db, 'SELECT tbl, record_id, field, value, hlc, node FROM replica_fields ORDER BY tbl, record_id, field')),
    staff: hash(rows(db, 'SELECT gid, username, role, disabled, password_hash FROM staff ORDER BY gid')),
  };
}

export const unsent = (db: Database) => db.prepare("SELECT count(*) FROM sync_outbox WHERE kind IN ('record', 'suppression') AND sent_at IS NULL").pluck().get() as number;

/** Waits, bounded, until every device has sent everything and all digests agree; the devices sync at the same time. */
async function converge(devices: readonly DeviceProcess[], limitMs: number): Promise<number> {
  const t0 = performance.now();
  for (let pass = 1; ; pass++) {
    const states = await Promise.all(devices.map((d) => d.call({ cmd: 'sync' })));
    states.forEach((s, i) => {
      if (s.error !== null) throw new Error(`${devices[i]!.tag}: ${s.error}`);
    });
    if (states.every((s) => s.unsent === 0) && states.every((s) => s.digest === states[0]!.digest)) return pass;
    if (performance.now() - t0 > limitMs) {
      const detail = states.map((s, i) => `${devices[i]!.tag}: unsent ${s.unsent}, ${s.digest}`).join('\n');
      throw new Error(`the office devices did not converge in ${limitMs / 1000} s:\n${detail}`);
    }
  }
}

async function enroll(h: HubHarness, hub: HubProcess, o: Office): Promise<void> {
  await o.b.must('admin', 'sync.enroll', { hubUrl: hub.url, code: await h.createCode('office', o.tag), deviceName: o.tag });
  await o.b.must('admin', 'sync.now', {});
}

/** The raw work: every queued change of the three devices inserted into a plain table of the same PostgreSQL, then read back by each device. */
async function plainRoundTrip(url: string, payloads: string[], readers: number): Promise<number> {
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  try {
    await pool.query('CREATE TABLE IF NOT EXISTS bench_office_plain (seq bigserial PRIMARY KEY, payload text NOT NULL)');
    await pool.query('TRUNCATE bench_office_plain');
    const t0 = performance.now();
    for (let i = 0; i < payloads.length; i += 1_000) await pool.query('INSERT INTO bench_office_plain (payload) SELECT unnest($1::text[])', [payloads.slice(i, i + 1_000)]);
    for (let r = 0; r < readers; r++) {
      const got = await pool.query('SELECT seq, payload FROM bench_office_plain ORDER BY seq');
      if (got.rowCount !== payloads.length) throw new Error('the plain read-back lost rows');
    }
    return (performance.now() - t0) / 1000;
  } finally {
    await pool.end();
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux); NaN elsewhere. */
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return Number.NaN;
  }
}

async function convergeFigures(h: HubHarness, hub: HubProcess, n: number, devices: DeviceProcess[], log: (line: string) => void): Promise<BenchFigure[]> {
  const tags = ['o1', 'o2', 'o3'];
  for (const tag of tags) devices.push(startDevice(tag));
  for (const d of devices) await d.call({ cmd: 'start', hubUrl: hub.url, code: await h.createCode('office', d.tag) });
  // Every device has the others' staff and settings before the clock starts.
  await converge(devices, 60_000);
  const emails = tags.flatMap((t) => Array.from({ length: Math.ceil(n / 4) }, (_, i) => `${t}-${i}@example.test`));
  log(`office sync: ${n} operations on each of 3 enrolled devices, each device in its own process`);
  const made = await Promise.all(devices.map((d, k) => d.call({ cmd: 'ops', seed: 100 + k, pickSeed: 7 + k, n, everyone: emails })));
  const opsS = Math.max(...made.map((m) => m.seconds));
  const queued = made.flatMap((m) => m.queued);
  log(`office sync: operations made in ${opsS.toFixed(1)} s (${queued.length} changes queued); all three online until they agree`);
  const t0 = performance.now();
  const cpu0 = devices.map((d) => cpuSecondsOf(d.pid));
  const hub0 = cpuSecondsOf(hub.pid);
  const passes = await converge(devices, 600_000);
  const totalS = (performance.now() - t0) / 1000;
  const cpus = devices.map((d, k) => cpuSecondsOf(d.pid) - cpu0[k]!);
  const hubCpuS = cpuSecondsOf(hub.pid) - hub0;
  const plainS = await plainRoundTrip(h.pg.url, queued, devices.length);
  const { accounts, records } = await devices[0]!.call({ cmd: 'counts' });
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return [
    {
      key: 'office_sync_converge_s',
      value: r3(totalS),
      unit: 's',
      baseline: { label: 'the same changes inserted into a plain PostgreSQL table and read back 3 times', value: r3(plainS) },
      target: { op: '<=', value: 30 },
      note: `3 office devices x ${n.toLocaleString('en')} operations made, then all online, syncing at once, until identical (${passes} rounds each): ${queued.length.toLocaleString('en')} changes; the devices' processes used ${cpus.map((c) => c.toFixed(1)).join(' + ')} s of CPU meanwhile, the hub process ${hubCpuS.toFixed(1)} s (PostgreSQL not counted); ${accounts.toLocaleString('en')} accounts and ${records.toLocaleString('en')} records on each device at the end; one process per device`,
    },
    { key: 'office_ops_local_s', value: r3(opsS), unit: 's', note: `the ${(3 * n).toLocaleString('en')} operations themselves (dispatch, local writes, changes queued; synchronous=NORMAL; the three devices at the same time), before the clock` },
  ];
}

/**
 * Two offline office devices register one address; the second then receives the first's account in
 * a feed page and merges. Returns the time of that page's application on the second device (ms),
 * and of a page bringing an unrelated account (the baseline).
 */
async function mergeRound(a: Office, b: Office, i: number): Promise<{ merge: number; plain: number }> {
  const reg = (o: Office, email: string, name: string) =>
    o.b.must(`staff-${o.tag}`, 'customers.register', {
      birthDate: '1980-05-17',
      name,
      email,
      productId: o.productIds[0]!,
      marketingOptIn: true,
      registrationNoticeVersion: o.notices.registration,
      marketingNoticeVersion: o.notices.marketing,
    });
  const timePull = async (o: Office): Promise<number> => {
    const t = performance.now();
    const s = await o.b.must('admin', 'sync.now', {});
    if (s.lastError) throw new Error(s.lastError.message);
    return performance.now() - t;
  };
  // Baseline: a's new account under an address b has never seen.
  await reg(a, `plain-${i}@example.test`, `Plain ${i}`);
  await timePull(a);
  const plain = await timePull(b);
  // The merge: both register one address while neither has the other's; a pushes first (earlier).
  await reg(a, `same-${i}@example.test`, `Same A ${i}`);
  await reg(b, `same-${i}@example.test`, `Same B ${i}`);
  await timePull(a);
  const merge = await timePull(b);
  const merged = b.b.core.stores!.customers.prepare('SELECT count(*) FROM account_merges').pluck().get() as number;
  if (merged < i + 1) throw new Error(`round ${i}: no merge was recorded on the second device`);
  return { merge, plain };
}

async function mergeFigures(h: HubHarness, hub: HubProcess, rounds: number, cores: BenchCore[], log: (line: string) => void): Promise<BenchFigure[]> {
  // Their timers never fire during the rounds: each round is "Sync now" on one device.
  const a = await office('m1', 3_600_000);
  cores.push(a.b);
  const b = await office('m2', 3_600_000);
  cores.push(b.b);
  for (const o of [a, b]) await enroll(h, hub, o);
  log(`office sync: ${rounds} account merges`);
  const merges: number[] = [];
  const plains: number[] = [];
  await mergeRound(a, b, 0);
  for (let i = 1; i <= rounds; i++) {
    const r = await mergeRound(a, b, i);
    merges.push(r.merge);
    plains.push(r.plain);
  }
  return [
    timeFigure(
      'account_merge_ms',
      percentile(merges, 50),
      { label: "the same round bringing another address's account (no merge), p50", value: percentile(plains, 50) },
      { note: `p50 of ${rounds} rounds: the later device's whole sync round (push, feeds, replica page with the merge applied, audit); p90 ${Math.round(percentile(merges, 90))} ms` },
    ),
  ];
}

const bench: BenchModule = {
  title: 'Office sync (3 office devices, hub process, PostgreSQL)',
  async run({ quick, log }) {
    const h = await startHubHarness({ embedded: true, env: { IXO_HUB_ENROLL_LIMIT: '100000' } });
    const cores: BenchCore[] = [];
    try {
      const hub = await h.startHub();
      const devices: DeviceProcess[] = [];
      let figures: BenchFigure[];
      try {
        figures = await convergeFigures(h, hub, quick ? 1_000 : OPS, devices, log);
      } finally {
        for (const d of devices) await d.close();
      }
      figures.push(...(await mergeFigures(h, hub, quick ? 5 : ROUNDS, cores, log)));
      return figures;
    } finally {
      for (const c of cores) await c.close();
      await h.close();
    }
  },
};

export default bench;
