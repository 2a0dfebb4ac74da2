/**
 * Registration (policy 2a, 3a, 6): the neutral birth-date step, per-field messages, the
 * marketing opt-in unchecked with its notice, a refused child with nothing kept, and a duplicate
 * email pointing to the existing account.
 */
import { seedCustomer, seedProduct } from './customers-helpers';
import { expect, test } from './support/fixtures';

test('office staff register a customer from the keyboard; the account has the two service lists and no marketing', async ({ app }) => {
  await seedProduct(app);
  await app.signInAs('office_staff');
  await app.openScreen('Register customer');
  const page = app.page;
  await expect(page.getByRole('heading', { name: 'Register a customer' })).toBeVisible();
  const dob = page.getByLabel('Date of birth');
  // The question is neutral: nothing on the step mentions an age limit.
  await expect(page.getByRole('main')).not.toContainText(/13|thirteen|years old|too young/i);
  await dob.fill('1980-05-17');
  await dob.press('Enter');

  const name = page.getByLabel('Name', { exact: true });
  await expect(name).toBeFocused();
  await name.fill('Maija Meikäläinen');
  await page.getByLabel('Email', { exact: true }).fill('Maija@Example.com');
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'IXO Call Pro' });
  const marketing = page.getByLabel(/Email marketing/);
  await expect(marketing).not.toBeChecked();
  await expect(page.getByRole('note', { name: 'Registration notice' })).toContainText('technical advisories');
  await expect(page.locator('#marketing-notice')).toContainText('unsubscribe at any time');
  await page.getByLabel('Email', { exact: true }).press('Enter');

  const status = page.getByRole('status');
  await expect(status).toContainText(/Customer registered: account \d+\. The registration email is in the mail outbox\./);
  const id = Number(/account (\d+)/.exec((await status.textContent()) ?? '')![1]);
  const account = await app.callAsPage('customers.get', { id });
  expect(account.ok).toBe(true);
  if (!account.ok) return;
  expect(account.value.email).toBe('Maija@Example.com');
  expect(Object.fromEntries(account.value.lists.map((l) => [l.list, l.subscribed]))).toEqual({ technical_advisories: true, call_detail_reports: true, email_marketing: false });
  expect(account.value.registrationEmail?.status).toBe('pending');

  // "Register another" starts again from the birth date with nothing filled in.
  await page.getByRole('button', { name: 'Register another customer' }).click();
  await expect(page.getByLabel('Date of birth')).toHaveValue('');
});

test('each field says what is wrong, and nothing is saved', async ({ app }) => {
  await seedProduct(app);
  await app.signInAs('office_staff');
  await app.openScreen('Register customer');
  const page = app.page;
  await page.getByLabel('Date of birth').fill('1990-01-01');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByText('Name is required.')).toBeVisible();
  await expect(page.getByText('Enter an email address.')).toBeVisible();
  await expect(page.getByText('Choose a product.')).toBeVisible();

  await page.getByLabel('Name', { exact: true }).fill('<script>alert(1)</script>');
  for (const [bad, message] of [
    ['a@@example.com', 'An email address has exactly one @.'],
    ['someone.example.com', 'An email address needs an @, as in name@example.com.'],
    ['someone@exa_mple.com', 'The domain after the @ may contain only letters, digits, hyphens and dots, as in example.com.'],
  ] as const) {
    await page.getByLabel('Email', { exact: true }).fill(bad);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await expect(page.getByText(message)).toBeVisible();
  }
  const found = await app.callAsPage('customers.search', { query: 'script' });
  expect(found.ok && found.value.length).toBe(0);
});

test('under 13: a neutral refusal, no way back to change the date, and only an anonymous count is kept', async ({ app }) => {
  await seedProduct(app);
  await app.signInAs('office_staff');
  await app.openScreen('Register customer');
  const page = app.page;
  const now = new Date();
  const child = `${now.getFullYear() - 9}-01-15`;
  await page.getByLabel('Date of birth').fill(child);
  await page.getByRole('button', { name: 'Continue' }).click();
  const refusal = page.getByRole('status');
  await expect(refusal).toContainText('We cannot complete this registration');
  await expect(refusal).not.toContainText(/13|age|old|young|child/i);
  // No name or email fields ever appear, and there is no control to go back to the date.
  await expect(page.getByLabel('Name', { exact: true })).toHaveCount(0);
  await expect(page.getByLabel('Date of birth')).toHaveCount(0);
  await page.getByRole('button', { name: 'Start a new registration' }).click();
  await expect(page.getByLabel('Date of birth')).toHaveValue('');

  const core = await app.core.raw();
  const db = core.stores!.customers;
  expect(db.prepare('SELECT * FROM anonymous_counts').all()).toEqual([{ name: 'registration_refused_age', count: 1 }]);
  expect(db.prepare('SELECT count(*) FROM accounts').pluck().get()).toBe(0);
  expect(JSON.stringify(db.prepare('SELECT * FROM audit_log').all())).not.toContain(child);
});

test('an email that is already registered points to the existing account instead of making a second one', async ({ app }) => {
  const productId = await seedProduct(app);
  const existing = await seedCustomer(app, productId);
  await app.signInAs('office_staff');
  await app.openScreen('Register customer');
  const page = app.page;
  await page.getByLabel('Date of birth').fill('1975-10-10');
  await page.getByRole('button', { name: 'Continue' }).click();
  await page.getByLabel('Name', { exact: true }).fill('Someone Else');
  await page.getByLabel('Email', { exact: true }).fill(' MAIJA@example.com');
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'IXO Call Pro' });
  await page.getByRole('button', { name: 'Register', exact: true }).click();
  await expect(page.getByText(`Already registered to account ${existing.id}.`, { exact: true })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('one email never gets a second account');
  await page.getByRole('button', { name: `Open account ${existing.id}` }).click();
  const drawer = page.getByRole('dialog', { name: `Account ${existing.id}` });
  await expect(drawer.getByRole('table', { name: 'Consent history' })).toContainText('Registration form');
  await expect(drawer).toContainText('Maija Meikäläinen');
  const all = await app.callAsPage('customers.search', { query: 'maija@example.com' });
  expect(all.ok && all.value.map((a) => a.id)).toEqual([existing.id]);
});

test('choosing Finnish as the customer language shows the Finnish notices, and the consent cites the Finnish versions', async ({ app }) => {
  await seedProduct(app);
  await app.signInAs('office_staff');
  await app.openScreen('Register customer');
  const page = app.page;
  const dob = page.getByLabel('Date of birth');
  await dob.fill('1975-03-02');
  await dob.press('Enter');
  await page.getByLabel('Name', { exact: true }).fill('Matti Mäkinen');
  await page.getByLabel('Email', { exact: true }).fill('matti@example.fi');
  await page.getByLabel('Product', { exact: true }).selectOption({ label: 'IXO Call Pro' });
  await page.getByLabel("Customer's language").selectOption('fi');
  const notice = page.getByRole('note', { name: 'Registration notice' });
  await expect(notice).toContainText('Tekniset tiedotteet kuuluvat palveluun');
  await expect(notice).not.toContainText('Technical advisories are part of the service');
  await expect(notice.locator('[lang="fi"]')).toHaveCount(1);
  await expect(page.locator('#marketing-notice')).toContainText('Voit perua tilauksen milloin tahansa');
  await page.getByLabel(/Email marketing/).check();
  await page.getByRole('button', { name: 'Register', exact: true }).click();

  const status = page.getByRole('status');
  await expect(status).toContainText(/Customer registered: account \d+\./);
  const id = Number(/account (\d+)/.exec((await status.textContent()) ?? '')![1]);
  const account = await app.callAsPage('customers.get', { id });
  expect(account.ok).toBe(true);
  if (!account.ok) return;
  expect(account.value.language).toBe('fi');
  expect(account.value.history.map((e) => `${e.list}:${e.notice?.id}:${e.notice?.version}`).sort()).toEqual([
    'call_detail_reports:registration:v1-fi',
    'email_marketing:marketing:v1-fi',
    'technical_advisories:registration:v1-fi',
  ]);
});
