import { afterEach, describe, expect, it } from 'vitest';
import { openKeyed, storeFile } from '../../src/main/db/open-store';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { count, entryFor, makeEvent, nextTurn, tableCounts, TODAY } from './booth-support';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

async function setup() {
  t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), deviceName: 'booth-laptop-1' });
  await withStaff(t, ['booth_staff', 'manager', 'office_staff']);
  return t;
}

describe('booth capture', () => {
  it('stores the entry only in contests.db, with its outbox row and a permanent UUID, committed before the call answers', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const customersBefore = tableCounts(t.core.stores!.customers, ['audit_log', 'audit_head', 'settings']);

    const input = await entryFor(t, ev.id, { marketingConsent: true, email: '  Pia.Virtanen@Example.COM ' });
    const r = await t.must('booth_staff', 'booth.capture', input);
    expect(r.outcome).toBe('saved');
    if (r.outcome !== 'saved') return;
    // A version 7 UUID: time-ordered, so the uuid indexes grow at their end.
    expect(r.entryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(r.entryId.replace(/-/g, '').slice(0, 12)).toBe(new Date(`${TODAY}T09:00:00Z`).getTime().toString(16).padStart(12, '0'));
    expect(r.flaggedDuplicate).toBe(false);

    // Durable: a separate connection to the file sees the entry and its outbox row the moment the call answered.
    const reader = openKeyed(storeFile(t.dataDir, 'contests'), t.core.stores!.contestsKeyHex, { readonly: true });
    try {
      const entry = reader.prepare('SELECT * FROM entries WHERE uuid = ?').get(r.entryId) as Record<string, unknown>;
      expect(entry).toMatchObject({ name: input.name, email: 'Pia.Virtanen@Example.COM', email_norm: 'pia.virtanen@example.com', device: 'booth-laptop-1', marketing_consent: 1 });
      const outbox = reader.prepare('SELECT * FROM sync_outbox WHERE id = ?').get(r.entryId) as { kind: string; payload: string; sent_at: string | null };
      expect(outbox.kind).toBe('contest_entry');
      expect(outbox.sent_at).toBeNull();
      const payload = JSON.parse(outbox.payload) as { id: string; entrant: { email: string }; marketingConsent: { granted: boolean; notice: { version: number; sha256: string } } };
      expect(payload.id).toBe(r.entryId);
      expect(payload.entrant.email).toBe('Pia.Virtanen@Example.COM');
      expect(payload.marketingConsent).toMatchObject({ granted: true, notice: { version: 1, sha256: ev.notice.en!.sha256 } });
      const consent = reader.prepare('SELECT c.* FROM entry_consent_events c JOIN entries e ON e.id = c.entry_id WHERE e.uuid = ?').all(r.entryId) as Record<string, unknown>[];
      expect(consent).toEqual([expect.objectContaining({ purpose: 'marketing', granted: 1, method: 'booth', notice_sha256: ev.notice.en!.sha256, device: 'booth-laptop-1' })]);
    } finally {
      reader.close();
    }

    // No customer account or any other customers.db row was created or touched.
    expect(tableCounts(t.core.stores!.customers, ['audit_log', 'audit_head', 'settings'])).toEqual(customersBefore);
    const customersDump = JSON.stringify(t.core.stores!.customers.prepare('SELECT * FROM audit_log').all());
    expect(customersDump).not.toContain('Virtanen');
  });

  it('audits every capture by entry id once, right after the commit, and never with personal data', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id));
      if (r.outcome === 'saved') ids.push(r.entryId);
    }
    await nextTurn();
    const rows = t.core.stores!.customers.prepare("SELECT * FROM audit_log WHERE action = 'entries.capture' ORDER BY seq").all() as { subject_id: string; actor_name: string; details: string }[];
    expect(rows.map((r) => r.subject_id)).toEqual(ids);
    expect(rows.every((r) => r.actor_name === 'Test booth_staff')).toBe(true);
    expect(rows.map((r) => r.details).join()).not.toMatch(/entrant|example\.com|\+358/i);
    // A further flush finds nothing left to audit.
    await nextTurn();
    expect(count(t.core.stores!.customers, 'audit_log', "action = 'entries.capture'")).toBe(3);
    expect((await t.must('admin', 'audit.verify', {})).ok).toBe(true);
  });

  it('rolls the entry back when its outbox row cannot be written', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const db = t.core.stores!.contests;
    db.exec("CREATE TEMP TRIGGER fail_outbox BEFORE INSERT ON main.sync_outbox BEGIN SELECT RAISE(ABORT, 'disk says no'); END");
    const r = await t.call('booth_staff', 'booth.capture', await entryFor(t, ev.id));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('internal');
    expect(count(db, 'entries')).toBe(0);
    expect(count(db, 'entry_consent_events')).toBe(0);
    db.exec('DROP TRIGGER temp.fail_outbox');
    const ok = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id));
    expect(ok.outcome).toBe('saved');
    expect(count(db, 'entries')).toBe(1);
    expect(count(db, 'sync_outbox', "kind = 'contest_entry'")).toBe(1);
  });

  it('checks the entry against the event: rules accepted, required questions, real options', async () => {
    const t = await setup();
    const ev = await makeEvent(t, {
      questions: [
        { kind: 'single', prompt: 'How did you hear about us?', options: ['Web', 'Friend', 'Ad'], required: true },
        { kind: 'multiple', prompt: 'Which products interest you?', options: ['Phones', 'Switches', 'Cloud'], required: false },
        { kind: 'rating', prompt: 'How was the booth?', options: [], required: false },
        { kind: 'text', prompt: 'Anything else?', options: [], required: false },
      ],
    });
    const [q1, q2, q3, q4] = ev.questions.map((q) => `q${q.id}`) as [string, string, string, string];

    const noRules = await t.call('booth_staff', 'booth.capture', { ...(await entryFor(t, ev.id)), rulesAccepted: false as unknown as true });
    expect(noRules.ok).toBe(false);
    if (!noRules.ok) expect(noRules.error.fields?.[0]).toEqual({ path: 'rulesAccepted', key: 'must_accept', params: {}, message: 'Please accept the contest rules to enter.' });

    const missing = await t.call('booth_staff', 'booth.capture', await entryFor(t, ev.id));
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.error.fields).toEqual([{ path: `answers.${q1}`, key: 'answer_required', params: {}, message: 'Please answer this question.' }]);

    const bad = await t.call('booth_staff', 'booth.capture', await entryFor(t, ev.id, { answers: { [q1]: 'Radio', [q2]: ['Phones', 'Toasters'], [q3]: 9 } }));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.fields?.map((f) => f.path)).toEqual([`answers.${q1}`, `answers.${q2}`, `answers.${q3}`]);

    const badEmail = await t.call('booth_staff', 'booth.capture', await entryFor(t, ev.id, { email: 'not-an-address', answers: { [q1]: 'Web' } }));
    expect(badEmail.ok).toBe(false);
    if (!badEmail.ok) expect(badEmail.error.fields?.[0]?.path).toBe('email');
    expect(count(t.core.stores!.contests, 'entries')).toBe(0);

    const good = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { answers: { [q1]: 'Web', [q2]: ['Cloud', 'Phones'], [q3]: 4, [q4]: '  More demos please  ' } }));
    expect(good.outcome).toBe('saved');
    const stored = JSON.parse((t.core.stores!.contests.prepare('SELECT answers FROM entries').get() as { answers: string }).answers) as Record<string, unknown>;
    // Choices in the options' order, text trimmed, every question shown recorded.
    expect(stored).toEqual({ [q1]: 'Web', [q2]: ['Phones', 'Cloud'], [q3]: 4, [q4]: 'More demos please' });
  });

  it('refuses entries for an event that is not running today, and texts of another event', async () => {
    const t = await setup();
    const past = await makeEvent(t, { name: 'Last year', startsOn: '2025-11-20', endsOn: '2025-11-22' });
    const today = await makeEvent(t);
    const other = await makeEvent(t, { name: 'Other fair' });
    expect((await t.must('booth_staff', 'booth.events', {})).map((e) => e.name)).toEqual(['Helsinki Tech Fair', 'Other fair']);
    const r = await t.call('booth_staff', 'booth.config', { eventId: past.id });
    expect(r.ok ? null : r.error.code).toBe('conflict');
    const mixed = await t.call('booth_staff', 'booth.capture', { ...(await entryFor(t, today.id)), rulesVersionId: other.rules.en!.id });
    expect(mixed.ok ? null : mixed.error.code).toBe('conflict');
    expect(count(t.core.stores!.contests, 'entries')).toBe(0);
  });

  it('gives booth staff counts and the kiosk idle setting, never entrant data; managers cannot capture', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { name: 'Visible Name' }));
    const config = await t.must('booth_staff', 'booth.config', { eventId: ev.id });
    expect(config.kioskIdleSeconds).toBe(60);
    const counts = await t.must('booth_staff', 'booth.counts', { eventId: ev.id });
    expect(counts).toEqual({ eventId: ev.id, total: 1, today: 1, flaggedDuplicates: 0, notEligible: 0 });
    expect(JSON.stringify([config, counts])).not.toContain('Visible Name');
    for (const ch of ['entries.list', 'entries.stats'] as const) {
      const r = await t.call('booth_staff', ch, { eventId: ev.id } as never);
      expect(r.ok ? null : r.error.code).toBe('forbidden');
    }
    expect(((await t.call('booth_staff', 'events.create', {} as never)) as { ok: boolean; error?: { code: string } }).error?.code).toBe('forbidden');
    const managerCapture = await t.call('manager', 'booth.capture', await entryFor(t, ev.id));
    expect(managerCapture.ok ? null : managerCapture.error.code).toBe('forbidden');
    const office = await t.call('office_staff', 'booth.counts', { eventId: ev.id });
    expect(office.ok ? null : office.error.code).toBe('forbidden');

    // The setting of record is the admin's kioskIdleSeconds.
    const settings = await t.must('admin', 'settings.get', {});
    await t.must('admin', 'settings.update', { lockAfterMinutes: settings.lockAfterMinutes, kioskIdleSeconds: 30, smtp: { host: '', port: 587, secure: false, user: '', from: settings.smtp.from } });
    expect((await t.must('booth_staff', 'booth.config', { eventId: ev.id })).kioskIdleSeconds).toBe(30);
  });
});
