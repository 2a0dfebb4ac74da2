/**
 * Service notes (policy 2c): customer service keeps notes apart from the account; no other
 * role has the screen or the channel, and the account itself never carries them.
 */
import { expect, test, type E2eApp } from './support/fixtures';

async function seedCustomer(app: E2eApp, name: string, email: string): Promise<number> {
  const admin = await app.core.as('admin');
  const product = await admin.must('products.create', { name: 'IXO Call Reporter' });
  const office = await app.core.as('office_staff');
  const notices = await office.must('customers.notices', {});
  const r = await office.must('customers.register', {
    name,
    email,
    productId: product.id,
    birthDate: '1984-04-04',
    marketingOptIn: false,
    registrationNoticeVersion: notices.find((n) => n.id === 'registration')!.version,
    marketingNoticeVersion: notices.find((n) => n.id === 'marketing')!.version,
  });
  if (r.outcome !== 'registered') throw new Error(r.message);
  return r.account.id;
}

test('customer service finds a customer, adds, edits and removes service notes', async ({ app }) => {
  const accountId = await seedCustomer(app, 'Nora Notesubject', 'nora@example.com');
  await app.signInAs('customer_service');
  await app.openScreen('Service notes');
  const page = app.page;
  await expect(page.getByLabel('Find a customer')).toBeFocused();
  await page.getByLabel('Find a customer').fill('Nora');
  await page.getByLabel('Find a customer').press('Enter');
  await page.getByRole('button', { name: 'Open notes of Nora Notesubject' }).click();
  const section = page.getByRole('region', { name: 'Service notes of Nora Notesubject' });
  await expect(section.getByText('No notes yet.')).toBeVisible();

  await section.getByLabel('New note').fill('Called about the invoice; prefers mornings.');
  await section.getByRole('button', { name: 'Add note' }).click();
  await expect(section.getByRole('status')).toHaveText('Note added.');
  const notes = section.getByRole('list', { name: 'Notes' });
  await expect(notes.getByRole('listitem')).toHaveCount(1);
  await expect(notes).toContainText('Called about the invoice; prefers mornings.');
  await expect(notes).toContainText('by Test Customer service');
  await expect(section.getByLabel('New note')).toHaveValue('');

  // A card number in a note is refused under the field, and nothing is added.
  await section.getByLabel('New note').fill('Card 4111-1111-1111-1111 exp 12/27');
  await section.getByRole('button', { name: 'Add note' }).click();
  await expect(section.getByText(/looks like a full card number/)).toBeVisible();
  await expect(notes.getByRole('listitem')).toHaveCount(1);

  await notes.getByRole('button', { name: /Edit note/ }).click();
  const edit = page.getByRole('dialog', { name: 'Edit note' });
  await edit.getByLabel('Note').fill('Called about the invoice; prefers mornings, before 10.');
  await edit.getByRole('button', { name: 'Save note' }).click();
  await expect(edit).toHaveCount(0);
  await expect(notes).toContainText('before 10.');
  await expect(notes).toContainText('edited');

  // The account view holds none of it.
  const view = await app.callAsPage('customers.get', { id: accountId });
  expect(view.ok).toBe(true);
  expect(JSON.stringify(view)).not.toContain('prefers mornings');

  await notes.getByRole('button', { name: /Remove note/ }).click();
  await page.getByRole('dialog', { name: 'Remove note' }).getByRole('button', { name: 'Remove note' }).click();
  await expect(section.getByText('No notes yet.')).toBeVisible();
});

test('no other role has the screen, and the channel refuses them', async ({ app }) => {
  const accountId = await seedCustomer(app, 'Nora Notesubject', 'nora@example.com');
  const cs = await app.core.as('customer_service');
  await cs.must('notes.add', { accountId, body: 'Private remark for customer service only.' });
  for (const role of ['office_staff', 'manager', 'billing_clerk'] as const) {
    await app.signInAs(role);
    await expect(app.nav.getByRole('button', { name: 'Service notes', exact: true })).toHaveCount(0);
    const r = await app.callAsPage('notes.list', { accountId });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
    expect(JSON.stringify(r)).not.toContain('Private remark');
  }
});
