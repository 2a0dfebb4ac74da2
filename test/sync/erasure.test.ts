import { describe, expect, it } from 'vitest';
import type { InputOf } from '../../src/shared/contract';
import { startSystemPostgres } from '../support/hub-harness';
import { TODAY } from '../integration/booth-support';
import { dataKeyFrom, open as openSealed } from '../../src/hub/crypto';
import { ERASED_TEXT } from '../../src/shared/sync/erasure';
import { SCRUB_DUE_KEY } from '../../src/main/replica/erasure';
import { dataFolderHits, hubHits, useHub } from './support';
import { byNumber, leadInputAt, officeDevices, register as registerAs, type OfficeDevice } from './office-devices';

/**
 * Erasure reaches every copy (README: "Replicated records", erasure): erased on one office device,
 * the person's data leaves every other office device as a local erasure removes it, and the hub
 * keeps only the tombstone; a change made concurrently elsewhere, with a later stamp, brings
 * nothing back. On Debian's PostgreSQL, so the test can take a pg_dump of the hub.
 */

const hubs = useHub(async () => ({ server: await startSystemPostgres() }));
const T = Date.parse(`${TODAY}T10:00:00Z`);

type Device = OfficeDevice;
const { sync, enrolled } = officeDevices({ hubs, roles: ['office_staff', 'manager', 'customer_service', 'billing_clerk'], startAt: () => T });
/** Registrations here take marketing, so erasure has consent events to scrub. */
const register = (d: Device, name: string, email: string, over: Partial<InputOf<'customers.register'>> = {}) => registerAs(d, name, email, { marketingOptIn: true, ...over });

const leadInput = leadInputAt(T);

/** Where `text` (case-insensitive) is in a device's account rows, lead rows or replicated fields. */
const rowsHolding = (d: Device, text: string) =>
  d.t.core.stores!.customers.prepare(
    `SELECT 'accounts' AS t, id FROM accounts WHERE name LIKE @t OR email LIKE @t
     UNION ALL SELECT 'leads', id FROM leads WHERE name LIKE @t OR email LIKE @t OR perm_confirmation LIKE @t
     UNION ALL SELECT 'replica_fields ' || tbl || '.' || field, record_id FROM replica_fields WHERE value LIKE @t`,
  ).all({ t: `%${text}%` });

const localId = (d: Device, number: string) => (d.t.core.stores!.customers.prepare('SELECT id FROM accounts WHERE number = ?').get(number) as { id: number }).id;

const P = { name: 'Eerika Erasmustintti', email: 'eerika.erasmus@example.net' };
/** Every string that identifies the person or that staff wrote about them; none may survive anywhere. */
const CANARIES = ['Erasmustintti', 'eerika.erasmus', 'ERXCANCEL moved abroad', 'ERXOPT called in', 'ERXNOTE-B refund asked', 'ERXBILL-katu 9', 'Reopenedtintti', 'ERXLATE offline opt-out'];

describe('erasure reaches every copy', () => {
  it('erased on A: after sync nothing of the person is in any file of A or B or in the hub, and an offline edit on B with a later stamp loses', async () => {
    const a = await enrolled('Erase A');
    const b = await enrolled('Erase B');
    const x = await register(a, P.name, P.email);
    const control = await register(a, 'Otto Kontrolli', 'otto.kontrolli@example.com');
    await a.t.must('office_staff', 'optouts.process', { email: P.email, lists: ['email_marketing'], reason: 'phone', requestedOn: TODAY, note: 'ERXOPT called in' });
    await sync(a, b);

    // B holds the account, adds a service note and billing details of its own, and cancels it with a note.
    const onB = localId(b, x.number);
    await b.t.must('customer_service', 'notes.add', { accountId: onB, body: 'ERXNOTE-B refund asked' });
    await b.t.must('billing_clerk', 'billing.save', { accountId: onB, billingName: P.name, addressLine1: 'ERXBILL-katu 9', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: null });
    b.clock.advance(60_000);
    await b.t.must('office_staff', 'optouts.process', { email: P.email, lists: ['technical_advisories'], reason: 'email', requestedOn: TODAY, note: 'ERXCANCEL moved abroad', confirmCancellation: true });
    await sync(b, a);
    expect(await byNumber(a, x.number)).toMatchObject({ status: 'cancelled', cancelNote: 'ERXCANCEL moved abroad' });

    // Offline. A erases at 10:02. B, whose clock runs minutes ahead, reopens the account under a new
    // name (its registration mail waits to be sent) and then records an opt-out with a note.
    a.clock.advance(120_000);
    const report = await a.t.must('manager', 'dsr.erase', { email: P.email, confirmEmail: P.email, requestMethod: 'phone', reference: 'DSR-ERX-1' });
    expect(report.accountId).toBe(x.id);
    b.clock.advance(240_000);
    await register(b, 'Eerika Reopenedtintti', P.email, { reopenAccountId: onB });
    await b.t.must('office_staff', 'optouts.process', { email: P.email, lists: ['email_marketing'], reason: 'phone', requestedOn: TODAY, note: 'ERXLATE offline opt-out' });
    expect((await byNumber(b, x.number))!.registrationEmail).toMatchObject({ status: 'pending' });

    // B pushes its later changes first, then A, then both pull.
    await sync(b, a, b, a);

    for (const d of [a, b]) {
      const db = d.t.core.stores!.customers;
      const id = localId(d, x.number);
      expect(db.prepare('SELECT a.name, a.email, s.status, s.lists FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.id = ?').get(id)).toEqual({
        name: null,
        email: null,
        status: 'erased',
        lists: 0,
      });
      expect(await d.t.must('office_staff', 'customers.search', { query: 'Erasmustintti' })).toEqual([]);
      expect(await d.t.must('office_staff', 'customers.search', { query: 'Reopenedtintti' })).toEqual([]);
      expect(db.prepare('SELECT count(*) AS n FROM mail_outbox WHERE account_id = ?').get(id)).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM service_notes WHERE account_id = ?').get(id)).toEqual({ n: 0 });
      expect(db.prepare('SELECT count(*) AS n FROM billing_profiles WHERE account_id = ?').get(id)).toEqual({ n: 0 });
      // The proof stays: every consent event of the account, A's and B's, without notes.
      const events = db.prepare('SELECT device, note FROM consent_events WHERE account_id = ? ORDER BY hlc, node').all(id) as { device: string; note: string | null }[];
      expect(events.filter((e) => e.device === 'Erase B').length).toBeGreaterThanOrEqual(4);
      expect(events.every((e) => e.note === null)).toBe(true);
      // The control person keeps everything.
      expect(await byNumber(d, control.number)).toMatchObject({ name: 'Otto Kontrolli', status: 'active' });
      expect(await dataFolderHits(d.t, CANARIES)).toEqual([]);
    }
    // Both hold the same record, the erased one, with the same stamps.
    const fieldsOf = (d: Device) => d.t.core.stores!.customers.prepare("SELECT tbl, record_id, field, value, hlc, node FROM replica_fields WHERE tbl IN ('accounts', 'consent') ORDER BY 1, 2, 3").all();
    expect(fieldsOf(b)).toEqual(fieldsOf(a));
    expect(b.t.core.stores!.customers.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'dsr.erase_replicated'").get()).toEqual({ n: 1 });

    // The hub keeps the tombstone only.
    expect(await hubHits(hubs.h, CANARIES)).toEqual([]);
    expect(await hubHits(hubs.h, ['Otto Kontrolli'])).not.toEqual([]);
    const gid = (a.t.core.stores!.customers.prepare('SELECT gid FROM accounts WHERE id = ?').get(x.id) as { gid: string }).gid;
    expect((await hubs.h.pool.query('SELECT record_id FROM replica.erased')).rows).toEqual([{ record_id: gid }]);

    // A device that joins afterwards receives the tombstone and nothing else.
    const c = await enrolled('Erase C');
    await sync(c);
    expect(c.t.core.stores!.customers.prepare('SELECT a.name, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.number = ?').get(x.number)).toEqual({ name: null, status: 'erased' });
    expect(await dataFolderHits(c.t, CANARIES)).toEqual([]);
  });

  it('an erasure made on a device that had not seen a merge erases the account the erased one joined, on every device', async () => {
    const a = await enrolled('Joined A');
    const b = await enrolled('Joined B');
    const c = await enrolled('Joined C');
    const Q = { email: 'jonna.joined@example.net', names: ['Jonna Joinedtintti', 'Jonna J. Joinedtintti'] };
    // Offline: A registers first; B registers the same address a minute later and shares it with C only.
    await register(a, Q.names[0]!, Q.email);
    b.clock.advance(60_000);
    await register(b, Q.names[1]!, Q.email);
    await sync(b, c);
    // A and B meet: B's registration joins A's on both. C, still holding only B's, erases the person.
    await sync(a, b);
    c.clock.advance(120_000);
    await c.t.must('manager', 'dsr.erase', { email: Q.email, confirmEmail: Q.email, requestMethod: 'email_request', reference: 'DSR-ERX-2' });
    // A and B erase the account it joined when C's erasure reaches them, and share that; C receives it next.
    await sync(c, a, b, a, b, c);
    for (const d of [a, b, c]) {
      const held = d.t.core.stores!.customers.prepare("SELECT a.name, s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.number NOT IN (SELECT number FROM account_merges)").all() as { name: string | null; status: string }[];
      expect(held.filter((r) => r.status !== 'erased' && r.name?.includes('Joinedtintti'))).toEqual([]);
      expect(await dataFolderHits(d.t, ['Joinedtintti', 'jonna.joined'])).toEqual([]);
    }
    expect(await hubHits(hubs.h, ['Joinedtintti', 'jonna.joined'])).toEqual([]);
  });

  it('a device that pulls the erasure of an account another joined queues nothing: the joined account\'s erasure comes in the same pull', async () => {
    const a = await enrolled('Pulled A');
    const b = await enrolled('Pulled B');
    const R = { email: 'pirjo.pulled@example.net', names: ['Pirjo Pulledtintti', 'Pirjo P. Pulledtintti'] };
    await register(a, R.names[0]!, R.email);
    b.clock.advance(60_000);
    await register(b, R.names[1]!, R.email);
    // Both see B's registration join A's; then A erases the person, and shares the joined account's erasure itself.
    await sync(a, b, a);
    a.clock.advance(60_000);
    await a.t.must('manager', 'dsr.erase', { email: R.email, confirmEmail: R.email, requestMethod: 'email_request', reference: 'DSR-ERX-3' });
    await sync(a);
    // B pushes what it had, then pulls both erasures: nothing new may wait in its outbox, so B and A agree without another round.
    await sync(b);
    const queued = b.t.core.stores!.customers.prepare("SELECT payload FROM sync_outbox WHERE kind = 'record' AND sent_at IS NULL").all();
    expect(queued).toEqual([]);
    const fields = (d: Device) => d.t.core.stores!.customers.prepare("SELECT tbl, record_id, field, value, hlc, node FROM replica_fields WHERE tbl IN ('accounts', 'consent') ORDER BY 1, 2, 3").all();
    expect(fields(b)).toEqual(fields(a));
    // The round that applied the erasures ran the erasure's scrub, so no byte of the person is left in B's files.
    expect(await dataFolderHits(b.t, ['Pulledtintti', 'pirjo.pulled'])).toEqual([]);
    expect(b.t.core.stores!.customers.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(SCRUB_DUE_KEY)).toBe('false');
  });

  it('erasure by address: a registration and a lead of the same address made before it on devices that never held the erased account are erased too, whichever reaches the hub first', async () => {
    const a = await enrolled('Address A');
    const b = await enrolled('Address B');
    const c = await enrolled('Address C');
    const S = { email: 'saara.samaosoite@example.net', names: ['Saara Samaosoitetintti', 'Saara S. Samaosoitetintti'] };
    // Each offline on its own. C records a lead with the address and shares it before any erasure exists.
    await c.t.must('office_staff', 'leads.create', leadInput({ name: 'Saara Leadtintti', email: S.email }));
    await sync(c);
    const first = await register(a, S.names[0]!, S.email);
    b.clock.advance(60_000);
    const onB = await register(b, S.names[1]!, S.email);
    await b.t.must('office_staff', 'leads.create', leadInput({ name: 'Saara B-Leadtintti', email: 'Saara.Samaosoite@Example.net' }));
    // A erases the person it holds; its tombstone reaches the hub after C's lead and before B's registration and lead.
    a.clock.advance(120_000);
    await a.t.must('manager', 'dsr.erase', { email: S.email, confirmEmail: S.email, requestMethod: 'phone', reference: 'DSR-ERX-4' });
    await sync(a, b, c, a, b);

    for (const d of [a, b, c]) {
      expect(rowsHolding(d, 'Samaosoite'), d.t.core.stores!.customers.name).toEqual([]);
      expect(rowsHolding(d, 'Leadtintti')).toEqual([]);
      expect((await d.t.must('office_staff', 'leads.list', { status: 'all', query: '', limit: 50 })).leads).toEqual([]);
    }
    expect(b.t.core.stores!.customers.prepare('SELECT s.status FROM accounts a JOIN account_state s ON s.account_id = a.id WHERE a.number = ?').pluck().get(onB.number)).toBe('erased');
    // The tombstones keep the keyed hash of the address, never the address.
    const gidOf = (d: Device, number: string) => d.t.core.stores!.customers.prepare('SELECT gid FROM accounts WHERE number = ?').pluck().get(number) as string;
    const tombs = (await hubs.h.pool.query<{ email_hmac: Buffer | null }>('SELECT email_hmac FROM replica.erased WHERE record_id = ANY($1::uuid[])', [[gidOf(a, first.number), gidOf(b, onB.number)]])).rows;
    expect(tombs).toHaveLength(2);
    expect(tombs[0]!.email_hmac).toHaveLength(32);
    expect(tombs[1]!.email_hmac).toEqual(tombs[0]!.email_hmac);
    expect(await hubHits(hubs.h, ['Samaosoite', 'samaosoite', 'Leadtintti'])).toEqual([]);
    const fields = (d: Device) => d.t.core.stores!.customers.prepare("SELECT tbl, record_id, field, value, hlc, node FROM replica_fields WHERE tbl IN ('accounts', 'consent') ORDER BY 1, 2, 3").all();
    expect(fields(b)).toEqual(fields(a));
    expect(fields(c)).toEqual(fields(a));

    // A registration made after the erasure is a new one, with a consent of its own: it stays.
    b.clock.advance(180_000);
    const again = await register(b, 'Saara Uusitintti', S.email);
    await sync(b, a);
    expect(await byNumber(a, again.number)).toMatchObject({ name: 'Saara Uusitintti', status: 'active' });
    expect(first.number).not.toBe(again.number);
  });

  it('after an erasure the hub holds neither the hashes of the changes that carried the person nor the details of audit rows about them, and each chain stays verified', async () => {
    const a = await enrolled('Leftover A');
    const b = await enrolled('Leftover B');
    const L = { name: 'Lauri Jaannostintti', email: 'lauri.jaannos@example.net' };
    const x = await register(a, L.name, L.email);
    await a.t.must('customer_service', 'notes.add', { accountId: x.id, body: 'ERXLEFT note' });
    await sync(a, b);
    const onB = localId(b, x.number);
    await b.t.must('office_staff', 'customers.get', { id: onB });
    await sync(b);
    const gid = a.t.core.stores!.customers.prepare('SELECT gid FROM accounts WHERE id = ?').pluck().get(x.id) as string;
    const changeHashes = (
      await hubs.h.pool.query<{ sha256: string }>(
        "SELECT c.sha256 FROM replica.changes c WHERE c.record_id = $1 OR c.record_id IN (SELECT record_id FROM replica.owners WHERE account = $1)",
        [gid],
      )
    ).rows.map((r) => r.sha256);
    expect(changeHashes.length).toBeGreaterThanOrEqual(3);
    const devices = (await hubs.h.pool.query<{ id: string; name: string }>('SELECT id, name FROM hub.devices')).rows;
    const idOf = (name: string) => devices.find((d) => d.name === name)!.id;
    const about = async () =>
      (
        await hubs.h.pool.query<{ device_id: string; seq: string; action: string; details_sealed: Buffer | null; details_sha256: string | null }>(
          "SELECT device_id, seq, action, details_sealed, details_sha256 FROM hub.device_audit WHERE subject_type = 'account' AND ((device_id = $1 AND subject_id = $2) OR (device_id = $3 AND subject_id = $4)) ORDER BY device_id, seq",
          [idOf('Leftover A'), String(x.id), idOf('Leftover B'), String(onB)],
        )
      ).rows;
    // A details text that rows about other people hold too ('{}', '{"noteId":1}') has their hash: it names nobody.
    const shared = new Set(
      (
        await hubs.h.pool.query<{ h: string }>(
          "SELECT DISTINCT details_sha256 AS h FROM hub.device_audit WHERE details_sha256 IS NOT NULL AND NOT (subject_type = 'account' AND ((device_id = $1 AND subject_id = $2) OR (device_id = $3 AND subject_id = $4)))",
          [idOf('Leftover A'), String(x.id), idOf('Leftover B'), String(onB)],
        )
      ).rows.map((r) => r.h),
    );
    const detailHashes = (await about()).map((r) => r.details_sha256!).filter((h) => !shared.has(h));
    expect(detailHashes.length).toBeGreaterThanOrEqual(1);

    a.clock.advance(60_000);
    await a.t.must('manager', 'dsr.erase', { email: L.email, confirmEmail: L.email, requestMethod: 'phone', reference: 'DSR-ERX-5' });
    await sync(a, b, a);

    // B's audit row of the erasure it applied goes with its next round.
    await register(a, 'Otto Kontrolli', 'otto.kontrolli2@example.com');
    await sync(a, b);
    expect(await hubHits(hubs.h, [L.name, L.email, 'ERXLEFT', ...changeHashes, ...detailHashes])).toEqual([]);
    // Every row about the person before each device's erasure row keeps its place in the chain, without details.
    const rows = await about();
    for (const r of rows) {
      if (r.action.startsWith('dsr.erase') && r.action !== 'dsr.erase_started') expect(r.details_sealed).not.toBeNull();
      else expect({ seq: r.seq, action: r.action, details: r.details_sealed, sha: r.details_sha256 }).toEqual({ seq: r.seq, action: r.action, details: null, sha: null });
    }
    expect(rows.filter((r) => r.action === 'dsr.erase_replicated')).toHaveLength(1);
    // The chains were checked before the scrub and stay verified; rows after it are checked on as before.
    const chains = await a.t.must('manager', 'audit.central', {});
    for (const name of ['Leftover A', 'Leftover B']) {
      const ch = chains.devices.find((d) => d.name === name)!;
      expect(ch).toMatchObject({ finding: null });
      expect(ch.verifiedThrough).toBe(ch.haveThrough);
    }
    // The scrubbed changes keep their ids, so one sent again is still answered as a repeat.
    const kept = (await hubs.h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM replica.changes WHERE sha256 IS NULL')).rows[0]!.n;
    expect(kept).toBeGreaterThanOrEqual(changeHashes.length);
  });

  it('a billing removal wins over a save made concurrently elsewhere with a later stamp, on the hub and every device; a save that creates the profile again afterwards stands', async () => {
    const a = await enrolled('Billing A');
    const b = await enrolled('Billing B');
    const x = await register(a, 'Bertta Laskutus', 'bertta.laskutus@example.net');
    const address = { billingName: 'Bertta Laskutus', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: null };
    await a.t.must('billing_clerk', 'billing.save', { accountId: x.id, ...address, addressLine1: 'ERXBILLOLD-katu 1' });
    await sync(a, b);
    const onB = localId(b, x.number);
    // Offline: A removes the profile at 10:01; B, its clock ahead, changes the address at 10:03.
    a.clock.advance(60_000);
    await a.t.must('billing_clerk', 'billing.remove', { accountId: x.id });
    b.clock.advance(180_000);
    await b.t.must('billing_clerk', 'billing.save', { accountId: onB, ...address, addressLine1: 'ERXBILLNEW-tie 2' });
    await sync(a, b, a);
    for (const [d, id] of [[a, x.id], [b, onB]] as const) {
      expect((await d.t.must('billing_clerk', 'billing.get', { accountId: id })).billing).toBeNull();
      expect(rowsHolding(d, 'ERXBILL')).toEqual([]);
    }
    expect(await hubHits(hubs.h, ['ERXBILL'])).toEqual([]);
    const fields = (d: Device) => d.t.core.stores!.customers.prepare("SELECT record_id, field, value, hlc, node FROM replica_fields WHERE tbl = 'billing' ORDER BY 1, 2").all();
    expect(fields(b)).toEqual(fields(a));

    // B, which has seen the removal, creates the profile again: that save outranks the removal.
    b.clock.advance(60_000);
    await b.t.must('billing_clerk', 'billing.save', { accountId: onB, ...address, addressLine1: 'Uusikatu 3' });
    await sync(b, a);
    expect((await a.t.must('billing_clerk', 'billing.get', { accountId: x.id })).billing).toMatchObject({ addressLine1: 'Uusikatu 3' });
  });

  it("a removed lead keeps a record that permission was obtained, without the prospect's words, on the hub and every device, and a later-stamped concurrent edit brings nothing back", async () => {
    const a = await enrolled('Lead A');
    const b = await enrolled('Lead B');
    const lead = await a.t.must(
      'office_staff',
      'leads.create',
      leadInput({ name: 'Liisa Liidintti', email: 'liisa.liidi@example.net', permission: { ...leadInput().permission, confirmation: 'Kyllä, Liisa Liidintti suostuu soittoihin' } }),
    );
    const leadGid = a.t.core.stores!.customers.prepare('SELECT gid FROM leads WHERE id = ?').pluck().get(lead.id) as string;
    await sync(a, b);
    const [onB] = (await b.t.must('office_staff', 'leads.list', { status: 'all', query: '', limit: 50 })).leads;
    a.clock.advance(60_000);
    await a.t.must('office_staff', 'leads.remove', { id: lead.id, reason: 'not_interested' });
    b.clock.advance(180_000);
    await b.t.must('office_staff', 'leads.update', { id: onB!.id, name: 'Liisa L. Liidintti', phone: lead.phone, email: 'liisa.liidi2@example.net', company: lead.company!, notes: lead.notes! });
    await sync(a, b, a);
    for (const d of [a, b]) {
      expect((await d.t.must('office_staff', 'leads.list', { status: 'all', query: '', limit: 50 })).leads).toEqual([]);
      expect(rowsHolding(d, 'Liidintti')).toEqual([]);
      expect(rowsHolding(d, 'liisa.liidi')).toEqual([]);
    }
    expect(await hubHits(hubs.h, ['Liidintti', 'liisa.liidi'])).toEqual([]);
    // What stays: who obtained permission, when, how, with which script; not what the prospect said.
    const key = dataKeyFrom(Buffer.from(hubs.h.dataKey, 'hex'));
    const r = (
      await hubs.h.pool.query<{ record_id: string; sealed: Buffer }>("SELECT record_id::text, sealed FROM replica.fields WHERE tbl = 'leads' AND field = 'permission' AND record_id = $1", [leadGid])
    ).rows;
    expect(r).toHaveLength(1);
    const permission = JSON.parse(openSealed(key, r[0]!.sealed, `replica/leads/${r[0]!.record_id}/permission`)) as Record<string, unknown>;
    expect(permission).toMatchObject({ obtainedByName: 'Test office_staff', method: 'call', scriptVersion: 'TM-2026-01', confirmation: ERASED_TEXT, obtainedAt: lead.permission.obtainedAt });
    expect(permission.scriptSha256).toMatch(/^[0-9a-f]{64}$/);
    const onDevices = (d: Device) => d.t.core.stores!.customers.prepare("SELECT value FROM replica_fields WHERE tbl = 'leads' AND field = 'permission' AND record_id = ?").pluck().all(leadGid);
    expect(onDevices(a)).toEqual([JSON.stringify(permission)]);
    expect(onDevices(b)).toEqual(onDevices(a));
  });
});
