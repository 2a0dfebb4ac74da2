/** Shared setup of the export and report tests. Not a test file: vitest runs only *.test.ts. */
import { randomUUID } from 'node:crypto';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { EventDetail } from '../../src/shared/contract/events';
import type { TestCore } from '../support/core';

/** Registers an adult customer through the real channel as office staff; returns the account id. */
export async function registerCustomer(t: TestCore, name: string, email: string, productId: number, marketing = false): Promise<number> {
  const notices = await t.must('office_staff', 'customers.notices', {});
  const version = (id: string) => notices.find((n) => n.id === id)!.version;
  const r = await t.must('office_staff', 'customers.register', {
    birthDate: '1980-01-01',
    name,
    email,
    productId,
    marketingOptIn: marketing,
    registrationNoticeVersion: version('registration'),
    marketingNoticeVersion: version('marketing'),
  });
  if (r.outcome !== 'registered') throw new Error(r.message);
  return r.account.id;
}

export async function makeSurveyEvent(t: TestCore, name = 'Slush 2026'): Promise<EventDetail> {
  const ev = await t.must('manager', 'events.create', {
    name,
    startsOn: '2026-11-18',
    endsOn: '2026-11-20',
    location: 'Messukeskus, Helsinki',
    acceptDuplicates: true,
    rulesText: { fi: 'One entry per person. The prize draw is held on the last day.', en: 'One entry per person. The prize draw is held on the last day.' },
    noticeText: { fi: 'IXO Systems may email you about products and events.', en: 'IXO Systems may email you about products and events.' },
  });
  return t.must('manager', 'events.setSurvey', {
    eventId: ev.id,
    questions: [
      { kind: 'text', prompt: 'What brought you here?', options: [], required: false },
      { kind: 'single', prompt: 'Team size', options: ['1-10', '11-50', '51+'], required: false },
      { kind: 'multiple', prompt: 'Interests', options: ['=Calls', 'Reports', '@Mentions'], required: false },
      { kind: 'rating', prompt: 'How likely are you to recommend us?', options: [], required: false },
    ],
  });
}

export interface SeedEntry {
  name: string;
  email: string;
  phone: string;
  address: string;
  title: string;
  company: string;
  consent: boolean;
  capturedAt: string;
  answers: Record<string, string | string[] | number | null>;
  duplicateOf?: string | null;
}

/**
 * Inserts entries straight into contests.db in one transaction (the booth's capture path is
 * tested by the booth's own tests and would take minutes for the cancel test's 200k rows). Each
 * entry gets its consent event, as a capture would write it.
 */
export function seedEntries(db: Database, ev: EventDetail, entries: Iterable<SeedEntry>): string[] {
  const insert = db.prepare(
    `INSERT INTO entries (uuid, event_id, captured_at, local_hour, staff_id, device, name, email, email_norm, phone, phone_norm, address, title, company,
       answers, rules_text_id, notice_text_id, marketing_consent, duplicate_of)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  );
  const consent = db.prepare(
    "INSERT INTO entry_consent_events (entry_id, purpose, granted, notice_text_id, notice_sha256, method, at, device, staff_id) VALUES (?, 'marketing', ?, ?, ?, 'booth', ?, 'test-device', NULL)",
  );
  const uuids: string[] = [];
  db.transaction(() => {
    for (const e of entries) {
      const uuid = randomUUID();
      const hour = `${e.capturedAt.slice(0, 10)} ${e.capturedAt.slice(11, 13)}`;
      const r = insert.run(
        uuid,
        ev.id,
        e.capturedAt,
        hour,
        1,
        'test-device',
        e.name,
        e.email,
        e.email.trim().normalize('NFC').toLowerCase(),
        e.phone,
        e.phone.replace(/\D/g, ''),
        e.address,
        e.title,
        e.company,
        JSON.stringify(e.answers),
        ev.rules.en!.id,
        ev.notice.en!.id,
        e.consent ? 1 : 0,
        e.duplicateOf ?? null,
      );
      consent.run(Number(r.lastInsertRowid), e.consent ? 1 : 0, ev.notice.en!.id, ev.notice.en!.sha256, e.capturedAt);
      uuids.push(uuid);
    }
  }).immediate();
  return uuids;
}

const HOSTILE_NAMES = ['=HYPERLINK("http://evil.example","Click")', '+358 40 123', '-1+1', '@SUM(A1)', "'=quoted", 'Ada "The Count" Lovelace', 'Åsa Öberg, Jr.', '中文 名字', '\tTabbed'];

/** n entries with a mix of hostile and ordinary values; deterministic for a given n. */
export function* sampleEntries(ev: EventDetail, n: number): Generator<SeedEntry> {
  const q = ev.questions;
  for (let i = 0; i < n; i++) {
    const hostile = i % 7 === 0;
    const day = 18 + (i % 3);
    yield {
      name: hostile ? HOSTILE_NAMES[i % HOSTILE_NAMES.length]! : `Entrant ${i}`,
      email: `entrant${i}@example.com`,
      phone: i % 5 === 0 ? '' : `+358 40 ${String(1_000_000 + i)}`,
      address: i % 4 === 0 ? `Street ${i}\r\n00100 Helsinki` : `Road ${i}, Espoo`,
      title: i % 9 === 0 ? '-Chief-' : 'Engineer',
      company: i % 11 === 0 ? '=cmd|\' /C calc\'!A0' : `Company ${i % 13} Oy`,
      consent: i % 3 !== 0,
      capturedAt: `2026-11-${day}T${String(8 + (i % 9)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00.000Z`,
      answers: q.length
        ? {
            [`q${q[0]!.id}`]: i % 2 ? `Because ${i}` : null,
            [`q${q[1]!.id}`]: ['1-10', '11-50', '51+'][i % 3]!,
            [`q${q[2]!.id}`]: i % 4 === 0 ? [] : ['=Calls', '@Mentions'].slice(0, 1 + (i % 2)),
            [`q${q[3]!.id}`]: 1 + (i % 5),
          }
        : {},
    };
  }
}
