import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyRecordPage } from '../../src/main/replica/sync';
import { billingRecordId } from '../../src/main/replica/billing';
import { recordChange, type RecordChange } from '../../src/shared/sync/protocol';
import { uuidV7 } from '../../src/shared/uuid7';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';

/**
 * Received notes, billing profiles and leads that name an account or staff member this device does
 * not hold yet wait, and are written when it arrives, whatever page it comes in (replica/restricted.ts).
 * Driven through applyRecordPage on a real store, without a hub.
 */

const AT = '2026-11-26T10:00:00.000Z';
const NODE = '0190f1a2-0000-7000-8000-00000000beef';
let t: TestCore;
let staffGid: string;

beforeAll(async () => {
  t = await startCore({ clock: manualClock(new Date(AT)) });
  await withStaff(t, ['customer_service', 'billing_clerk']);
  staffGid = t.core.stores!.customers.prepare("SELECT gid FROM staff WHERE display_name = 'Test customer_service'").pluck().get() as string;
});
afterAll(async () => {
  await t.close();
});

let tick = 0;
function change(table: RecordChange['table'], recordId: string, values: Record<string, unknown>): RecordChange {
  const hlc = `${Date.parse(AT).toString(16).padStart(12, '0')}-${(++tick).toString(16).padStart(4, '0')}`;
  const c = { table, recordId, fields: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v, hlc, node: NODE }])) };
  const p = recordChange.safeParse(c);
  if (!p.success) throw new Error(`test change is malformed: ${JSON.stringify(p.error.issues)}`);
  return p.data;
}

const apply = (...items: RecordChange[]) => applyRecordPage(t.core.stores!.customers, { setValue: () => undefined }, 'office', items, new Date(AT));
const count = (sql: string, ...args: unknown[]) => t.core.stores!.customers.prepare(sql).pluck().get(...args) as number;

describe('received records that wait for their account', () => {
  it('a note and a billing profile that arrive before their account are written when it arrives, and wait no longer', async () => {
    const accountGid = uuidV7(Date.parse(AT));
    const noteGid = uuidV7(Date.parse(AT));
    const note = change('notes', noteGid, { account: accountGid, body: 'Arrived first.', createdAt: AT, createdBy: staffGid, updatedAt: AT, updatedBy: staffGid, removed: false });
    const billing = change('billing', billingRecordId(accountGid), {
      account: accountGid,
      billingName: 'Early Bird',
      address: { line1: 'Katu 1', line2: null, postalCode: '00100', city: 'Helsinki', country: 'Finland' },
      card: null,
      updatedAt: AT,
      updatedBy: staffGid,
    });
    apply(note, billing);
    expect(count('SELECT count(*) FROM service_notes WHERE gid = ?', noteGid)).toBe(0);
    expect(count('SELECT count(*) FROM replica_pending')).toBe(2);

    const product = t.core.stores!.customers.prepare('SELECT name FROM products LIMIT 1').pluck().get() as string | undefined;
    const account = change('accounts', accountGid, {
      number: '7-1',
      name: 'Early Bird',
      email: 'early.bird@example.com',
      product: product ?? 'IXO Call Pro',
      language: 'en',
      createdAt: AT,
      createdBy: staffGid,
      opened: 1,
      cancellation: null,
      erasedAt: null,
    });
    apply(account);
    const accountId = count('SELECT id FROM accounts WHERE gid = ?', accountGid);
    expect(t.core.stores!.customers.prepare('SELECT account_id, body FROM service_notes WHERE gid = ?').get(noteGid)).toEqual({ account_id: accountId, body: 'Arrived first.' });
    expect(t.core.stores!.customers.prepare('SELECT billing_name FROM billing_profiles WHERE account_id = ?').pluck().get(accountId)).toBe('Early Bird');
    expect(count('SELECT count(*) FROM replica_pending')).toBe(0);
    // Through the channel too, for the role that may read notes.
    expect((await t.must('customer_service', 'notes.list', { accountId })).map((n) => n.body)).toEqual(['Arrived first.']);
  });

  it('the billing record id is one per account, a valid UUID, the same on every device', () => {
    const gid = uuidV7(0);
    expect(billingRecordId(gid)).toBe(billingRecordId(gid));
    expect(billingRecordId(gid)).not.toBe(billingRecordId(uuidV7(0)));
    expect(recordChange.safeParse({ table: 'billing', recordId: billingRecordId(gid), fields: { card: { value: null, hlc: '000000000001-0000', node: NODE } } }).success).toBe(true);
  });
});
