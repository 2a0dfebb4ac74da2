import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract, type ChannelName, type InputOf } from '../../src/shared/contract';
import { can, ROLES, type Role } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';
import { entryFor, leadInput, makeEvent, product, TODAY } from './dsr-support';

/**
 * Hostile text through the real dispatcher. Every string field of every channel in the contract
 * that takes free text (found by walking the input schemas, so a new channel is covered without
 * touching this file) refuses unpaired surrogates and C0/C1 control characters, and single-line
 * fields also tabs and line breaks, with a field error on that field, and nothing is written.
 * Finnish text (ä ö å, a dash, an emoji) goes in and comes back out exactly.
 */

/** Typed by a person in Finnish: accepted by every free-text field, kept exactly. */
const FINNISH = 'Päivi Åström-Öhman — Hyvää päivää 😀';
const EVERYWHERE = ['Ann\uD83Da', '\uDE00Ann', 'a\u0000b', 'a\u0007b', 'a\u001bb', 'a\u007fb', 'a\u0085b', 'a\u009bb'];
const SINGLE_LINE_ONLY = ['a\tb', 'a\nb', 'a\r\nb', 'a\u2028b'];
const TEXT_KEYS = ['broken_character', 'control_chars', 'line_breaks'];

/**
 * Fields that take any text on purpose, each with why. The test checks the list against the
 * contract, so an entry cannot outlive its field.
 */
const EXEMPT: Record<string, string> = {
  'kiosk.leave password': 'a password is hashed, never stored or shown as text',
  'staff.create password': 'hashed',
  'staff.resetPassword password': 'hashed',
  'auth.createFirstAdmin password': 'hashed',
  'auth.createFirstAdmin confirmPassword': 'only compared with the password',
  'auth.signIn password': 'hashed',
  'auth.unlock password': 'hashed',
  'auth.verifyStaffPassword password': 'hashed',
  'auth.changePassword currentPassword': 'hashed',
  'auth.changePassword newPassword': 'hashed',
  'auth.changePassword confirmPassword': 'only compared with the new password',
  'settings.update smtp.password': 'a secret for the relay, kept in the keychain',
  'dsr.erase confirmEmail': 'only compared with the email',
  'optouts.previewImport content': "a file's content: the import reads it row by row and reports the rows it refuses",
  'optouts.applyImport content': "a file's content, as above",
};

type Segment = string | number;
interface Leaf {
  channel: ChannelName;
  path: Segment[];
  schema: z.ZodType;
  /** Under a union: the field error may carry the union's key rather than the text rule's. */
  inUnion: boolean;
}

/** Every string in an input schema, with the path where it goes. */
function stringLeaves(channel: ChannelName, schema: z.ZodType): Leaf[] {
  const out: Leaf[] = [];
  const walk = (s: z.ZodType, at: Segment[], inUnion: boolean): void => {
    const def = (s as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
    switch (def.type) {
      case 'string':
        out.push({ channel, path: at, schema: s, inUnion });
        return;
      case 'object':
        for (const [k, v] of Object.entries(def.shape as Record<string, z.ZodType>)) walk(v, [...at, k], inUnion);
        return;
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'readonly':
      case 'catch':
      case 'nonoptional':
        walk(def.innerType as z.ZodType, at, inUnion);
        return;
      case 'pipe':
        walk(def.in as z.ZodType, at, inUnion);
        return;
      case 'union':
        for (const o of def.options as z.ZodType[]) walk(o, at, true);
        return;
      case 'array':
        walk(def.element as z.ZodType, [...at, 0], inUnion);
        return;
      case 'record':
        walk(def.valueType as z.ZodType, [...at, 'q1'], inUnion);
        return;
      default:
        return;
    }
  };
  walk(schema, [], false);
  return out;
}

const leafName = (l: Leaf) => `${l.channel} ${l.path.join('.')}`;
/** A string field takes free text when it takes Finnish words with spaces, a dash and an emoji. */
const takesText = (l: Leaf) => l.schema.safeParse(FINNISH).success;
const multiLine = (l: Leaf) => l.schema.safeParse('first\nsecond').success;

const ALL_LEAVES = (Object.keys(contract) as ChannelName[]).flatMap((ch) => stringLeaves(ch, contract[ch].input as z.ZodType));
const TEXT_LEAVES = ALL_LEAVES.filter(takesText);

/** An input with `value` at `at` and nothing else: the call is refused on that field whatever else is missing. */
function inputWith(at: Segment[], value: string): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at;
  if (typeof head === 'number') return [inputWith(rest, value)];
  return { [head!]: inputWith(rest, value) };
}

function roleFor(channel: ChannelName): Role {
  const access = contract[channel].access;
  if (access === 'public' || access === 'signed_in') return 'admin';
  const role = ROLES.find((r) => can(r, access));
  if (!role) throw new Error(`no role may call ${channel}`);
  return role;
}

let t: TestCore;

function snapshot(): string {
  const files = fs
    .readdirSync(t.dataDir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && !d.name.endsWith('-shm'))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
  return JSON.stringify([storeDigest(t.core.stores!.customers), storeDigest(t.core.stores!.contests), files]);
}

beforeAll(async () => {
  t = await startCore({ clock: manualClock(new Date(`${TODAY}T09:00:00Z`)), deviceName: 'hostile-text-test' });
  await withStaff(t, ROLES);
});

afterAll(async () => {
  await t.close();
});

describe('the walk over the contract', () => {
  it('finds the free-text fields of the channels that take text, and every exemption names one of them', () => {
    const names = TEXT_LEAVES.map(leafName);
    for (const known of ['customers.register name', 'notes.add body', 'booth.capture address', 'leads.create permission.confirmation', 'events.setSurvey questions.0.prompt', 'billing.save city', 'sync.enroll deviceName']) {
      expect(names).toContain(known);
    }
    for (const name of Object.keys(EXEMPT)) expect(names, name).toContain(name);
    expect(TEXT_LEAVES.length).toBeGreaterThan(40);
  });

  it('every free-text field keeps Finnish text exactly as typed', () => {
    for (const leaf of TEXT_LEAVES) expect(leaf.schema.parse(FINNISH), leafName(leaf)).toBe(FINNISH);
  });
});

describe('hostile text through dispatch', () => {
  it('every free-text field refuses it with a field error on that field, and nothing is written', async () => {
    const before = snapshot();
    const missed: string[] = [];
    for (const leaf of TEXT_LEAVES) {
      if (EXEMPT[leafName(leaf)]) continue;
      const values = multiLine(leaf) ? EVERYWHERE : [...EVERYWHERE, ...SINGLE_LINE_ONLY];
      for (const value of values) {
        const r = await t.core.dispatch(roleFor(leaf.channel), leaf.channel, inputWith(leaf.path, value));
        const field = r.ok ? undefined : r.error.fields?.find((f) => f.path === leaf.path.join('.'));
        const refused = !r.ok && r.error.code === 'invalid_input' && field !== undefined && (leaf.inUnion || TEXT_KEYS.includes(field.key));
        if (!refused) missed.push(`${leafName(leaf)} took ${JSON.stringify(value)}: ${JSON.stringify(r.ok ? r.value : r.error)}`);
      }
    }
    expect(missed).toEqual([]);
    expect(snapshot()).toBe(before);
  });

  it('multi-line fields keep tabs and line breaks', () => {
    for (const leaf of TEXT_LEAVES.filter(multiLine)) {
      if (EXEMPT[leafName(leaf)]) continue;
      expect(leaf.schema.parse('Rivi yksi\r\n\tRivi kaksi\nkolme'), leafName(leaf)).toBe('Rivi yksi\r\n\tRivi kaksi\nkolme');
    }
  });
});

describe('Finnish text through dispatch', () => {
  it('is stored and read back exactly: account, note, billing, lead, event, entry', async () => {
    const notices = await t.must('office_staff', 'customers.notices', {});
    const version = (id: string) => notices.find((n) => n.id === id)!.version;
    const registered = await t.must('office_staff', 'customers.register', {
      name: FINNISH,
      email: 'paivi.astrom@example.fi',
      productId: await product(t),
      birthDate: '1975-06-01',
      marketingOptIn: false,
      registrationNoticeVersion: version('registration'),
      marketingNoticeVersion: version('marketing'),
    } as InputOf<'customers.register'>);
    if (registered.outcome !== 'registered') throw new Error('registration refused');
    const accountId = registered.account.id;
    expect((await t.must('customer_service', 'customers.get', { id: accountId })).name).toBe(FINNISH);

    const body = `${FINNISH}\r\nToinen rivi:\tsarkain — ja ääkköset ÅÄÖ 🎉`;
    await t.must('customer_service', 'notes.add', { accountId, body });
    expect((await t.must('customer_service', 'notes.list', { accountId })).map((n) => n.body)).toContain(body);

    await t.must('billing_clerk', 'billing.save', { accountId, billingName: FINNISH, addressLine1: 'Åkerlundinkatu 5 — B 12', postalCode: '33100', city: 'Tampere', country: 'Suomi', card: null });
    const billing = await t.must('billing_clerk', 'billing.get', { accountId });
    expect([billing.billing?.billingName, billing.billing?.addressLine1]).toEqual([FINNISH, 'Åkerlundinkatu 5 — B 12']);

    const lead = await t.must('office_staff', 'leads.create', leadInput({ name: FINNISH, company: 'Ääkkönen & Öberg Oy 😀', notes: body }));
    const gotLead = (await t.must('office_staff', 'leads.list', {})).leads.find((l) => l.id === lead.id);
    expect([gotLead?.name, gotLead?.company, gotLead?.notes]).toEqual([FINNISH, 'Ääkkönen & Öberg Oy 😀', body]);

    const eventId = await makeEvent(t, [{ kind: 'text', prompt: 'Mitä pidit messuista? 😀', options: [], required: false }]);
    const config = await t.must('booth_staff', 'booth.config', { eventId });
    expect(config.questions[0]!.prompt).toBe('Mitä pidit messuista? 😀');
    const captured = await t.must(
      'booth_staff',
      'booth.capture',
      await entryFor(t, eventId, { name: FINNISH, address: 'Hämeenkatu 1\nTampere', company: 'Öljy — Åland Ab', answers: { [`q${config.questions[0]!.id}`]: body } }),
    );
    if (captured.outcome !== 'saved') throw new Error('capture refused');
    const entry = await t.must('manager', 'entries.get', { id: captured.entryId });
    expect([entry.name, entry.address, entry.company]).toEqual([FINNISH, 'Hämeenkatu 1\nTampere', 'Öljy — Åland Ab']);
    expect(JSON.stringify(entry)).toContain(JSON.stringify(body).slice(1, -1));
  });
});
