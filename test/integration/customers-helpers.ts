import type { Database } from 'better-sqlite3-multiple-ciphers';
import type { CoreDeps } from '../../src/main/context';
import type { InputOf } from '../../src/shared/contract';
import type { Notice } from '../../src/shared/contract/customers';
import { manualClock, startCore, withStaff, type TestCore } from '../support/core';

export interface CustomersEnv {
  t: TestCore;
  clock: ReturnType<typeof manualClock>;
  productId: number;
  notices: Record<Notice['id'], Notice>;
}

/** A core with office staff, customer service and a manager signed in, and one product. Mail moves only on demand. */
export async function startCustomers(over: Partial<CoreDeps> = {}): Promise<CustomersEnv> {
  const clock = manualClock();
  const t = await startCore({ clock, deviceName: 'test-laptop', mail: { pump: 'manual', random: () => 0.5 }, ...over });
  await withStaff(t, ['office_staff', 'customer_service', 'manager', 'booth_staff', 'billing_clerk']);
  const product = await t.must('admin', 'products.create', { name: 'IXO Call Pro' });
  const list = await t.must('office_staff', 'customers.notices', {});
  const notices = Object.fromEntries(list.filter((n) => n.language === 'en').map((n) => [n.id, n])) as Record<Notice['id'], Notice>;
  return { t, clock, productId: product.id, notices };
}

export function registration(env: CustomersEnv, over: Partial<InputOf<'customers.register'>> = {}): InputOf<'customers.register'> {
  return {
    birthDate: '1980-05-17',
    name: 'Maija Meikäläinen',
    email: 'Maija.Meikalainen@Example.com',
    productId: env.productId,
    marketingOptIn: false,
    registrationNoticeVersion: env.notices.registration.version,
    marketingNoticeVersion: env.notices.marketing.version,
    ...over,
  };
}

export async function registerOk(env: CustomersEnv, over: Partial<InputOf<'customers.register'>> = {}) {
  const r = await env.t.must('office_staff', 'customers.register', registration(env, over));
  if (r.outcome !== 'registered') throw new Error(`registration refused: ${r.message}`);
  return r;
}

export const CUSTOMER_TABLES = ['accounts', 'account_state', 'consent_events', 'suppression', 'mail_outbox', 'optout_imports', 'anonymous_counts', 'audit_log', 'audit_head'] as const;

/** Every row of the customer tables and the audit log, for "nothing changed" comparisons. */
export function snapshot(db: Database, tables: readonly string[] = CUSTOMER_TABLES): Record<string, unknown[]> {
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all()]));
}

export function count(db: Database, sql: string, ...params: unknown[]): number {
  return (db.prepare(sql).get(...params) as { n: number }).n;
}
