import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EventDetail } from '../../src/shared/contract/events';
import type { TestCore } from '../support/core';
import { entryFor, makeEvent, NOTICE_V1, RULES_V1, useBoothCore } from './booth-support';

const setup = useBoothCore();

const update = (t: TestCore, ev: EventDetail, over: { rulesText?: string; noticeText?: string; name?: string }) =>
  t.must('manager', 'events.update', {
    id: ev.id,
    name: over.name ?? ev.name,
    startsOn: ev.startsOn,
    endsOn: ev.endsOn,
    location: ev.location,
    acceptDuplicates: ev.acceptDuplicates,
    rulesText: over.rulesText ?? ev.rules.body,
    noticeText: over.noticeText ?? ev.notice.body,
  });

describe('versioned rules and consent notice', () => {
  it('corrects an unused version in place, and turns an edit of a used one into a new version', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    expect(ev.rules).toMatchObject({ version: 1, body: RULES_V1, inUse: false, sha256: createHash('sha256').update(RULES_V1).digest('hex') });

    const corrected = await update(t, ev, { rulesText: `${RULES_V1} Typo fixed.` });
    expect(corrected.rules).toMatchObject({ version: 1, id: ev.rules.id, body: `${RULES_V1} Typo fixed.`, inUse: false });
    expect(corrected.rulesHistory).toEqual([]);

    // An entry uses version 1 of both texts.
    const kioskStart = await entryFor(t, ev.id);
    const r = await t.must('booth_staff', 'booth.capture', kioskStart);
    expect(r.outcome).toBe('saved');
    const used = await t.must('manager', 'events.get', { id: ev.id });
    expect(used.rules.inUse && used.notice.inUse).toBe(true);

    const v2 = await update(t, used, { rulesText: 'New rules for day two.', noticeText: `${NOTICE_V1} Also by SMS.` });
    expect(v2.rules).toMatchObject({ version: 2, body: 'New rules for day two.', inUse: false });
    expect(v2.notice).toMatchObject({ version: 2, inUse: false });
    expect(v2.rulesHistory).toEqual([expect.objectContaining({ id: ev.rules.id, version: 1, body: `${RULES_V1} Typo fixed.`, inUse: true })]);

    // A kiosk that showed version 1 still records version 1: that is what the entrant agreed to.
    const late = await t.must('booth_staff', 'booth.capture', { ...kioskStart, email: 'late@example.com', phone: '' });
    expect(late.outcome).toBe('saved');
    if (late.outcome !== 'saved') return;
    const detail = await t.must('manager', 'entries.get', { id: late.entryId });
    expect(detail.rules.version).toBe(1);
    expect(detail.notice).toEqual({ version: 1, sha256: used.notice.sha256 });

    // The kiosk now shows version 2.
    const config = await t.must('booth_staff', 'booth.config', { eventId: ev.id });
    expect([config.rules.version, config.notice.version]).toEqual([2, 2]);

    // Saving the same text again creates nothing.
    const same = await update(t, v2, {});
    expect(same.rules.version).toBe(2);
  });

  it('refuses, in the database itself, to change or delete a used version', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    await t.must('booth_staff', 'booth.capture', await entryFor(t, ev.id));
    const db = t.core.stores!.contests;
    expect(() => db.prepare('UPDATE event_texts SET body = ? WHERE id = ?').run('rewritten', ev.rules.id)).toThrow(/cannot change/);
    expect(() => db.prepare('UPDATE event_texts SET used = 0 WHERE id = ?').run(ev.rules.id)).toThrow(/cannot change/);
    expect(() => db.prepare('DELETE FROM event_texts WHERE id = ?').run(ev.notice.id)).toThrow(/cannot be deleted/);
    expect((db.prepare('SELECT body FROM event_texts WHERE id = ?').get(ev.rules.id) as { body: string }).body).toBe(RULES_V1);
  });

  it('audits each change of an event, and not a save that changed nothing', async () => {
    const t = await setup();
    const ev = await makeEvent(t);
    await update(t, ev, { name: 'Renamed fair' });
    await update(t, { ...ev, name: 'Renamed fair' }, {});
    const rows = t.core.stores!.customers.prepare("SELECT action, subject_id FROM audit_log WHERE subject_type = 'event' ORDER BY seq").all();
    expect(rows).toEqual([
      { action: 'events.create', subject_id: String(ev.id) },
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
    const dates = await t.call('manager', 'events.create', { name: 'X', startsOn: '2026-11-27', endsOn: '2026-11-26', location: 'Y', acceptDuplicates: false, rulesText: 'r', noticeText: 'n' });
    expect(dates.ok ? null : dates.error.fields?.[0]?.path).toBe('endsOn');
  });
});
