import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelName, InputOf } from '../../src/shared/contract';
import { CARD_NUMBER_MESSAGE, luhnValid } from '../../src/shared/card';
import { ROLES } from '../../src/shared/roles';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';
import { storeDigest } from '../support/inspect';
import { entryFor, leadInput, makeEvent, permission, product, register, roleRefusals } from './dsr-support';

/** Policy 4: billing clerks only, card brand and last four digits only; full card numbers refused everywhere. */

let t: TestCore;
const clock = manualClock(new Date('2026-11-26T09:00:00Z'));
let accountId = 0;
let eventId = 0;
let textQuestion = 0;
let noteId = 0;
let leadId = 0;
const digest = () => `${storeDigest(t.core.stores!.customers)}:${storeDigest(t.core.stores!.contests)}`;

const address = { billingName: 'Bea Billing', addressLine1: 'Aleksanterinkatu 52', postalCode: '00100', city: 'Helsinki', country: 'Finland' };

beforeAll(async () => {
  t = await startCore({ clock });
  await withStaff(t, ROLES);
  accountId = await register(t, { name: 'Bea Billing', email: 'bea.billing@example.com' });
  eventId = await makeEvent(t, [{ kind: 'text', prompt: 'Anything else?', options: [], required: false }]);
  textQuestion = (await t.must('booth_staff', 'booth.config', { eventId })).questions[0]!.id;
  noteId = (await t.must('customer_service', 'notes.add', { accountId, body: 'Asked about invoices.' })).id;
  leadId = (await t.must('office_staff', 'leads.create', leadInput())).id;
});
afterAll(async () => {
  await t.close();
});

describe('billing details', () => {
  it('a billing clerk finds the customer by email, saves address, brand and last four digits, and every read is audited', async () => {
    expect(await t.must('billing_clerk', 'billing.find', { email: 'nobody@example.com' })).toBeNull();
    const found = await t.must('billing_clerk', 'billing.find', { email: '  BEA.Billing@example.com ' });
    expect(found).toMatchObject({ accountId, name: 'Bea Billing', email: 'bea.billing@example.com', status: 'active', billing: null });

    const saved = await t.must('billing_clerk', 'billing.save', { accountId, ...address, addressLine2: '', card: { brand: 'mastercard', last4: '0004' } });
    expect(saved.billing).toMatchObject({ ...address, addressLine2: null, card: { brand: 'mastercard', last4: '0004' }, updatedByName: 'Test billing_clerk' });
    const got = await t.must('billing_clerk', 'billing.get', { accountId });
    expect(got.billing).toEqual(saved.billing);

    // Change the card only: the audit names what changed, never the values.
    await t.must('billing_clerk', 'billing.save', { accountId, ...address, card: { brand: 'visa', last4: '4242' } });
    const rows = (await t.must('admin', 'audit.list', { limit: 50 })).rows;
    expect(rows.find((r) => r.action === 'billing.create')?.details).toEqual({ changed: ['billingName', 'address', 'card'] });
    expect(rows.find((r) => r.action === 'billing.update')?.details).toEqual({ changed: ['card'] });
    const reads = rows.filter((r) => r.action === 'read.billing');
    expect(reads.map((r) => [r.subjectType, r.subjectId, r.actorName])).toEqual([
      ['account', String(accountId), 'Test billing_clerk'],
      ['account', String(accountId), 'Test billing_clerk'],
    ]);
    const text = JSON.stringify(rows);
    for (const secret of ['4242', 'Aleksanterinkatu', 'bea.billing']) expect(text).not.toContain(secret);
  });

  it('is not part of the account: the account view has no billing details', async () => {
    const view = await t.must('office_staff', 'customers.get', { id: accountId });
    expect(JSON.stringify(view)).not.toContain('Aleksanterinkatu');
    expect(JSON.stringify(view)).not.toContain('4242');
  });

  it('only billing clerks reach the billing channels', async () => {
    const clerk = ['billing_clerk'] as const;
    const problems = await roleRefusals(t, [
      { channel: 'billing.find', input: { email: 'bea.billing@example.com' }, allowed: clerk },
      { channel: 'billing.get', input: { accountId }, allowed: clerk },
      { channel: 'billing.save', input: { accountId, ...address, card: { brand: 'visa', last4: '4242' } }, allowed: clerk },
      { channel: 'billing.remove', input: { accountId }, allowed: clerk },
    ]);
    expect(problems).toEqual([]);
  });
});

/** Luhn-valid test numbers, as people type them. */
const CARDS = [
  '4111111111111111',
  '4111 1111 1111 1111',
  '4111-1111-1111-1111',
  '5500 0000 0000 0004',
  '3400 000000 00009',
  '4222222222222',
  '6011-0000-0000-0004',
  '6304 0000 0000 0000 018',
];

/** Inputs that put a card number into one field of one channel, as the role that may call it. */
function carriers(card: string): { role: string; channel: ChannelName; input: unknown; path: string }[] {
  const inSentence = `Customer read out ${card} over the phone`;
  const lead = leadInput();
  return [
    { role: 'billing_clerk', channel: 'billing.save', input: { accountId, ...address, billingName: card, card: null }, path: 'billingName' },
    { role: 'billing_clerk', channel: 'billing.save', input: { accountId, ...address, addressLine1: inSentence, card: null }, path: 'addressLine1' },
    { role: 'billing_clerk', channel: 'billing.save', input: { accountId, ...address, addressLine2: card, card: null }, path: 'addressLine2' },
    { role: 'billing_clerk', channel: 'billing.save', input: { accountId, ...address, city: card, card: null }, path: 'city' },
    { role: 'customer_service', channel: 'notes.add', input: { accountId, body: inSentence }, path: 'body' },
    { role: 'customer_service', channel: 'notes.update', input: { id: noteId, body: `Card\n${card}\nexp 12/27` }, path: 'body' },
    { role: 'office_staff', channel: 'leads.create', input: { ...lead, name: card }, path: 'name' },
    { role: 'office_staff', channel: 'leads.create', input: { ...lead, company: inSentence }, path: 'company' },
    { role: 'office_staff', channel: 'leads.create', input: { ...lead, notes: inSentence }, path: 'notes' },
    { role: 'office_staff', channel: 'leads.create', input: { ...lead, permission: permission({ confirmation: inSentence }) }, path: 'permission.confirmation' },
    { role: 'office_staff', channel: 'leads.create', input: { ...lead, permission: permission({ obtainedBySelf: false, obtainedByName: card }) }, path: 'permission.obtainedByName' },
    { role: 'office_staff', channel: 'leads.update', input: { id: leadId, name: lead.name, phone: lead.phone, notes: inSentence }, path: 'notes' },
  ];
}

describe('a full card number anywhere is refused, with a clear error, and nothing is stored', () => {
  it.each(CARDS)('%s', async (card) => {
    expect(luhnValid(card.replace(/\D/g, ''))).toBe(true);
    const wrong: string[] = [];
    const before = digest();
    const cases = [
      ...carriers(card),
      { role: 'office_staff', channel: 'customers.register' as ChannelName, input: await registration(`Reg ${card}`), path: 'name' },
      { role: 'booth_staff', channel: 'booth.capture' as ChannelName, input: await entryFor(t, eventId, { answers: { [`q${textQuestion}`]: `My card is ${card}` } }), path: `answers.q${textQuestion}` },
      { role: 'booth_staff', channel: 'booth.capture' as ChannelName, input: await entryFor(t, eventId, { company: card }), path: 'company' },
      { role: 'booth_staff', channel: 'booth.capture' as ChannelName, input: await entryFor(t, eventId, { address: `Street 1\n${card}` }), path: 'address' },
    ];
    for (const c of cases) {
      const r = await t.core.dispatch(c.role, c.channel, c.input);
      if (r.ok) wrong.push(`${c.channel} ${c.path}: accepted`);
      else if (r.error.code !== 'invalid_input' || r.error.message !== CARD_NUMBER_MESSAGE || !r.error.fields?.some((f) => f.path === c.path && f.message === CARD_NUMBER_MESSAGE)) {
        wrong.push(`${c.channel} ${c.path}: ${JSON.stringify(r.error)}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(digest()).toBe(before);
  });

  it('the last-four field takes exactly four digits; a full number there is refused with its own message', async () => {
    const before = digest();
    for (const last4 of ['4111 1111 1111 1111', '4111111111111111', '41111', '411', 'abcd']) {
      const r = await t.call('billing_clerk', 'billing.save', { accountId, ...address, card: { brand: 'visa', last4 } });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('invalid_input');
        expect(r.error.fields?.find((f) => f.path === 'card.last4')?.message).toMatch(/last four digits/);
      }
    }
    expect(digest()).toBe(before);
  });

  it('numbers that are not card numbers are kept (the check is specific)', async () => {
    // Fails the Luhn check; 12 digits; a 20-digit reference; an order number split into small groups.
    const fine = ['4111 1111 1111 1112', '1234 5678 9012', '12345678901234567890', 'Order 12-34-56-78'];
    for (const text of fine) {
      const note = await t.must('customer_service', 'notes.add', { accountId, body: `Reference ${text}` });
      expect(note.body).toBe(`Reference ${text}`);
    }
  });
});

async function registration(name: string): Promise<InputOf<'customers.register'>> {
  const notices = await t.must('office_staff', 'customers.notices', {});
  const version = (id: string) => notices.find((n) => n.id === id)!.version;
  return {
    name,
    email: 'card.person@example.com',
    productId: await product(t),
    birthDate: '1985-03-14',
    marketingOptIn: false,
    registrationNoticeVersion: version('registration'),
    marketingNoticeVersion: version('marketing'),
  };
}
