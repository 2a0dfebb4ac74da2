/**
 * Billing (policy 4): billing clerks keep the billing address and the card's brand and last
 * four digits; a full card number is refused with a clear message wherever it is typed.
 */
import { expect, test, type E2eApp } from './support/fixtures';

async function seedCustomer(app: E2eApp): Promise<number> {
  const admin = await app.core.as('admin');
  const product = await admin.must('products.create', { name: 'IXO Call Reporter' });
  const office = await app.core.as('office_staff');
  const notices = await office.must('customers.notices', {});
  const r = await office.must('customers.register', {
    name: 'Bea Billing',
    email: 'bea@example.com',
    productId: product.id,
    birthDate: '1984-04-04',
    marketingOptIn: false,
    registrationNoticeVersion: notices.find((n) => n.id === 'registration')!.version,
    marketingNoticeVersion: notices.find((n) => n.id === 'marketing')!.version,
  });
  if (r.outcome !== 'registered') throw new Error(r.message);
  return r.account.id;
}

test('a billing clerk records the address and the card as brand and last four digits only', async ({ app }) => {
  const accountId = await seedCustomer(app);
  await app.signInAs('billing_clerk');
  // Billing clerks see billing and nothing else about customers.
  await expect(app.nav.getByRole('button', { name: 'Billing', exact: true })).toBeVisible();
  await expect(app.nav.getByRole('button', { name: 'Service notes', exact: true })).toHaveCount(0);
  await app.openScreen('Billing');
  const page = app.page;

  await page.getByLabel('Customer email').fill('nobody@example.com');
  await page.getByLabel('Customer email').press('Enter');
  await expect(page.getByText('No customer account has this email.')).toBeVisible();

  await page.getByLabel('Customer email').fill('BEA@example.com');
  await page.getByRole('button', { name: 'Find' }).click();
  const card = page.getByRole('region', { name: 'Billing details of Bea Billing' });
  await expect(card.getByText('No billing details yet.')).toBeVisible();
  await expect(card.getByLabel('Billing name')).toHaveValue('Bea Billing');
  await card.getByLabel('Street address').fill('Aleksanterinkatu 52');
  await card.getByLabel('Postal code').fill('00100');
  await card.getByLabel('City').fill('Helsinki');
  await card.getByLabel('Country').fill('Finland');
  await card.getByLabel('Card on file').check();
  await card.getByLabel('Card brand').selectOption({ label: 'Visa' });

  // The whole card number in the last-four field: refused, with the reason.
  await card.getByLabel('Last four digits').fill('4111 1111 1111 1111');
  await card.getByRole('button', { name: 'Save billing details' }).click();
  await expect(card.getByText('Enter only the last four digits of the card, never the full number.')).toBeVisible();

  // A card number typed into an address field: refused by the core, shown under that field.
  await card.getByLabel('Last four digits').fill('4242');
  await card.getByLabel('Address line 2').fill('c/o 4111111111111111');
  await card.getByRole('button', { name: 'Save billing details' }).click();
  await expect(card.getByText(/looks like a full card number/)).toBeVisible();
  const stored = await app.callAsPage('billing.get', { accountId });
  expect(stored.ok && stored.value.billing).toBeNull();

  await card.getByLabel('Address line 2').fill('');
  await card.getByRole('button', { name: 'Save billing details' }).click();
  await expect(page.getByRole('status')).toHaveText('Billing details saved.');
  await expect(page.getByRole('region', { name: 'Billing details of Bea Billing' })).toContainText('Card on file: Visa ending 4242');
  const saved = await app.callAsPage('billing.get', { accountId });
  expect(saved.ok && saved.value.billing).toMatchObject({ addressLine1: 'Aleksanterinkatu 52', city: 'Helsinki', card: { brand: 'visa', last4: '4242' } });
});

test('other roles have no billing screen and the channel refuses them', async ({ app }) => {
  const accountId = await seedCustomer(app);
  for (const role of ['office_staff', 'customer_service', 'manager'] as const) {
    await app.signInAs(role);
    await expect(app.nav.getByRole('button', { name: 'Billing', exact: true })).toHaveCount(0);
    const r = await app.callAsPage('billing.get', { accountId });
    expect(r.ok ? 'ok' : r.error.code).toBe('forbidden');
  }
});
