/**
 * Shared setup of the restricted-records tests (leads, service notes, billing, data
 * subject requests). Not a test file: vitest runs only *.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { ChannelName, InputOf } from '../../src/shared/contract';
import { ROLES, type Role } from '../../src/shared/roles';
import type { CaptureInput } from '../../src/shared/contract/booth';
import type { TestCore } from '../support/core';

export const TODAY = '2026-11-26';

/** A complete express-permission block, obtained by the signed-in staff member. */
export function permission(over: Partial<InputOf<'leads.create'>['permission']> = {}): InputOf<'leads.create'>['permission'] {
  return {
    obtainedBySelf: true,
    obtainedAt: '2026-11-25T14:30:00Z',
    method: 'call',
    scriptVersion: 'TM-2026-01',
    prospectConfirmed: true,
    confirmation: 'Yes, you may register me and call me about your products.',
    ...over,
  };
}

export function leadInput(over: Partial<InputOf<'leads.create'>> = {}): InputOf<'leads.create'> {
  return {
    name: 'Pia Prospect',
    phone: '+358 40 123 4567',
    email: 'pia.prospect@example.com',
    company: 'Prospect Oy',
    notes: 'Interested in the call reporting product.',
    permission: permission(),
    ...over,
  };
}

let productId: number | null = null;

/** The product every test registration uses, created by the admin through products.create. */
export async function product(t: TestCore): Promise<number> {
  const list = await t.must('admin', 'products.list', {});
  const existing = list.find((p) => p.active);
  if (existing) return existing.id;
  productId = (await t.must('admin', 'products.create', { name: 'IXO Call Reporter' })).id;
  return productId;
}

/** Registers a customer through the real registration channel (office staff). */
export async function register(t: TestCore, who: { name: string; email: string; marketing?: boolean }): Promise<number> {
  const notices = await t.must('office_staff', 'customers.notices', {});
  const version = (id: string) => notices.find((n) => n.id === id)!.version;
  const r = await t.must('office_staff', 'customers.register', {
    name: who.name,
    email: who.email,
    productId: await product(t),
    birthDate: '1985-03-14',
    marketingOptIn: who.marketing ?? false,
    registrationNoticeVersion: version('registration'),
    marketingNoticeVersion: version('marketing'),
  });
  if (r.outcome !== 'registered') throw new Error(`registration refused: ${r.message}`);
  return r.account.id;
}

export const RULES_FI = 'Yksi osallistuminen henkeä kohden. Palkinto arvotaan tapahtuman viimeisenä päivänä.';
export const NOTICE_FI = 'IXO Systems voi lähettää sinulle sähköpostia tuotteista ja tapahtumista. Voit perua luvan milloin tahansa.';

export async function makeEvent(t: TestCore, questions: InputOf<'events.setSurvey'>['questions'] = []): Promise<number> {
  const ev = await t.must('manager', 'events.create', {
    name: 'Helsinki Tech Fair',
    startsOn: TODAY,
    endsOn: TODAY,
    location: 'Messukeskus, Helsinki',
    acceptDuplicates: true,
    rulesText: { fi: RULES_FI, en: 'One entry per person. The prize draw is held on the last day of the event.' },
    noticeText: { fi: NOTICE_FI, en: 'IXO Systems may email you about products and events. You can unsubscribe at any time.' },
  });
  if (questions.length > 0) await t.must('manager', 'events.setSurvey', { eventId: ev.id, questions });
  return ev.id;
}

/** A complete kiosk entry for the event's current texts (in the entrant's language, English unless given) and survey. */
export async function entryFor(t: TestCore, eventId: number, over: Partial<CaptureInput> = {}): Promise<CaptureInput> {
  const config = await t.must('booth_staff', 'booth.config', { eventId });
  const language = over.language ?? 'en';
  return {
    eventId,
    language,
    rulesVersionId: config.rules[language].id,
    noticeVersionId: config.notice[language].id,
    questionIds: config.questions.map((q) => q.id),
    birthDate: '1990-05-24',
    name: 'Eero Entrant',
    email: 'eero.entrant@example.com',
    phone: '+358 40 555 0101',
    address: 'Mannerheimintie 1\n00100 Helsinki',
    title: 'Engineer',
    company: 'Example Oy',
    answers: {},
    rulesAccepted: true,
    marketingConsent: false,
    ...over,
  };
}

export function count(db: Database, table: string, where = '1', ...params: unknown[]): number {
  return (db.prepare(`SELECT count(*) AS n FROM ${table} WHERE ${where}`).get(...params) as { n: number }).n;
}

/** Lets work scheduled with setImmediate (the booth's deferred capture audit) run. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Every file under a directory, recursively. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

/** Does the buffer hold the text, as UTF-8 or UTF-16 (either byte order) or in upper/lower case? */
export function holdsText(bytes: Buffer, text: string): boolean {
  const forms = new Set([text, text.toLowerCase(), text.toUpperCase()]);
  for (const f of forms) {
    for (const enc of [Buffer.from(f, 'utf8'), Buffer.from(f, 'utf16le'), Buffer.from(f, 'utf16le').swap16()]) {
      if (bytes.includes(enc)) return true;
    }
  }
  return false;
}

/**
 * Calls each channel with a VALID input as every role, so a refusal can only be about the role.
 * `allowed` is what the policy says (written out in the test, not read from the contract, so a
 * wrong permission on a channel is caught): those roles get anything but 'forbidden', every other
 * role gets 'forbidden'. Returns the problems found.
 */
export async function roleRefusals(t: TestCore, calls: readonly { channel: ChannelName; input: unknown; allowed: readonly Role[] }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const { channel, input, allowed } of calls) {
    for (const role of ROLES) {
      const r = await t.core.dispatch(role, channel, input);
      const code = r.ok ? 'ok' : r.error.code;
      if (allowed.includes(role) && code === 'forbidden') problems.push(`${role} was refused ${channel}`);
      if (!allowed.includes(role) && code !== 'forbidden') problems.push(`${role} on ${channel} got ${code}, not forbidden`);
    }
  }
  return problems;
}
