/**
 * Accounts: search by email, name or id; the account view with status, product, list
 * states and the full consent history; every view audited; a re-subscription is a new consent.
 */
import { seedCustomer, seedProduct } from './customers-helpers';
import { expect, test } from './support/fixtures';

test('customer service find an account by email, name or id and read its consent history; each view is audited', async ({ app }) => {
  const productId = await seedProduct(app);
  const maija = await seedCustomer(app, productId);
  await seedCustomer(app, productId, { name: 'Pekka Virtanen', email: 'pekka@example.fi', marketingOptIn: false });
  await app.signInAs('customer_service');
  await app.openScreen('Accounts');
  const page = app.page;
  const search = page.getByLabel('Search accounts');

  await search.fill('pekka');
  await search.press('Enter');
  await expect(page.getByRole('region', { name: /^Account \d+$/ })).toContainText('Pekka Virtanen');

  await search.fill(String(maija.id));
  await search.press('Enter');
  const view = page.getByRole('region', { name: `Account ${maija.id}` });
  await expect(view).toContainText('Maija Meikäläinen');
  await expect(view.getByLabel('Status: Active')).toBeVisible();
  await expect(view).toContainText('IXO Call Pro');
  const lists = view.getByRole('table', { name: 'Mailing lists' });
  for (const list of ['Technical advisories', 'Call detail reports', 'Email marketing']) {
    await expect(lists.getByRole('row', { name: new RegExp(list) })).toContainText('Subscribed');
  }
  const history = view.getByRole('table', { name: 'Consent history' });
  await expect(history.getByRole('row')).toHaveCount(4);
  await expect(history).toContainText('Registration form');
  await expect(history).toContainText('registration v1');
  await expect(history).toContainText('marketing v1');
  await expect(history).toContainText('Test Office staff');
  // Customer service only read: no actions on the lists.
  await expect(view.getByRole('button', { name: /Re-subscribe/ })).toHaveCount(0);

  await search.fill('MAIJA@example.com');
  await search.press('Enter');
  await expect(view).toBeVisible();

  const core = await app.core.raw();
  const views = core.stores!.customers.prepare("SELECT count(*) FROM audit_log WHERE action = 'read.account' AND subject_id = ?").pluck().get(String(maija.id));
  expect(views).toBe(2);
  const audits = JSON.stringify(core.stores!.customers.prepare("SELECT details FROM audit_log WHERE action LIKE 'read.%'").all());
  expect(audits).not.toMatch(/maija|pekka/i);
});

test('office staff re-subscribe a list only with a new explicit consent citing the notice', async ({ app }) => {
  const productId = await seedProduct(app);
  const maija = await seedCustomer(app, productId);
  const office = await app.core.as('office_staff');
  await office.must('optouts.process', { email: 'maija@example.com', lists: ['call_detail_reports'], reason: 'email', requestedOn: '2026-01-02' });
  await app.signInAs('office_staff');
  await app.openScreen('Accounts');
  const page = app.page;
  await page.getByLabel('Search accounts').fill('maija@example.com');
  await page.getByLabel('Search accounts').press('Enter');
  const view = page.getByRole('region', { name: `Account ${maija.id}` });
  await expect(view.getByRole('table', { name: 'Mailing lists' }).getByRole('row', { name: /Call detail reports/ })).toContainText('Not subscribed');

  await view.getByRole('button', { name: 'Re-subscribe: Call detail reports' }).click();
  const dialog = page.getByRole('dialog', { name: 'Re-subscribe: Call detail reports' });
  await expect(dialog.getByRole('note', { name: 'Notice text' })).toContainText('call detail report');
  await dialog.getByLabel('How the customer asked').selectOption({ label: 'Phone' });
  await dialog.getByRole('button', { name: 'Record consent and re-subscribe' }).click();
  await expect(dialog.getByRole('alert')).toContainText('Confirm that the customer agreed');
  await dialog.getByLabel('The customer agreed to this notice text now').check();
  await dialog.getByRole('button', { name: 'Record consent and re-subscribe' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('The new consent was recorded');
  await expect(view.getByRole('table', { name: 'Mailing lists' }).getByRole('row', { name: /Call detail reports/ })).toContainText('Subscribed');
  const last = view.getByRole('table', { name: 'Consent history' }).getByRole('row').last();
  await expect(last).toContainText('Phone');
  await expect(last).toContainText('registration v1');
});
