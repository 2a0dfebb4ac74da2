/**
 * Data subject requests and the access log (managers): look up a person, save their data
 * as JSON and as a readable document through the save dialog, see who read their data, erase it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type E2eApp } from './support/fixtures';

const PERSON = { name: 'Saara Subject', email: 'saara@example.com' };

async function seedPerson(app: E2eApp): Promise<number> {
  const admin = await app.core.as('admin');
  const product = await admin.must('products.create', { name: 'IXO Call Reporter' });
  const office = await app.core.as('office_staff');
  const notices = await office.must('customers.notices', {});
  const r = await office.must('customers.register', {
    ...PERSON,
    productId: product.id,
    birthDate: '1984-04-04',
    marketingOptIn: true,
    registrationNoticeVersion: notices.find((n) => n.id === 'registration')!.version,
    marketingNoticeVersion: notices.find((n) => n.id === 'marketing')!.version,
  });
  if (r.outcome !== 'registered') throw new Error(r.message);
  const accountId = r.account.id;
  await office.must('leads.create', {
    name: PERSON.name,
    phone: '+358 40 111 2222',
    email: PERSON.email,
    permission: { obtainedBySelf: true, obtainedAt: '2025-05-01T10:00:00Z', method: 'call', scriptVersion: 'TM-2026-01', prospectConfirmed: true, confirmation: 'Yes' },
  });
  const cs = await app.core.as('customer_service');
  await cs.must('notes.add', { accountId, body: 'Saara asked about invoices.' });
  await cs.must('notes.list', { accountId });
  const clerk = await app.core.as('billing_clerk');
  await clerk.must('billing.save', { accountId, billingName: PERSON.name, addressLine1: 'Runeberginkatu 5', postalCode: '00100', city: 'Helsinki', country: 'Finland', card: { brand: 'visa', last4: '4242' } });
  await clerk.must('billing.get', { accountId });
  return accountId;
}

async function lookUp(app: E2eApp) {
  await app.openScreen('Data requests');
  const page = app.page;
  await page.getByLabel('Email').fill(PERSON.email);
  await page.getByLabel('Request reference').fill('DSR-2026-014');
  await page.getByLabel('Request reference').press('Enter');
  return page.getByRole('region', { name: 'What is stored' });
}

test('a manager exports everything about a person, as JSON and as a readable document', async ({ app }) => {
  const accountId = await seedPerson(app);
  await app.signInAs('manager');
  const stored = await lookUp(app);
  const counts = stored.getByRole('table', { name: 'Records found' });
  await expect(counts.getByRole('row', { name: 'Service notes' })).toContainText('1');
  await expect(counts.getByRole('row', { name: 'Billing details' })).toContainText('1');
  await expect(counts.getByRole('row', { name: 'Telemarketing leads' })).toContainText('1');
  await expect(counts.getByRole('row', { name: 'Mailing lists subscribed' })).toContainText('3');
  // Nothing of the notes' text is shown to the manager on screen.
  await expect(app.page.getByText('Saara asked about invoices.')).toHaveCount(0);

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ixo-dsr-e2e-'));
  await app.setSavePath(path.join(dir, 'saara.json'));
  await stored.getByRole('button', { name: 'Save as JSON…' }).click();
  await expect(app.page.getByRole('status')).toContainText('Saved saara.json');
  const doc = JSON.parse(fs.readFileSync(path.join(dir, 'saara.json'), 'utf8')) as { account: { id: number; email: string }; serviceNotes: { body: string }[]; billing: { card: string }; leads: unknown[] };
  expect(doc.account).toMatchObject({ id: accountId, email: PERSON.email });
  expect(doc.serviceNotes.map((n) => n.body)).toEqual(['Saara asked about invoices.']);
  expect(doc.billing.card).toBe('Visa ending 4242');
  expect(doc.leads).toHaveLength(1);

  await app.setSavePath(path.join(dir, 'saara.html'));
  await stored.getByRole('button', { name: 'Save readable document…' }).click();
  await expect(app.page.getByRole('status')).toContainText('Saved saara.html');
  const html = fs.readFileSync(path.join(dir, 'saara.html'), 'utf8');
  expect(html).toContain('<h2>Customer service notes</h2>');
  expect(html).toContain('Saara asked about invoices.');
  if (app.mode === 'bridge') {
    // The main process chose the path through its own dialog; the renderer never sent one.
    expect((await app.saveDialogs()).map((d) => d.defaultName)).toEqual(['data-access-DSR-2026-014.json', 'data-access-DSR-2026-014.html']);
  }

  await app.setSavePath(null);
  await stored.getByRole('button', { name: 'Save as JSON…' }).click();
  await expect(app.page.getByRole('status')).toContainText('Not saved: the save dialog was cancelled.');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the access log shows who read the person\'s account, billing and notes', async ({ app }) => {
  await seedPerson(app);
  await app.signInAs('manager');
  await app.openScreen('Access log');
  const page = app.page;
  const table = page.getByRole('table', { name: 'Reads of personal data' });
  await expect(table.getByRole('row', { name: /viewed the billing details of account \d+/ }).first()).toBeVisible();
  await page.getByLabel('Person’s email').fill(PERSON.email);
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await expect(table.getByRole('row', { name: /Test S\. viewed the service notes of account \d+/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /Test C\. viewed the billing details of account \d+/ })).toHaveCount(1);
  // Rows hold ids, never the person's name or email.
  await expect(table).not.toContainText(PERSON.email);
  await expect(table).not.toContainText(PERSON.name);
});

test('a manager erases a person after confirming, and the lookup then finds nothing', async ({ app }) => {
  await seedPerson(app);
  await app.signInAs('manager');
  const stored = await lookUp(app);
  await stored.getByRole('button', { name: 'Erase…' }).click();
  const dialog = app.page.getByRole('dialog', { name: "Erase this person's data" });
  await expect(dialog).toContainText('This cannot be undone');
  await dialog.getByLabel('How did the person ask?').selectOption({ label: 'By email' });
  await dialog.getByLabel('Type the email again to confirm').fill('someone.else@example.com');
  await dialog.getByRole('button', { name: 'Erase permanently' }).click();
  await expect(dialog.getByText('Type the same email again to confirm.')).toBeVisible();
  await dialog.getByLabel('Type the email again to confirm').fill(PERSON.email);
  await dialog.getByRole('button', { name: 'Erase permanently' }).click();
  await expect(dialog).toHaveCount(0);
  const done = app.page.getByRole('status');
  await expect(done).toContainText('0 contest entries, 1 lead, 1 service note, 1 billing record, 1 email');
  await expect(done).toContainText('no deleted bytes remain on disk');

  await app.page.getByRole('button', { name: 'Look up' }).click();
  await expect(app.page.getByRole('region', { name: 'What is stored' })).toContainText('Nothing personal is stored about this person');
  await expect(app.page.getByRole('button', { name: 'Erase…' })).toBeDisabled();
});
