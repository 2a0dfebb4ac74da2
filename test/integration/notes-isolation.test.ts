import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_NAMES, contract, type ChannelName } from '../../src/shared/contract';
import { ROLES, can, type Permission, type Role } from '../../src/shared/roles';
import { manualClock, startCore, tempDir, TEST_WORKER_ENTRY, withStaff, type TestCore } from '../support/core';
import { entryFor, filesUnder, holdsText, leadInput, makeEvent, nextTurn, register, roleRefusals } from './dsr-support';

/**
 * Policy 2c: service notes are kept apart from the account, and only customer service reads them.
 * This walks the WHOLE contract as every other role: every channel the role may call, with inputs
 * built to hit the customer who has notes, and then every background job those calls started and
 * every file they wrote. No note text may appear anywhere.
 */

const CANARY = 'NOTECANARY-7f3a91';
const CANARY_OLD = 'OLDNOTECANARY-22c8e0';

let t: TestCore;
let saveDir: string;
let saveCount = 0;
const saves: { file: string; title: string }[] = [];
const clock = manualClock(new Date('2026-11-26T09:00:00Z'));

const ids = { account: 0, other: 0, note: 0, lead: 0, event: 0, entry: '' };
const customer = { name: 'Nora Notesubject', email: 'nora.notes@example.com' };

beforeAll(async () => {
  saveDir = tempDir('ixo-notes-saves-');
  t = await startCore({
    clock,
    deviceName: 'notes-test',
    workerEntry: TEST_WORKER_ENTRY,
    dialogs: {
      chooseSavePath: async (o) => {
        const file = path.join(saveDir, `${++saveCount}-${o.defaultName}`);
        saves.push({ file, title: o.title });
        return file;
      },
    },
  });
  await withStaff(t, ROLES);
  ids.account = await register(t, { ...customer, marketing: true });
  ids.other = await register(t, { name: 'Otto Other', email: 'otto@example.com' });
  // The note is written, then edited: both the old and the new text must stay with customer service.
  const note = await t.must('customer_service', 'notes.add', { accountId: ids.account, body: `Called about invoice. ${CANARY_OLD}` });
  await t.must('customer_service', 'notes.update', { id: note.id, body: `Called about invoice; prefers mornings. ${CANARY}` });
  ids.note = note.id;
  await t.must('customer_service', 'notes.add', { accountId: ids.account, body: `Second note ${CANARY}` });
  ids.lead = (await t.must('office_staff', 'leads.create', leadInput({ email: customer.email, name: customer.name }))).id;
  await t.must('billing_clerk', 'billing.save', {
    accountId: ids.account,
    billingName: customer.name,
    addressLine1: 'Mannerheimintie 1',
    postalCode: '00100',
    city: 'Helsinki',
    country: 'Finland',
    card: { brand: 'visa', last4: '4242' },
  });
  ids.event = await makeEvent(t, [{ kind: 'text', prompt: 'What brought you here?', options: [], required: false }]);
  const cfg = await t.must('booth_staff', 'booth.config', { eventId: ids.event });
  const captured = await t.must('booth_staff', 'booth.capture', await entryFor(t, ids.event, { email: customer.email, name: customer.name, answers: { [`q${cfg.questions[0]!.id}`]: 'Curiosity' } }));
  if (captured.outcome !== 'saved') throw new Error('capture failed');
  ids.entry = captured.entryId;
  await nextTurn();
});

afterAll(async () => {
  await t.close();
});

type AnyObject = z.ZodObject<Record<string, z.ZodType>>;

/** The object schema under wrappers (pipe, default, refine) and the first member of a union. */
function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object':
      return (schema as AnyObject).shape;
    case 'pipe':
      return objectShape(def['in'] as z.ZodType);
    case 'default':
    case 'prefault':
    case 'optional':
      return objectShape(def['innerType'] as z.ZodType);
    default:
      return null;
  }
}

/** Values that reach the customer with notes, by field name. */
function candidates(): Record<string, unknown[]> {
  return {
    id: [ids.account, ids.note, ids.lead, ids.event, ids.entry],
    accountId: [ids.account],
    email: [customer.email],
    query: [customer.name, customer.email, 'Nora', CANARY],
    search: [customer.name, CANARY],
    eventId: [ids.event],
    includeRetired: [true],
    status: ['all'],
    limit: [200],
    readsOnly: [true, false],
  };
}

/** {} and, for each known field, every candidate with the other known fields at their first one. */
function inputsFor(name: ChannelName): unknown[] {
  const shape = objectShape(contract[name].input as z.ZodType);
  const inputs: unknown[] = [{}];
  if (!shape) return inputs;
  const pool = candidates();
  const known = Object.keys(shape).filter((k) => k in pool);
  if (known.length === 0) return inputs;
  const base = Object.fromEntries(known.map((k) => [k, pool[k]![0]]));
  inputs.push(base);
  for (const k of known) for (const v of pool[k]!.slice(1)) inputs.push({ ...base, [k]: v });
  return inputs;
}

/** Inputs no generator guesses: every export kind, and the data subject access export. */
const EXTRA: Partial<Record<ChannelName, unknown[]>> = {
  'exports.start': [
    { format: 'csv', purpose: 'Proving notes stay out of exports', filters: { kind: 'accounts', status: 'all' } },
    { format: 'xlsx', purpose: 'Proving notes stay out of exports', filters: { kind: 'accounts', status: 'active' } },
    { format: 'csv', purpose: 'Proving notes stay out of exports', filters: { kind: 'marketing_list' } },
    { format: 'csv', purpose: 'Proving notes stay out of exports', filters: { kind: 'optouts' } },
    { format: 'csv', purpose: 'Proving notes stay out of exports', filters: { kind: 'contest_entries', eventId: 0 } },
    { format: 'csv', purpose: 'Proving notes stay out of exports', filters: { kind: 'contest_marketing', eventId: 0 } },
  ],
  'dsr.lookup': [{ email: 'nora.notes@example.com' }],
  'dsr.exportAccess': [
    { email: 'nora.notes@example.com', reference: 'DSR-NOTES-1', format: 'json' },
    { email: 'nora.notes@example.com', reference: 'DSR-NOTES-2', format: 'html' },
  ],
  'audit.list': [{ limit: 500 }],
};

/**
 * Channels not walked, and why. Each would end the caller's session or change who may do what,
 * which would make the rest of the walk prove nothing; none of them returns customer data.
 */
const NOT_WALKED = new Set<ChannelName>(['auth.signOut', 'auth.lock', 'auth.changePassword', 'staff.setRole', 'staff.setDisabled', 'staff.resetPassword', 'dsr.erase']);

/** The data subject access export is the one place notes leave customer service, by design. */
const isDsrAccessFile = (title: string) => /data access export/i.test(title);

function mayCall(role: Role, name: ChannelName): boolean {
  const access = contract[name].access as string;
  return access === 'public' || access === 'signed_in' || can(role, access as Permission);
}

/** JobStatus objects anywhere in a value (export and import jobs). */
function jobsIn(value: unknown, out: string[] = []): string[] {
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v['id'] === 'string' && typeof v['state'] === 'string' && typeof v['kind'] === 'string') out.push(v['id']);
    for (const child of Object.values(v)) jobsIn(child, out);
  }
  return out;
}

describe('service notes', () => {
  it('customer service reads them (the canary is detectable)', async () => {
    const notes = await t.must('customer_service', 'notes.list', { accountId: ids.account });
    expect(notes).toHaveLength(2);
    expect(JSON.stringify(notes)).toContain(CANARY);
    expect(notes.map((n) => n.createdByName)).toEqual(['Test customer_service', 'Test customer_service']);
    // Reads of notes are audited, by account id, without the text.
    const audit = await t.must('admin', 'audit.list', { action: 'read.notes' });
    expect(audit.rows[0]).toMatchObject({ actorName: 'Test customer_service', subjectType: 'account', subjectId: String(ids.account), details: { count: 2 } });
    expect(JSON.stringify(audit.rows)).not.toContain(CANARY);
  });

  it('only customer service may use the notes channels', async () => {
    const spare = await t.must('customer_service', 'notes.add', { accountId: ids.other, body: 'Spare note for the role probe.' });
    const cs = ['customer_service'] as const;
    const problems = await roleRefusals(t, [
      { channel: 'notes.list', input: { accountId: ids.account }, allowed: cs },
      { channel: 'notes.add', input: { accountId: ids.other, body: 'Role probe.' }, allowed: cs },
      { channel: 'notes.update', input: { id: spare.id, body: 'Role probe, edited.' }, allowed: cs },
      { channel: 'notes.remove', input: { id: spare.id }, allowed: cs },
    ]);
    expect(problems).toEqual([]);
  });

  it('are stored in their own table, never in the account row', () => {
    const db = t.core.stores!.customers;
    const accountRow = JSON.stringify(db.prepare('SELECT * FROM accounts WHERE id = ?').get(ids.account));
    expect(accountRow).not.toContain(CANARY);
    expect((db.prepare('SELECT count(*) AS n FROM service_notes WHERE account_id = ?').get(ids.account) as { n: number }).n).toBe(2);
    expect(JSON.stringify(db.prepare('SELECT * FROM accounts').all())).not.toContain('NOTECANARY');
  });

  it('no other role can read them through any channel, any background job or any file it writes', async () => {
    const leaks: string[] = [];
    const okChannels = new Map<Role, Set<ChannelName>>();
    const jobOwners: [Role, string][] = [];
    let calls = 0;
    for (const role of ROLES.filter((r) => r !== 'customer_service')) {
      const ok = new Set<ChannelName>();
      okChannels.set(role, ok);
      for (const name of CHANNEL_NAMES) {
        if (NOT_WALKED.has(name) || !mayCall(role, name)) continue;
        for (const input of [...inputsFor(name), ...(EXTRA[name] ?? [])].map((i) =>
          name.startsWith('exports.') && typeof i === 'object' && i !== null && 'filters' in i ? fixEventId(i) : i,
        )) {
          calls++;
          const r = await t.core.dispatch(role, name, input);
          const text = JSON.stringify(r);
          if (text.includes(CANARY) || text.includes(CANARY_OLD)) leaks.push(`${role} ${name} ${JSON.stringify(input)}`);
          if (r.ok) {
            ok.add(name);
            for (const id of jobsIn(r.value)) jobOwners.push([role, id]);
          }
        }
      }
    }
    // Background jobs: wait for each, then look at its result.
    for (const [role, id] of jobOwners) {
      for (;;) {
        const s = await t.must(role, 'jobs.get', { id });
        if (s.state !== 'running') {
          const text = JSON.stringify(s);
          if (text.includes(CANARY) || text.includes(CANARY_OLD)) leaks.push(`${role} job ${s.kind}`);
          break;
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    }
    // Files: every export written during the walk.
    const sanctioned: string[] = [];
    for (const s of saves) {
      if (!fs.existsSync(s.file)) continue;
      const bytes = fs.readFileSync(s.file);
      const leaked = holdsText(bytes, CANARY) || holdsText(bytes, CANARY_OLD);
      if (isDsrAccessFile(s.title)) sanctioned.push(s.file);
      else if (leaked) leaks.push(`file ${path.basename(s.file)} (${s.title})`);
    }

    expect(leaks).toEqual([]);
    expect(calls).toBeGreaterThan(100);
    // The walk reached the data: these calls succeeded, so their "no canary" means something.
    const mustHaveRun: [Role, ChannelName][] = [
      ['office_staff', 'customers.search'],
      ['office_staff', 'customers.get'],
      ['office_staff', 'leads.list'],
      ['office_staff', 'optouts.find'],
      ['office_staff', 'outbox.list'],
      ['manager', 'customers.get'],
      ['manager', 'entries.list'],
      ['manager', 'entries.get'],
      ['manager', 'exports.start'],
      ['manager', 'dsr.lookup'],
      ['manager', 'dsr.accessLog'],
      ['manager', 'audit.list'],
      ['billing_clerk', 'billing.find'],
      ['billing_clerk', 'billing.get'],
      ['admin', 'audit.list'],
      ['booth_staff', 'booth.counts'],
    ];
    for (const [role, name] of mustHaveRun) expect(okChannels.get(role)?.has(name), `${role} ${name}`).toBe(true);
    expect(jobOwners.length).toBeGreaterThan(0);
    expect(filesUnder(saveDir).filter((f) => !sanctioned.includes(f)).length).toBeGreaterThan(0);

    // The access export for the person themself carries the notes in their own section, and nowhere else in it.
    expect(sanctioned).toHaveLength(2);
    const json = JSON.parse(fs.readFileSync(sanctioned.find((f) => f.endsWith('.json'))!, 'utf8')) as Record<string, unknown>;
    expect(JSON.stringify(json['serviceNotes'])).toContain(CANARY);
    const { serviceNotes: _n, auditTrail: _a, ...rest } = json;
    expect(JSON.stringify(rest)).not.toContain(CANARY);
    expect(JSON.stringify(json)).not.toContain(CANARY_OLD);

    // The notes are still there: the walk did not pass because something removed them.
    expect(JSON.stringify(await t.must('customer_service', 'notes.list', { accountId: ids.account }))).toContain(CANARY);
  });
});

function fixEventId(input: object): object {
  const i = input as { filters: Record<string, unknown> };
  return 'eventId' in i.filters ? { ...i, filters: { ...i.filters, eventId: ids.event } } : i;
}
