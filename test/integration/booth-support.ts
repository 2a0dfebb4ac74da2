/** Shared setup of the booth tests. Not a test file: vitest runs only *.test.ts. */
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CaptureInput } from '../../src/shared/contract/booth';
import type { EventDetail, QuestionInput } from '../../src/shared/contract/events';
import { afterEach } from 'vitest';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';

export const TODAY = '2026-11-26';

/**
 * For a test file: `setup()` starts a core at 09:00 on TODAY with booth staff and a manager signed
 * in; it is closed after each test.
 */
export function useBoothCore(): () => Promise<TestCore> {
  let t: TestCore | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });
  return async () => {
    t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)) });
    await withStaff(t, ['booth_staff', 'manager']);
    return t;
  };
}

export const RULES_V1 = 'One entry per person. The prize draw is held on the last day of the event.';
export const NOTICE_V1 = 'IXO Systems may email you about products and events. You can unsubscribe at any time.';

export const RULES_V1_FI = 'Yksi osallistuminen henkeä kohden. Palkinto arvotaan tapahtuman viimeisenä päivänä.';
export const NOTICE_V1_FI = 'IXO Systems voi lähettää sinulle sähköpostia tuotteista ja tapahtumista. Voit perua luvan milloin tahansa.';

export async function makeEvent(
  t: TestCore,
  over: Partial<{ name: string; startsOn: string; endsOn: string; acceptDuplicates: boolean; questions: QuestionInput[] }> = {},
): Promise<EventDetail> {
  const ev = await t.must('manager', 'events.create', {
    name: over.name ?? 'Helsinki Tech Fair',
    startsOn: over.startsOn ?? TODAY,
    endsOn: over.endsOn ?? TODAY,
    location: 'Messukeskus, Helsinki',
    acceptDuplicates: over.acceptDuplicates ?? false,
    rulesText: { fi: RULES_V1_FI, en: RULES_V1 },
    noticeText: { fi: NOTICE_V1_FI, en: NOTICE_V1 },
  });
  if (!over.questions) return ev;
  return t.must('manager', 'events.setSurvey', { eventId: ev.id, questions: over.questions });
}

let seq = 0;

/** A complete, valid entry for the kiosk's current config of the event. */
export async function entryFor(t: TestCore, eventId: number, over: Partial<CaptureInput> = {}): Promise<CaptureInput> {
  const config = await t.must('booth_staff', 'booth.config', { eventId });
  seq++;
  return {
    eventId,
    language: 'en',
    rulesVersionId: config.rules.en.id,
    noticeVersionId: config.notice.en.id,
    questionIds: config.questions.map((q) => q.id),
    birthDate: '1990-05-24',
    name: `Entrant ${seq}`,
    email: `entrant${seq}@example.com`,
    phone: `+358 40 555 ${String(seq).padStart(4, '0')}`,
    address: 'Mannerheimintie 1\n00100 Helsinki',
    title: 'Engineer',
    company: 'Example Oy',
    answers: {},
    rulesAccepted: true,
    marketingConsent: false,
    ...over,
  };
}

export function count(db: Database, table: string, where = '1'): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get() as { n: number }).n;
}

/** Row counts of every table of a database, for "nothing else changed" checks. */
export function tableCounts(db: Database, except: readonly string[] = []): Record<string, number> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.filter((r) => !except.includes(r.name)).map((r) => [r.name, count(db, `"${r.name}"`)]));
}

/** Lets the deferred capture audit (scheduled with setImmediate) run. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
