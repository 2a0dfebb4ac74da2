import { createHash } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../src/main/db/migrate';
import { contestsMigrations } from '../../src/main/db/migrations/contests';
import { applyEventVersion, eventBody } from '../../src/main/sync/events-feed';
import { applyEntry } from '../../src/main/sync/entries-feed';
import { entryFor, makeEvent, NOTICE_V1_FI, RULES_V1, RULES_V1_FI, useBoothCore } from './booth-support';

const setup = useBoothCore();
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function device() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, contestsMigrations);
  return db;
}

describe('events and entries carry the texts per language to other devices', () => {
  it('a booth receives both languages and the prize; an entry it sends back names the language version it accepted', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    await t.must('manager', 'events.update', {
      id: ev.id,
      name: ev.name,
      startsOn: ev.startsOn,
      endsOn: ev.endsOn,
      location: ev.location,
      acceptDuplicates: false,
      rulesText: { fi: RULES_V1_FI, en: RULES_V1 },
      noticeText: { fi: NOTICE_V1_FI, en: ev.notice.en!.body },
      prize: { fi: 'Kuulokkeet', en: 'A headset' },
    });
    const office = t.core.stores!.contests;
    const rows = office.prepare("SELECT payload FROM sync_outbox WHERE kind = 'event' ORDER BY created_at, rowid").all() as { payload: string }[];
    const last = JSON.parse(rows.at(-1)!.payload) as { eventId: string; version: number; body: unknown };

    const booth = device();
    expect(booth.transaction(() => applyEventVersion(booth, last.eventId, last.version, eventBody.parse(last.body), 'now'))()).toBe(true);
    expect(booth.prepare('SELECT kind, lang, version, sha256 FROM event_texts ORDER BY kind, lang').all()).toEqual([
      { kind: 'notice', lang: 'en', version: 1, sha256: ev.notice.en!.sha256 },
      { kind: 'notice', lang: 'fi', version: 1, sha256: sha(NOTICE_V1_FI) },
      { kind: 'rules', lang: 'en', version: 1, sha256: sha(RULES_V1) },
      { kind: 'rules', lang: 'fi', version: 1, sha256: sha(RULES_V1_FI) },
    ]);
    expect(booth.prepare('SELECT prize_fi, prize_en FROM events').get()).toEqual({ prize_fi: 'Kuulokkeet', prize_en: 'A headset' });

    // A Finnish entry captured on the office core, applied on a third device holding the same event.
    const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { language: 'fi', rulesVersionId: ev.rules.fi!.id, noticeVersionId: ev.notice.fi!.id, marketingConsent: true }));
    if (r.outcome !== 'saved') throw new Error('not saved');
    const payload = (office.prepare('SELECT payload FROM sync_outbox WHERE id = ?').get(r.entryId) as { payload: string }).payload;
    expect(booth.transaction(() => applyEntry(booth, r.entryId, payload, 'Europe/Helsinki'))()).toEqual({ applied: true });
    expect(
      booth
        .prepare('SELECT e.language, r.lang AS rules_lang, r.sha256 AS rules_sha, n.lang AS notice_lang FROM entries e JOIN event_texts r ON r.id = e.rules_text_id JOIN event_texts n ON n.id = e.notice_text_id')
        .get(),
    ).toEqual({ language: 'fi', rules_lang: 'fi', rules_sha: sha(RULES_V1_FI), notice_lang: 'fi' });
    booth.close();
  });

  it('reads an event and an entry from an app that had one language for texts as English', () => {
    const db = device();
    const body = { name: 'Old fair', startsOn: '2026-11-26', endsOn: '2026-11-26', location: 'Hall', acceptDuplicates: false, texts: [
      { kind: 'rules', version: 1, body: 'Rules', sha256: sha('Rules') },
      { kind: 'notice', version: 1, body: 'Notice', sha256: sha('Notice') },
    ], questions: [] };
    db.transaction(() => applyEventVersion(db, 'old-event', 1, eventBody.parse(body), 'now'))();
    expect(db.prepare('SELECT kind, lang FROM event_texts ORDER BY kind').all()).toEqual([{ kind: 'notice', lang: 'en' }, { kind: 'rules', lang: 'en' }]);
    const entry = {
      id: '01900000-0000-7000-8000-000000000001',
      event: { id: 'old-event', name: 'Old fair' },
      capturedAt: '2026-11-26T09:00:00.000Z',
      device: 'old booth',
      entrant: { name: 'Pia', email: 'pia@example.com', phone: '', address: '', title: '', company: '' },
      answers: [],
      rules: { version: 1, sha256: sha('Rules') },
      marketingConsent: { granted: false, notice: { version: 1, sha256: sha('Notice') }, method: 'booth' },
      duplicateOf: null,
    };
    expect(db.transaction(() => applyEntry(db, entry.id, JSON.stringify(entry), 'Europe/Helsinki'))()).toEqual({ applied: true });
    expect(db.prepare('SELECT language FROM entries').get()).toEqual({ language: 'en' });
    db.close();
  });
});
