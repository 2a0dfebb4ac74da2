/**
 * Convergence: 3 office devices and 2 booths on one real hub and PostgreSQL. Each device goes online
 * and offline on a seeded random schedule while doing random operations through dispatch (office:
 * opt-outs, events, staff accounts; booths: kiosk captures of the events they have received). After
 * every device has synced, the office devices hold identical data for everything that replicates
 * (per-table digests), the booths hold the same events and opt-outs, every captured entry is on every
 * office device, and the suppression list is exactly the union of the opt-outs made anywhere.
 *
 * Schedules come from a seeded generator. CI runs CONVERGENCE_SEEDS (default 2 seeds) of
 * CONVERGENCE_STEPS (default 30) steps each; a longer run: CONVERGENCE_SEEDS=20 CONVERGENCE_STEPS=200.
 */
import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { emailHasher } from '../../src/main/accounts/suppression';
import { LIST_BIT, type MailingList } from '../../src/shared/customers-lists';
import type { Role } from '../../src/shared/roles';
import { manualClock, startCore, TEST_PASSWORD, type TestCore } from '../support/core';
import { rng } from '../support/rng';
import { entryFor, NOTICE_V1, NOTICE_V1_FI, RULES_V1, RULES_V1_FI, TODAY } from '../integration/booth-support';
import { useHub } from './support';

const hubs = useHub();
const SEEDS = (process.env.CONVERGENCE_SEEDS ?? '2').split(',').length > 1 ? process.env.CONVERGENCE_SEEDS!.split(',').map(Number) : Array.from({ length: Number(process.env.CONVERGENCE_SEEDS ?? 2) }, (_, i) => i + 1);
const STEPS = Number(process.env.CONVERGENCE_STEPS ?? 30);
const EMAILS = Array.from({ length: 12 }, (_, i) => `person${i}@example.com`);
const OPT_LISTS: MailingList[] = ['email_marketing', 'call_detail_reports'];
// The seeds of a file share one hub, so devices of a later seed also receive what earlier seeds made:
// what is expected everywhere is everything made on the hub so far.
const optedOut = new Map<string, number>();
const captured = new Set<string>();

interface Dev {
  t: TestCore;
  name: string;
  profile: 'office' | 'booth';
  online: boolean;
}

/** A device with its own first admin (usernames differ across devices) and one signed-in staff member per role. */
async function device(seed: number, profile: 'office' | 'booth', name: string, roles: Role[]): Promise<Dev> {
  const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0', deviceName: name, sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
  const tag = `${seed}-${name.replace(/\W/g, '').toLowerCase()}`;
  await t.must('admin', 'auth.createFirstAdmin', { username: `admin-${tag}`, displayName: `Admin ${tag}`, password: TEST_PASSWORD, confirmPassword: TEST_PASSWORD });
  for (const role of roles) {
    const username = `${role.replace('_', '-')}-${tag}`;
    await t.must('admin', 'staff.create', { username, displayName: `${role} ${tag}`, role, password: TEST_PASSWORD });
    await t.must(role, 'auth.signIn', { username, password: TEST_PASSWORD });
  }
  await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode(profile, name), deviceName: name });
  return { t, name, profile, online: true };
}

const rows = (db: Database, sql: string) => db.prepare(sql).all();
const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

/** Per-table digests of what replicates to every office device. */
function officeDigest(t: TestCore): Record<string, string> {
  const { customers, contests } = t.core.stores!;
  return {
    suppression: hash(rows(customers, 'SELECT hex(email_hmac) AS h, lists FROM suppression ORDER BY h')),
    replica_fields: hash(rows(customers, 'SELECT tbl, record_id, field, value, hlc, node FROM replica_fields ORDER BY tbl, record_id, field')),
    staff: hash(rows(customers, 'SELECT gid, username, display_name, role, disabled, password_hash FROM staff ORDER BY gid')),
    events: hash(rows(contests, 'SELECT uuid, name, starts_on, ends_on FROM events ORDER BY uuid')),
    entries: hash(rows(contests, 'SELECT uuid, email FROM entries ORDER BY uuid')),
  };
}

describe('convergence on a seeded random schedule', () => {
  for (const seed of SEEDS) {
    it(`seed ${seed}: ${STEPS} steps on 3 office devices and 2 booths converge`, async () => {
      const random = rng(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      const devs: Dev[] = [];
      try {
        for (const n of [1, 2, 3]) devs.push(await device(seed, 'office', `Office ${seed}.${n}`, ['manager', 'office_staff']));
        for (const n of [1, 2]) devs.push(await device(seed, 'booth', `Booth ${seed}.${n}`, ['booth_staff']));
        let made = 0;
        for (let step = 0; step < STEPS; step++) {
          const d = pick(devs);
          if (random() < 0.25) d.online = !d.online;
          if (d.profile === 'office') {
            const op = pick(['optout', 'optout', 'event', 'staff'] as const);
            switch (op) {
              case 'optout': {
                const email = pick(EMAILS);
                const lists = OPT_LISTS.filter(() => random() < 0.6);
                if (lists.length === 0) lists.push(pick(OPT_LISTS));
                await d.t.must('office_staff', 'optouts.process', { email, lists, reason: 'email', requestedOn: TODAY });
                optedOut.set(email, (optedOut.get(email) ?? 0) | lists.reduce((m, l) => m | LIST_BIT[l], 0));
                break;
              }
              case 'event':
                await d.t.must('manager', 'events.create', {
                  name: `Fair ${seed}-${++made}`,
                  startsOn: TODAY,
                  endsOn: TODAY,
                  location: 'Helsinki',
                  acceptDuplicates: true,
                  rulesText: { fi: RULES_V1_FI, en: RULES_V1 },
                  noticeText: { fi: NOTICE_V1_FI, en: NOTICE_V1 },
                });
                break;
              case 'staff':
                await d.t.must('admin', 'staff.create', { username: `s${seed}-${++made}`, displayName: `Staff ${seed} ${made}`, role: 'office_staff', password: TEST_PASSWORD });
                break;
            }
          } else {
            const events = await d.t.must('booth_staff', 'booth.events', {});
            if (events.length > 0) {
              const ev = pick(events);
              const out = await d.t.must('booth_staff', 'booth.capture', await entryFor(d.t, ev.id, { email: `entrant-${seed}-${step}@example.com`, marketingConsent: random() < 0.5 }));
              expect(out.outcome).toBe('saved');
              captured.add(`entrant-${seed}-${step}@example.com`);
            }
          }
          for (const x of devs) if (x.online) await x.t.must('admin', 'sync.now', {});
        }

        // Everyone online; two passes so what one device pushes in the first reaches the rest in the second.
        for (let pass = 0; pass < 3; pass++) {
          for (const x of devs) {
            x.online = true;
            const s = await x.t.must('admin', 'sync.now', {});
            expect(s.lastError, `${x.name} pass ${pass}`).toBeNull();
          }
        }

        // The schedule did something to converge on.
        expect(made + captured.size).toBeGreaterThan(0);

        const offices = devs.filter((x) => x.profile === 'office');
        const booths = devs.filter((x) => x.profile === 'booth');
        const first = officeDigest(offices[0]!.t);
        for (const o of offices.slice(1)) expect(officeDigest(o.t), o.name).toEqual(first);
        for (const b of booths) {
          const bd = officeDigest(b.t);
          expect({ suppression: bd.suppression, events: bd.events }, b.name).toEqual({ suppression: first.suppression, events: first.events });
        }
        // Every entry captured at a booth is on every office device.
        const officeEmails = new Set((rows(offices[0]!.t.core.stores!.contests, 'SELECT email FROM entries') as { email: string }[]).map((r) => r.email));
        expect([...captured].filter((e) => !officeEmails.has(e))).toEqual([]);
        expect(officeEmails.size).toBe(captured.size);
        // The suppression list is exactly the union of the opt-outs made on any device.
        const key = (await offices[0]!.t.vault.get('suppression-hmac-key'))!;
        const hmac = emailHasher(key);
        const expected = [...optedOut].map(([email, lists]) => ({ h: hmac(email).toString('hex').toUpperCase(), lists })).sort((a, b) => (a.h < b.h ? -1 : 1));
        expect(rows(offices[0]!.t.core.stores!.customers, 'SELECT hex(email_hmac) AS h, lists FROM suppression ORDER BY h')).toEqual(expected);
      } finally {
        for (const x of devs) await x.t.close();
      }
    });
  }
});
