/**
 * The sync client against real hub processes on a real PostgreSQL: enrollment through IPC, push
 * with per-row acknowledgement, events down to booths, entries down to office devices, opt-outs
 * to every device, revocation that keeps everything unsent, and booth retention.
 */
import { watchStatements } from '../support/statement-watch';
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { startFaultProxy } from '../support/fault-proxy';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { count, entryFor, makeEvent, TODAY } from '../integration/booth-support';
import { useDevices, useHub } from './support';
import { removeExpiredInBatches, retentionCutoff } from '../../src/main/sync/retention';
import { emailHasher, liftSuppression, suppressionKeyHex } from '../../src/main/accounts/suppression';
import { LIMITS } from '../../src/shared/sync/protocol';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

const hubs = useHub();

const { cores, device } = useDevices(hubs, ['booth_staff', 'manager', 'office_staff']);

async function hubEntries(ids: string[]): Promise<{ id: string; sha256: string }[]> {
  const r = await hubs.h.pool.query<{ id: string; sha256: string }>('SELECT id::text, sha256 FROM contest.entries WHERE id = ANY($1::uuid[]) ORDER BY id', [ids]);
  return r.rows;
}

describe('sync client', () => {
  it('an office event reaches a booth; the booth’s entries reach the hub with their capture hashes and an office device', async () => {
    const office = await device('office', 'office laptop');
    const booth = await device('booth', 'booth laptop');

    // The office sets up the event; the booth has never seen it.
    const ev = await makeEvent(office, { questions: [{ kind: 'single', prompt: 'How did you hear of us?', options: ['Web', 'Friend'], required: true }] });
    expect((await office.must('admin', 'sync.now', {})).pending).toBe(0);
    const st = await booth.must('booth_staff', 'sync.status', {});
    expect(st.profile).toBe('booth');
    await booth.must('admin', 'sync.now', {});
    const boothEvents = await booth.must('booth_staff', 'booth.events', {});
    const boothEv = boothEvents.find((e) => e.name === ev.name);
    expect(boothEv).toBeDefined();

    // Captures commit locally; sync sends them.
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const input = await entryFor(booth, boothEv!.id);
      const q = (await booth.must('booth_staff', 'booth.config', { eventId: boothEv!.id })).questions[0]!;
      const r = await booth.must('booth_staff', 'booth.capture', { ...input, answers: { [`q${q.id}`]: 'Friend' } });
      if (r.outcome !== 'saved') throw new Error(r.outcome);
      ids.push(r.entryId);
    }
    expect((await booth.must('booth_staff', 'sync.status', {})).pending).toBe(3);
    const after = await booth.must('booth_staff', 'sync.now', {});
    expect(after).toMatchObject({ state: 'synced', pending: 0, lastError: null });

    const local = booth.core.stores!.contests.prepare('SELECT id, sha256, payload, sent_at FROM sync_outbox WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id').all(JSON.stringify(ids)) as {
      id: string;
      sha256: string;
      payload: string;
      sent_at: string | null;
    }[];
    expect(local.every((r) => r.sent_at !== null && r.sha256 === sha(r.payload))).toBe(true);
    expect(await hubEntries(ids)).toEqual(local.map((r) => ({ id: r.id, sha256: r.sha256 })));

    // The office device receives them against its own copy of the event, answers included.
    await office.must('admin', 'sync.now', {});
    const list = await office.must('manager', 'entries.list', { eventId: ev.id, search: '', duplicates: 'all', consent: 'all', limit: 50, offset: 0 });
    expect(list.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
    const detail = await office.must('manager', 'entries.get', { id: ids[0]! });
    expect(detail.answers).toEqual([expect.objectContaining({ answer: 'Friend' })]);

    // Applying the same pages again changes nothing.
    const before = count(office.core.stores!.contests, 'entries');
    await office.must('admin', 'sync.resync', {});
    expect(count(office.core.stores!.contests, 'entries')).toBe(before);
  });

  it('an answer keeps the wording it was given against when the office device has reworded the question', async () => {
    const office = await device('office', 'office wording');
    const booth = await device('booth', 'booth wording');
    const ev = await makeEvent(office, { name: 'Wording fair', questions: [{ kind: 'single', prompt: 'How did you hear of us?', options: ['Web', 'Friend'], required: true }] });
    await office.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    const boothEv = (await booth.must('booth_staff', 'booth.events', {})).find((e) => e.name === 'Wording fair')!;
    const q = (await booth.must('booth_staff', 'booth.config', { eventId: boothEv.id })).questions[0]!;
    const r = await booth.must('booth_staff', 'booth.capture', { ...(await entryFor(booth, boothEv.id)), answers: { [`q${q.id}`]: 'Friend' } });
    if (r.outcome !== 'saved') throw new Error(r.outcome);

    // Before the entry arrives, the office rewords the question (no entry has answered it there).
    await office.must('manager', 'events.setSurvey', { eventId: ev.id, questions: [{ kind: 'single', prompt: 'Where did you find us?', options: ['Web', 'Friend'], required: true }] });
    await booth.must('admin', 'sync.now', {});
    await office.must('admin', 'sync.now', {});

    const detail = await office.must('manager', 'entries.get', { id: r.entryId });
    expect(detail.answers).toEqual([expect.objectContaining({ prompt: 'How did you hear of us?', answer: 'Friend' })]);
  });

  it('a booth makes no events; one made before it became a booth leaves the queue, flagged, instead of waiting for ever', async () => {
    const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0', sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
    cores.push(t);
    await withStaff(t, ['booth_staff', 'manager']);
    await makeEvent(t, { name: 'Made before enrolling' });
    await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode('booth', 'late booth'), deviceName: 'late booth' });
    const s = await t.must('admin', 'sync.now', {});
    expect(s).toMatchObject({ state: 'synced', pending: 0, refused: 1 });
    expect(s.flagged).toEqual([expect.objectContaining({ kind: 'event', table: null, status: 'refused', code: 'forbidden_kind', message: expect.stringContaining('forbidden_kind') })]);
    // The hub's audit keeps the refusal: which device, which row, why.
    const audit = await hubs.h.pool.query<{ detail: { refused?: number; refusedItems?: { id: string; kind: string; code: string }[] } }>(
      "SELECT a.detail FROM hub.audit a JOIN hub.devices d ON d.id = a.device_id WHERE d.name = 'late booth' AND a.action = 'push'",
    );
    expect(audit.rows.flatMap((r) => r.detail.refusedItems ?? [])).toEqual([{ id: s.flagged[0]!.id, kind: 'event', code: 'forbidden_kind' }]);

    const r = await t.core.dispatch('manager', 'events.create', {
      name: 'Made on a booth',
      startsOn: TODAY,
      endsOn: TODAY,
      location: 'Hall 1',
      acceptDuplicates: false,
      rulesText: { fi: 'Säännöt', en: 'Rules' },
      noticeText: { fi: 'Ilmoitus', en: 'Notice' },
    });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', key: 'sync.booth_events' } });
    expect((await t.must('booth_staff', 'booth.events', {})).map((e) => e.name)).not.toContain('Made on a booth');
  });

  it('a hub refusal comes back as a keyed error the renderer words; the hub’s own code stays in the logged message', async () => {
    const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0' });
    cores.push(t);
    await withStaff(t, ['booth_staff']);
    const bad = await t.call('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: 'AAAA-BBBB-CCCC', deviceName: 'bad code' });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error).toMatchObject({ code: 'invalid_input', key: 'sync.enrollment_code_invalid' });
    expect(bad.error.message).toMatch(/hub: enrollment_code_invalid/);

    const proxy = await startFaultProxy({ target: hubs.hub.url, seed: 5 });
    try {
      proxy.configure({ failBeforeHub: 1 });
      const down = await t.call('admin', 'sync.enroll', { hubUrl: proxy.url, code: await hubs.h.createCode('booth', 'unreachable'), deviceName: 'unreachable' });
      expect(down.ok).toBe(false);
      if (down.ok) return;
      expect(down.error).toMatchObject({ code: 'conflict', key: 'sync.hub_unreachable' });
      expect(down.error.message).toMatch(/hub: network/);
    } finally {
      await proxy.close();
    }
  });

  it('when the network comes back the loop syncs at once instead of waiting out its backoff', async () => {
    const proxy = await startFaultProxy({ target: hubs.hub.url, seed: 3 });
    try {
      const t = await startCore({
        clock: manualClock(new Date(`${TODAY}T09:00:00Z`)),
        appVersion: '0.1.0',
        // Without a signal, the next try would be an hour away.
        sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000, backoff: { baseMs: 3_600_000, capMs: 3_600_000 }, random: () => 0.99 },
      });
      cores.push(t);
      await withStaff(t, ['booth_staff']);
      await t.must('admin', 'sync.enroll', { hubUrl: proxy.url, code: await hubs.h.createCode('booth', 'network booth'), deviceName: 'network booth' });
      await t.must('admin', 'sync.now', {});
      proxy.configure({ failBeforeHub: 1 });
      expect(await t.must('admin', 'sync.now', {})).toMatchObject({ state: 'offline' });
      t.core.networkSignal('offline');
      expect((await t.must('booth_staff', 'sync.status', {})).state).toBe('offline');

      proxy.configure({ failBeforeHub: 0 });
      t.core.networkSignal('online');
      await vi.waitFor(async () => expect((await t.must('booth_staff', 'sync.status', {})).state).toBe('synced'), { timeout: 20_000, interval: 50 });
    } finally {
      await proxy.close();
    }
  });

  it('"Sync now" reports how its own round ended, even when the loop’s timer starts another round right after it', async () => {
    // A timer that fires during every round: each round is followed at once by another.
    const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0', sync: { intervalMs: 1, nudgeDelayMs: 1 } });
    cores.push(t);
    await withStaff(t, ['booth_staff']);
    await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode('office', 'busy loop'), deviceName: 'busy loop' });
    for (let i = 0; i < 5; i++) expect((await t.must('admin', 'sync.now', {})).state).toBe('synced');
  });

  it('an office opt-out reaches every device as a keyed hash, and the organisation key is the first office device’s own', async () => {
    const office = await device('office', 'office 2');
    const booth = await device('booth', 'booth 2');
    await office.must('office_staff', 'optouts.process', { email: 'Leave.Me@Example.com', lists: ['email_marketing'], reason: 'email', requestedOn: TODAY });
    await office.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    const officeKey = await office.vault.get('suppression-hmac-key');
    expect(await booth.vault.get('suppression-hmac-key')).toBe(officeKey);
    const rows = (db: TestCore) => db.core.stores!.customers.prepare('SELECT hex(email_hmac) AS h, lists FROM suppression ORDER BY h').all();
    expect(rows(booth)).toEqual(expect.arrayContaining(rows(office) as object[]));
    expect(JSON.stringify(rows(booth))).not.toMatch(/leave/i);
  });

  it('a bulk import’s opt-outs travel in batches of many to the hub and reach another office device', async () => {
    const a = await device('office', 'office importing');
    const b = await device('office', 'office receiving an import');
    const n = LIMITS.suppressionBatchChanges + 500;
    const content = ['email,list,reason,date', ...Array.from({ length: n }, (_, i) => `imported-${i}@example.org,email_marketing,email,${TODAY}`)].join('\n');
    let job = await a.must('office_staff', 'optouts.applyImport', { fileName: 'optouts.csv', content });
    for (let i = 0; job.state === 'running' && i < 3_000; i++) {
      await new Promise((r) => setTimeout(r, 20));
      job = await a.must('office_staff', 'jobs.get', { id: job.id });
    }
    expect(job.state).toBe('done');
    const ids = a.core.stores!.customers.prepare("SELECT id FROM sync_outbox WHERE kind = 'suppression'").pluck().all() as string[];
    expect(ids).toHaveLength(2);
    expect((await a.must('office_staff', 'sync.status', {})).pending).toBe(n);

    expect(await a.must('admin', 'sync.now', {})).toMatchObject({ state: 'synced', pending: 0, refused: 0, conflicts: 0 });
    const onHub = await hubs.h.pool.query<{ rows: number; changes: number }>('SELECT count(*)::int AS rows, sum(changes)::int AS changes FROM customer.suppression_batches WHERE id = ANY($1::uuid[])', [ids]);
    expect(onHub.rows[0]).toEqual({ rows: 2, changes: n });

    await b.must('admin', 'sync.now', {});
    const rows = (t: TestCore) => t.core.stores!.customers.prepare('SELECT hex(email_hmac) AS h, lists FROM suppression ORDER BY h').all();
    expect(rows(b)).toEqual(expect.arrayContaining(rows(a) as object[]));
    for (const email of ['imported-0@example.org', `imported-${n - 1}@example.org`]) {
      expect((await b.must('office_staff', 'optouts.find', { email })).suppressed).toEqual(['email_marketing']);
    }
  });

  it('an opt-out taken on a booth reaches the hub and an office device; a lift on a booth is refused by the hub and shown', async () => {
    const office = await device('office', 'office for booth opt-outs');
    const booth = await device('booth', 'booth taking opt-outs');
    expect(await booth.vault.get('suppression-hmac-key')).toBe(await office.vault.get('suppression-hmac-key'));
    await booth.must('office_staff', 'optouts.process', { email: 'From.Booth@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: TODAY });
    expect(await booth.must('admin', 'sync.now', {})).toMatchObject({ state: 'synced', pending: 0, refused: 0 });
    await office.must('admin', 'sync.now', {});
    expect((await office.must('office_staff', 'optouts.find', { email: 'from.booth@example.com' })).suppressed).toEqual(['email_marketing']);

    const db = booth.core.stores!.customers;
    const hash = emailHasher(await suppressionKeyHex(booth.vault, { getValue: (_k, f) => f, setValue: () => undefined }, db));
    db.transaction(() => liftSuppression(db, hash('from.booth@example.com'), 'email_marketing', `${TODAY}T10:00:00.000Z`)).immediate();
    const s = await booth.must('admin', 'sync.now', {});
    expect(s).toMatchObject({ pending: 1, refused: 1 });
    expect(s.flagged).toEqual([expect.objectContaining({ kind: 'suppression', table: null, status: 'refused', code: 'forbidden_kind', message: expect.stringContaining('forbidden_kind') })]);
    await office.must('admin', 'sync.now', {});
    expect((await office.must('office_staff', 'optouts.find', { email: 'from.booth@example.com' })).suppressed).toEqual(['email_marketing']);
  });

  it('a device that already holds opt-outs under its own key keeps that key, and every one of them still matches', async () => {
    await device('office', 'office key owner');
    const t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), appVersion: '0.1.0', sync: { intervalMs: 3_600_000, nudgeDelayMs: 3_600_000 } });
    cores.push(t);
    await withStaff(t, ['office_staff']);
    await t.must('office_staff', 'optouts.process', { email: 'own.key@example.com', lists: ['email_marketing'], reason: 'email', requestedOn: TODAY });
    const ownKey = await t.vault.get('suppression-hmac-key');
    await t.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code: await hubs.h.createCode('office', 'late office'), deviceName: 'late office' });
    const s = await t.must('admin', 'sync.now', {});
    expect(s).toMatchObject({ state: 'synced', optOutsShared: false, pending: 0 });
    expect(await t.vault.get('suppression-hmac-key')).toBe(ownKey);
    const found = await t.must('office_staff', 'optouts.find', { email: 'Own.Key@example.com' });
    expect(found.suppressed).toEqual(['email_marketing']);
  });

  it('a revoked device keeps every unsent row and says so; the hub stores nothing more from it', async () => {
    const office = await device('office', 'office 3');
    const booth = await device('booth', 'booth 3');
    const ev = await makeEvent(office, { name: 'Revocation fair' });
    await office.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    const boothEv = (await booth.must('booth_staff', 'booth.events', {})).find((e) => e.name === ev.name)!;

    const devices = await office.must('admin', 'sync.devices', {});
    const me = devices.find((d) => d.name === 'booth 3')!;
    expect(me.pendingCount).toBe(0);
    expect((await office.must('admin', 'sync.revoke', { deviceId: me.id })).revokedAt).not.toBeNull();

    const r = await booth.must('booth_staff', 'booth.capture', await entryFor(booth, boothEv.id));
    if (r.outcome !== 'saved') throw new Error(r.outcome);
    const s = await booth.must('booth_staff', 'sync.now', {});
    expect(s.state).toBe('revoked');
    expect(s.pending).toBe(1);
    expect(s.lastError?.message).toMatch(/enroll it again/);
    expect(s.lastError?.key).toBe('sync.revoked_kept');
    expect(count(booth.core.stores!.contests, 'sync_outbox', 'sent_at IS NULL')).toBe(1);
    expect(count(booth.core.stores!.contests, 'entries', 'uuid = ?'.replace('?', `'${r.entryId}'`))).toBe(1);
    expect(await hubEntries([r.entryId])).toEqual([]);

    // Enrolled again with a new code, it sends what it kept.
    const code = await hubs.h.createCode('booth', 'booth 3 again');
    await booth.must('admin', 'sync.enroll', { hubUrl: hubs.hub.url, code, deviceName: 'booth 3 again' });
    const again = await booth.must('admin', 'sync.now', {});
    expect(again).toMatchObject({ state: 'synced', pending: 0 });
    expect(await hubEntries([r.entryId])).toHaveLength(1);
  });

  it('removes acknowledged entries from a booth after the retention period, and never an unsent one', async () => {
    const office = await device('office', 'office 4');
    const booth = await device('booth', 'booth 4');
    const ev = await makeEvent(office, { name: 'Retention fair' });
    await office.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    const boothEv = (await booth.must('booth_staff', 'booth.events', {})).find((e) => e.name === ev.name)!;
    const sent = await booth.must('booth_staff', 'booth.capture', await entryFor(booth, boothEv.id));
    await booth.must('admin', 'sync.now', {});
    // Stop the hub answering: this one stays unsent.
    const unsentInput = await entryFor(booth, boothEv.id);
    const unsent = await booth.must('booth_staff', 'booth.capture', unsentInput);
    if (sent.outcome !== 'saved' || unsent.outcome !== 'saved') throw new Error('not saved');
    const db = booth.core.stores!.contests;
    const now = new Date(`${TODAY}T09:00:00Z`);
    expect(await removeExpiredInBatches(db, retentionCutoff(new Date(now.getTime() + 6 * 86_400_000), 7))).toBe(0);
    expect(await removeExpiredInBatches(db, retentionCutoff(new Date(now.getTime() + 8 * 86_400_000), 7))).toBe(1);
    expect(count(db, 'entries', `uuid = '${sent.entryId}'`)).toBe(0);
    expect(count(db, 'entries', `uuid = '${unsent.entryId}'`)).toBe(1);
    expect(count(db, 'sync_outbox', `id = '${unsent.entryId}' AND sent_at IS NULL`)).toBe(1);
  });

  it('the sync round removes a booth’s expired entries off the main thread, and keeps the unsent ones', async () => {
    const office = await device('office', 'office 5');
    const booth = await device('booth', 'booth 5');
    const ev = await makeEvent(office, { name: 'Retention round fair' });
    await office.must('admin', 'sync.now', {});
    await booth.must('admin', 'sync.now', {});
    const boothEv = (await booth.must('booth_staff', 'booth.events', {})).find((e) => e.name === ev.name)!;
    const sent = await booth.must('booth_staff', 'booth.capture', await entryFor(booth, boothEv.id, { marketingConsent: true }));
    await booth.must('admin', 'sync.now', {});
    const unsent = await booth.must('booth_staff', 'booth.capture', await entryFor(booth, boothEv.id));
    if (sent.outcome !== 'saved' || unsent.outcome !== 'saved') throw new Error('not saved');
    const db = booth.core.stores!.contests;
    // Acknowledged ten days ago: past the default seven days.
    db.prepare('UPDATE sync_outbox SET sent_at = ? WHERE id = ?').run(new Date(Date.parse(`${TODAY}T09:00:00Z`) - 10 * 86_400_000).toISOString(), sent.entryId);
    const entryId = db.prepare('SELECT id FROM entries WHERE uuid = ?').pluck().get(sent.entryId) as number;
    expect(count(db, 'entry_consent_events', `entry_id = ${entryId}`)).toBeGreaterThan(0);
    const ran: string[] = [];
    watchStatements(db, (sql) => ran.push(sql));
    // Keep the second capture unsent: the hub refuses nothing, so hold it back as refused.
    db.prepare("UPDATE sync_outbox SET hub_status = 'refused' WHERE id = ?").run(unsent.entryId);

    expect(await booth.must('admin', 'sync.now', {})).toMatchObject({ lastError: null, refused: 1 });
    // The removal runs as a job once the round has ended.
    await vi.waitFor(() => expect(count(db, 'entries', `uuid = '${sent.entryId}'`)).toBe(0), { timeout: 60_000, interval: 20 });
    expect(count(db, 'entry_consent_events', `entry_id = ${entryId}`)).toBe(0);
    expect(count(db, 'sync_outbox', `id = '${sent.entryId}'`)).toBe(0);
    expect(count(db, 'entries', `uuid = '${unsent.entryId}'`)).toBe(1);
    expect(ran.filter((sql) => /\bDELETE\b/i.test(sql) || /secure_delete/i.test(sql))).toEqual([]);
  });
});
