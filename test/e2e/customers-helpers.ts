/** Seed helpers for the customers specs. Setup goes through the core; the specs act through the UI. */
import type { InputOf } from '../../src/shared/contract';
import type { AccountDetail } from '../../src/shared/contract/customers';
import type { E2eApp } from './support/fixtures';

export async function seedProduct(app: E2eApp, name = 'IXO Call Pro'): Promise<number> {
  const admin = await app.core.as('admin');
  return (await admin.must('products.create', { name })).id;
}

export async function seedCustomer(app: E2eApp, productId: number, over: Partial<InputOf<'customers.register'>> = {}): Promise<AccountDetail> {
  const office = await app.core.as('office_staff');
  const notices = await office.must('customers.notices', {});
  const version = (id: string) => notices.find((n) => n.id === id)!.version;
  const r = await office.must('customers.register', {
    birthDate: '1985-03-09',
    name: 'Maija Meikäläinen',
    email: 'maija@example.com',
    productId,
    marketingOptIn: true,
    registrationNoticeVersion: version('registration'),
    marketingNoticeVersion: version('marketing'),
    ...over,
  });
  if (r.outcome !== 'registered') throw new Error('seed registration refused');
  return r.account;
}
