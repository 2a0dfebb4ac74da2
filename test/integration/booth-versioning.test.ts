import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventDetail } from '../../src/shared/contract/events';
import type { TestCore } from '../support/core';
import { count, entryFor, makeEvent, NOTICE_V1, NOTICE_V1_FI, RULES_V1, RULES_V1_FI, useBoothCore } from './booth-support';

const setup = useBoothCore();

type Bilingual = { fi: string; en: string };
const update = (t: TestCore, ev: EventDetail, over: { rulesText?: Bilingual; noticeText?: Bilingual; name?: string; prize?: Bilingual }) =>
  t.must('manager', 'events.update', {
    id: ev.id,
    name: over.name ?? ev.name,
    startsOn: ev.startsOn,
    endsOn: ev.endsOn,
    location: ev.location,
    acceptDuplicates: ev.acceptDuplicates,
    rulesText: over.rulesText ?? { fi: ev.rules.fi!.body, en: ev.rules.en!.body },
    noticeText: over.noticeText ?? { fi: ev.notice.fi!.body, en: ev.notice.en!.body },
    prize: over.prize ?? ev.prize,
  });

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('versioned rules and consent notice, per language', () => {
  it('versions each language on its own: an unused version is corrected in place, an edit of a used one becomes a new version', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    expect(ev.rules.en).toMatchObject({ lang: 'en', version: 1, body: RULES_V1, inUse: false, sha256: sha(RULES_V1) });
    expect(ev.rules.fi).toMatchObject({ lang: 'fi', version: 1, body: RULES_V1_FI, inUse: false, sha256: sha(RULES_V1_FI) });
    expect(ev.notice.fi).toMatchObject({ lang: 'fi', version: 1, body: NOTICE_V1_FI });

    const corrected = await update(t, ev, { rulesText: { fi: RULES_V1_FI, en: `${RULES_V1} Typo fixed.` } });
    expect(corrected.rules.en).toMatchObject({ version: 1, id: ev.rules.en!.id, body: `${RULES_V1} Typo fixed.`, inUse: false });
    expect(corrected.rules.fi).toEqual(ev.rules.fi);
    expect(corrected.rulesHistory).toEqual([]);

    // A Finnish entrant uses the Finnish version 1 of both texts; the English ones stay unused.
    const finnish = await entryFor(t, ev.id, { language: 'fi', rulesVersionId: ev.rules.fi!.id, noticeVersionId: ev.notice.fi!.id });
    const r = await t.must('booth_staff', 'booth.capture', finnish);
    expect(r.outcome).toBe('saved');
    const used = await t.must('manager', 'events.get', { id: ev.id });
    expect([used.rules.fi!.inUse, used.notice.fi!.inUse, used.rules.en!.inUse, used.notice.en!.inUse]).toEqual([true, true, false, false]);

    // Editing both languages: Finnish (used) gets version 2, English (unused) is corrected as version 1.
    const v2 = await update(t, used, { rulesText: { fi: 'Uudet säännöt toiselle päivälle.', en: 'New rules for day two.' } });
    expect(v2.rules.fi).toMatchObject({ lang: 'fi', version: 2, body: 'Uudet säännöt toiselle päivälle.', inUse: false });
    expect(v2.rules.en).toMatchObject({ lang: 'en', version: 1, id: ev.rules.en!.id, body: 'New rules for day two.' });
    expect(v2.rulesHistory).toEqual([expect.objectContaining({ id: ev.rules.fi!.id, lang: 'fi', version: 1, body: RULES_V1_FI, inUse: true })]);

    // A kiosk that showed Finnish version 1 still records it: that is what the entrant agreed to.
    const late = await t.must('booth_staff', 'booth.capture', { ...finnish, email: 'late@example.com', phone: '' });
    expect(late.outcome).toBe('saved');
    if (late.outcome !== 'saved') return;
    const detail = await t.must('manager', 'entries.get', { id: late.entryId });
    expect(detail.language).toBe('fi');
    expect(detail.rules).toEqual({ version: 1, lang: 'fi', sha256: sha(RULES_V1_FI) });
    expect(detail.notice).toEqual({ version: 1, lang: 'fi', sha256: sha(NOTICE_V1_FI) });

    // The kiosk now shows Finnish version 2 and English version 1, each in its own language.
    const config = await t.must('booth_staff', 'booth.config', { eventId: ev.id });
    expect(config.rules.fi).toMatchObject({ lang: 'fi', version: 2, body: 'Uudet säännöt toiselle päivälle.' });
    expect(config.rules.en).toMatchObject({ lang: 'en', version: 1, body: 'New rules for day two.' });
    expect(config.notice.fi).toMatchObject({ lang: 'fi', body: NOTICE_V1_FI });

    // Saving the same texts again creates nothing.
    const same = await update(t, v2, {});
    expect([same.rules.fi!.version, same.rules.en!.version]).toEqual([2, 1]);
  });

  it('records on the entry the language version the entrant accepted, and sends it to the hub', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const config = await t.must('booth_staff', 'booth.config', { eventId: ev.id });
    const english = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { language: 'en', rulesVersionId: config.rules.en.id, noticeVersionId: config.notice.en.id, marketingConsent: true }));
    const finnish = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { language: 'fi', rulesVersionId: config.rules.fi.id, noticeVersionId: config.notice.fi.id, marketingConsent: true }));
    if (english.outcome !== 'saved' || finnish.outcome !== 'saved') throw new Error('not saved');
    const db = t.core.stores!.contests;
    const row = (uuid: string) =>
      db
        .prepare(
          `SELECT e.language, r.lang AS rules_lang, r.sha256 AS rules_sha, n.lang AS notice_lang, n.sha256 AS notice_sha, c.notice_sha256 AS consent_sha
             FROM entries e JOIN event_texts r ON r.id = e.rules_text_id JOIN event_texts n ON n.id = e.notice_text_id
             JOIN entry_consent_events c ON c.entry_id = e.id WHERE e.uuid = ?`,
        )
        .get(uuid);
    expect(row(english.entryId)).toEqual({ language: 'en', rules_lang: 'en', rules_sha: sha(RULES_V1), notice_lang: 'en', notice_sha: sha(NOTICE_V1), consent_sha: sha(NOTICE_V1) });
    expect(row(finnish.entryId)).toEqual({ language: 'fi', rules_lang: 'fi', rules_sha: sha(RULES_V1_FI), notice_lang: 'fi', notice_sha: sha(NOTICE_V1_FI), consent_sha: sha(NOTICE_V1_FI) });

    // The outbox row written in the same transaction carries the same record.
    const payload = JSON.parse((db.prepare('SELECT payload FROM sync_outbox WHERE id = ?').get(finnish.entryId) as { payload: string }).payload) as Record<string, unknown>;
    expect(payload).toMatchObject({
      language: 'fi',
      rules: { version: 1, lang: 'fi', sha256: sha(RULES_V1_FI) },
      marketingConsent: { granted: true, notice: { version: 1, lang: 'fi', sha256: sha(NOTICE_V1_FI) } },
    });
  });

  it('refuses, in the database itself, to change or delete a used version, or what an entry accepted', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { language: 'fi', rulesVersionId: ev.rules.fi!.id, noticeVersionId: ev.notice.fi!.id }));
    if (r.outcome !== 'saved') throw new Error('not saved');
    const db = t.core.stores!.contests;
    expect(() => db.prepare('UPDATE event_texts SET body = ? WHERE id = ?').run('rewritten', ev.rules.fi!.id)).toThrow(/cannot change/);
    expect(() => db.prepare("UPDATE event_texts SET lang = 'en' WHERE id = ?").run(ev.rules.fi!.id)).toThrow(/cannot change/);
    expect(() => db.prepare('UPDATE event_texts SET used = 0 WHERE id = ?').run(ev.rules.fi!.id)).toThrow(/cannot change/);
    expect(() => db.prepare('DELETE FROM event_texts WHERE id = ?').run(ev.notice.fi!.id)).toThrow(/cannot be deleted/);
    expect((db.prepare('SELECT body FROM event_texts WHERE id = ?').get(ev.rules.fi!.id) as { body: string }).body).toBe(RULES_V1_FI);
    // The entry's accepted versions and language are fixed too.
    expect(() => db.prepare('UPDATE entries SET rules_text_id = ? WHERE uuid = ?').run(ev.rules.en!.id, r.entryId)).toThrow(/cannot change/);
    expect(() => db.prepare('UPDATE entries SET notice_text_id = ? WHERE uuid = ?').run(ev.notice.en!.id, r.entryId)).toThrow(/cannot change/);
    expect(() => db.prepare("UPDATE entries SET language = 'en' WHERE uuid = ?").run(r.entryId)).toThrow(/cannot change/);
    // The unused English version can still be corrected.
    expect(db.prepare('UPDATE event_texts SET body = ? WHERE id = ?').run('corrected', ev.rules.en!.id).changes).toBe(1);
  });

  it('refuses a new event or an edit without both languages, and writes nothing', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const db = t.core.stores!.contests;
    const before = count(db, 'event_texts');
    const base = { name: 'X', startsOn: '2026-11-26', endsOn: '2026-11-26', location: 'Y', acceptDuplicates: false };
    const noFinnish = await t.call('manager', 'events.create', { ...base, rulesText: { fi: '  ', en: 'Rules.' }, noticeText: { fi: 'Ilmoitus.', en: 'Notice.' } });
    expect(noFinnish.ok ? null : noFinnish.error.fields?.map((f) => f.path)).toEqual(['rulesText.fi']);
    const oneString = await t.call('manager', 'events.create', { ...base, rulesText: 'Rules.' as never, noticeText: { fi: 'Ilmoitus.', en: 'Notice.' } });
    expect(oneString.ok).toBe(false);
    const edit = await t.call('manager', 'events.update', { id: ev.id, ...base, rulesText: { fi: RULES_V1_FI, en: RULES_V1 }, noticeText: { fi: NOTICE_V1_FI, en: '' } });
    expect(edit.ok ? null : edit.error.fields?.map((f) => f.path)).toEqual(['noticeText.en']);
    expect(count(db, 'event_texts')).toBe(before);
    expect(count(db, 'events')).toBe(1);
  });

  it('shows the prize in each language, and a prize written in one language in both', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    expect(ev.prize).toEqual({ fi: '', en: '' });
    expect((await t.must('booth_staff', 'booth.config', { eventId: ev.id })).prize).toEqual({ fi: null, en: null });
    const both = await update(t, ev, { prize: { fi: 'Palkintona kuulokkeet', en: 'Win a headset' } });
    expect(both.prize).toEqual({ fi: 'Palkintona kuulokkeet', en: 'Win a headset' });
    expect((await t.must('booth_staff', 'booth.config', { eventId: ev.id })).prize).toEqual({ fi: { lang: 'fi', text: 'Palkintona kuulokkeet' }, en: { lang: 'en', text: 'Win a headset' } });
    await update(t, both, { prize: { fi: '', en: 'Win a headset' } });
    expect((await t.must('booth_staff', 'booth.config', { eventId: ev.id })).prize).toEqual({ fi: { lang: 'en', text: 'Win a headset' }, en: { lang: 'en', text: 'Win a headset' } });
  });

  it('audits each change of an event, and not a save that changed nothing', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    await update(t, ev, { name: 'Renamed fair' });
    await update(t, { ...ev, name: 'Renamed fair' }, {});
    await update(t, { ...ev, name: 'Renamed fair' }, { prize: { fi: 'Kuulokkeet', en: 'A headset' } });
    const rows = t.core.stores!.customers.prepare("SELECT action, subject_id FROM audit_log WHERE subject_type = 'event' ORDER BY seq").all();
    expect(rows).toEqual([
      { action: 'events.create', subject_id: String(ev.id) },
      { action: 'events.update', subject_id: String(ev.id) },
      { action: 'events.update', subject_id: String(ev.id) },
    ]);
  });
});

describe('survey questions', () => {
  it('edits unanswered questions in place, and retires answered ones instead of changing them', async () => {
    const t = await setup();
    const ev = await makeEvent(t, {
      questions: [
        { kind: 'single', prompt: 'Favourite product?', options: ['Phones', 'Cloud'], required: true },
        { kind: 'text', prompt: 'Comments', options: [], required: false },
      ],
    });
    const [fav, comments] = ev.questions as [EventDetail['questions'][number], EventDetail['questions'][number]];

    // Unanswered: edited in place (same id).
    const edited = await t.must('manager', 'events.setSurvey', {
      eventId: ev.id,
      questions: [
        { id: fav.id, kind: 'single', prompt: 'Favourite product?', options: ['Phones', 'Cloud', 'Switches'], required: true },
        { id: comments.id, kind: 'text', prompt: 'Comments', options: [], required: false },
      ],
    });
    expect(edited.questions.map((q) => q.id)).toEqual([fav.id, comments.id]);

    const r = await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id, { answers: { [`q${fav.id}`]: 'Switches' } }));
    expect(r.outcome).toBe('saved');

    // Answered: a new wording retires the old question; moving and re-requiring keeps it.
    const after = await t.must('manager', 'events.setSurvey', {
      eventId: ev.id,
      questions: [
        { id: comments.id, kind: 'text', prompt: 'Comments', options: [], required: true },
        { id: fav.id, kind: 'single', prompt: 'Which product do you like best?', options: ['Phones', 'Cloud', 'Switches'], required: true },
        { kind: 'rating', prompt: 'Rate the demo', options: [], required: false },
      ],
    });
    expect(after.questions.map((q) => q.prompt)).toEqual(['Comments', 'Which product do you like best?', 'Rate the demo']);
    expect(after.questions[0]).toMatchObject({ id: comments.id, required: true, inUse: true });
    expect(after.questions[1]!.id).not.toBe(fav.id);

    // The earlier answer still reads with the wording the entrant saw.
    if (r.outcome !== 'saved') return;
    const detail = await t.must('manager', 'entries.get', { id: r.entryId });
    expect(detail.answers).toContainEqual({ questionId: fav.id, prompt: 'Favourite product?', kind: 'single', answer: 'Switches' });

    // Removing an answered question retires it; the database refuses to delete it.
    await t.must('manager', 'events.setSurvey', { eventId: ev.id, questions: [] });
    const db = t.core.stores!.contests;
    expect(db.prepare('SELECT retired FROM survey_questions WHERE id = ?').get(fav.id)).toEqual({ retired: 1 });
    expect(() => db.prepare('DELETE FROM survey_questions WHERE id = ?').run(fav.id)).toThrow(/cannot be deleted/);
    expect(() => db.prepare("UPDATE survey_questions SET prompt = 'x' WHERE id = ?").run(fav.id)).toThrow(/cannot change/);
  });

  it('refuses malformed questions', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    const one = await t.call('manager', 'events.setSurvey', { eventId: ev.id, questions: [{ kind: 'single', prompt: 'Pick', options: ['Only'], required: true }] });
    expect(one.ok ? null : one.error.fields?.[0]?.path).toBe('questions.0.options');
    const textWithOptions = await t.call('manager', 'events.setSurvey', { eventId: ev.id, questions: [{ kind: 'text', prompt: 'Say', options: ['x'], required: true }] });
    expect(textWithOptions.ok).toBe(false);
    const stranger = await t.call('manager', 'events.setSurvey', { eventId: ev.id, questions: [{ id: 9999, kind: 'text', prompt: 'Say', options: [], required: true }] });
    expect(stranger.ok ? null : stranger.error.code).toBe('conflict');
    const dates = await t.call('manager', 'events.create', { name: 'X', startsOn: '2026-11-27', endsOn: '2026-11-26', location: 'Y', acceptDuplicates: false, rulesText: { fi: 'r', en: 'r' }, noticeText: { fi: 'n', en: 'n' } });
    expect(dates.ok ? null : dates.error.fields?.[0]?.path).toBe('endsOn');
  });
});
