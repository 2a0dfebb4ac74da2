/**
 * Opt-out processing (policy 3b): leave one list with reason and date; leaving technical
 * advisories says it cancels the account and asks for confirmation; an unknown address goes on
 * the suppression list.
 */
import { seedCustomer, seedProduct } from './customers-helpers';
import { expect, test } from './support/fixtures';

test('leaving email marketing keeps the account; leaving technical advisories cancels it only after confirmation', async ({ app }) => {
  const productId = await seedProduct(app);
  const maija = await seedCustomer(app, productId);
  await app.signInAs('office_staff');
  await app.openScreen('Opt-outs');
  const page = app.page;
  await page.getByLabel('Email', { exact: true }).fill('Maija@Example.com');
  await page.getByLabel('Email', { exact: true }).press('Enter');
  const found = page.getByRole('region', { name: 'Account found' });
  await expect(found).toContainText(`Account ${maija.id}`);

  await page.getByLabel('Email marketing').check();
  await page.getByLabel('Reason').selectOption({ label: 'Mail bounced' });
  await page.getByLabel('Date of the request').fill('2026-01-05');
  await page.getByRole('button', { name: 'Unsubscribe' }).click();
  await expect(page.getByRole('status')).toContainText('Unsubscribed from: Email marketing.');
  await expect(found.getByRole('table', { name: 'Current lists' }).getByRole('row', { name: /Email marketing/ })).toContainText('Not subscribed');

  await page.getByLabel('Technical advisories').check();
  await expect(page.getByRole('alert')).toContainText(`Leaving technical advisories cancels account ${maija.id}`);
  await page.getByLabel('Reason').selectOption({ label: 'Customer asked by phone' });
  await page.getByRole('button', { name: 'Cancel account and unsubscribe…' }).click();
  const confirm = page.getByRole('dialog', { name: `Cancel account ${maija.id}?` });
  await expect(confirm).toContainText('unsubscribed from all three lists and closed');
  await confirm.getByRole('button', { name: 'Keep the account' }).click();
  await expect(confirm).toHaveCount(0);
  let view = await app.callAsPage('customers.get', { id: maija.id });
  expect(view.ok && view.value.status).toBe('active');

  await page.getByRole('button', { name: 'Cancel account and unsubscribe…' }).click();
  await page.getByRole('dialog', { name: `Cancel account ${maija.id}?` }).getByRole('button', { name: 'Cancel the account' }).click();
  await expect(page.getByRole('status')).toContainText(`Account ${maija.id} was cancelled and unsubscribed from all three lists.`);
  await expect(found).toContainText('Cancelled');
  view = await app.callAsPage('customers.get', { id: maija.id });
  expect(view.ok && view.value.status).toBe('cancelled');
  expect(view.ok && view.value.cancelReason).toBe('phone');
  expect(view.ok && view.value.lists.every((l) => !l.subscribed)).toBe(true);
});

test('an address with no account goes on the suppression list; "Other" needs a note', async ({ app }) => {
  await seedProduct(app);
  await app.signInAs('office_staff');
  await app.openScreen('Opt-outs');
  const page = app.page;
  await page.getByLabel('Email', { exact: true }).fill('not-an-email');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByText('An email address needs an @, as in name@example.com.')).toBeVisible();

  await page.getByLabel('Email', { exact: true }).fill('stranger@example.org');
  await page.getByRole('button', { name: 'Find' }).click();
  await expect(page.getByRole('region', { name: 'No account found' })).toContainText('suppression list');
  await page.getByRole('button', { name: 'Add to suppression list' }).click();
  await expect(page.getByText('Choose at least one list.')).toBeVisible();
  await expect(page.getByText('Choose a reason.')).toBeVisible();
  for (const list of ['Technical advisories', 'Call detail reports', 'Email marketing']) await page.getByLabel(list).check();
  await page.getByLabel('Reason').selectOption({ label: 'Other' });
  await page.getByRole('button', { name: 'Add to suppression list' }).click();
  await expect(page.getByText('Describe the reason when choosing "Other".')).toBeVisible();
  await page.getByLabel('Note').fill('Asked at the front desk');
  await page.getByRole('button', { name: 'Add to suppression list' }).click();
  await expect(page.getByRole('status')).toContainText('No account has stranger@example.org; the opt-out is kept on the suppression list.');
  await expect(page.getByRole('region', { name: 'No account found' })).toContainText('Already suppressed: Technical advisories, Call detail reports, Email marketing.');

  const core = await app.core.raw();
  // One entry for the address, with a bit for each of the three lists.
  expect(core.stores!.customers.prepare('SELECT lists FROM suppression').pluck().all()).toEqual([7]);
  expect(JSON.stringify(core.stores!.customers.prepare('SELECT * FROM suppression').all())).not.toContain('stranger');
});
