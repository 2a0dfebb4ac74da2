/**
 * Telemarketing leads (policy 2b): a lead is saved only with a complete express-permission
 * block, the list shows each lead's evidence, managers read without managing, and a lead becomes a
 * registration.
 */
import { expect, test, type E2eApp } from './support/fixtures';

async function openLeads(app: E2eApp, role: 'office_staff' | 'manager' = 'office_staff') {
  await app.signInAs(role);
  await app.openScreen('Leads');
  await expect(app.page.getByRole('heading', { name: 'Telemarketing leads' })).toBeVisible();
}

test('office staff cannot save a lead without the permission block; with it, the list shows the evidence', async ({ app }) => {
  await openLeads(app);
  const page = app.page;
  await page.getByRole('button', { name: 'Add lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add lead' });
  await expect(dialog.getByLabel('Name')).toBeFocused();
  await dialog.getByLabel('Name').fill('Pia Prospect');
  await dialog.getByLabel('Phone').fill('+358 40 123 4567');
  await dialog.getByLabel('Email').fill('pia.prospect@example.com');
  await dialog.getByLabel('Company').fill('Prospect Oy');

  // Contact details alone: nothing is saved, and each missing part of the permission says so.
  await dialog.getByRole('button', { name: 'Save lead' }).click();
  await expect(dialog.getByText('When permission was given is required.')).toBeVisible();
  await expect(dialog.getByText('Choose how permission was given.')).toBeVisible();
  await expect(dialog.getByText(/The prospect['’]s confirmation is required/)).toBeVisible();
  await expect(dialog).toBeVisible();
  const none = await app.callAsPage('leads.list', { status: 'all' });
  expect(none.ok && none.value.leads.length).toBe(0);

  // The block: the caller themself, when, how, the script read out (its text is shown), the prospect's words and tick.
  await expect(dialog.getByLabel('I obtained this permission myself')).toBeChecked();
  await dialog.getByLabel('When permission was given').fill('2025-06-10T14:30');
  await dialog.getByLabel('How permission was given').selectOption({ label: 'During a phone call' });
  await expect(dialog.getByLabel('Script or notice read to the prospect')).toHaveValue('TM-2026-01');
  await expect(dialog.getByRole('note', { name: 'Text of script TM-2026-01' })).toContainText('Do you give us permission to do this?');
  await dialog.getByLabel('Prospect’s confirmation').fill('Yes, you may register me and call me about your products.');
  await dialog.getByLabel('The prospect confirmed that they give this permission').check();
  await dialog.getByLabel('Prospect’s confirmation').press('Tab');
  await dialog.getByLabel('Company').press('Enter');

  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('Lead Pia Prospect saved with its permission evidence.');
  const row = page.getByRole('table', { name: 'Leads' }).getByRole('row', { name: /Pia Prospect/ });
  const evidence = row.getByLabel('Permission evidence for Pia Prospect');
  await expect(evidence).toContainText('During a phone call');
  await expect(evidence).toContainText('Obtained by Test Office staff');
  await expect(evidence).toContainText('Script TM-2026-01');
  await expect(evidence).toContainText('Yes, you may register me and call me about your products.');
  await expect(row).toContainText('pia.prospect@example.com');
});

test('someone else obtained the permission: their name is required and recorded', async ({ app }) => {
  await openLeads(app);
  const page = app.page;
  await page.getByRole('button', { name: 'Add lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add lead' });
  await dialog.getByLabel('Name').fill('Olli Other');
  await dialog.getByLabel('Phone').fill('050 765 4321');
  await dialog.getByLabel('I obtained this permission myself').uncheck();
  await dialog.getByLabel('When permission was given').fill('2025-06-11T09:05');
  await dialog.getByLabel('How permission was given').selectOption({ label: 'Callback request from the prospect' });
  await dialog.getByLabel('Script or notice read to the prospect').selectOption('TM-2026-01-CB');
  await dialog.getByLabel('Prospect’s confirmation').fill('Recording CB-2025-0611-17');
  await dialog.getByLabel('The prospect confirmed that they give this permission').check();
  await dialog.getByRole('button', { name: 'Save lead' }).click();
  await expect(dialog.getByText('Enter who obtained the permission.')).toBeVisible();
  await dialog.getByLabel('Who obtained the permission').fill('Liisa, CallPartner Oy');
  await dialog.getByRole('button', { name: 'Save lead' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByLabel('Permission evidence for Olli Other')).toContainText('Obtained by Liisa, CallPartner Oy');
});

test('a card number in a lead field is refused under that field, and nothing is stored', async ({ app }) => {
  await openLeads(app);
  const page = app.page;
  await page.getByRole('button', { name: 'Add lead' }).click();
  const dialog = page.getByRole('dialog', { name: 'Add lead' });
  await dialog.getByLabel('Name').fill('Card Person');
  await dialog.getByLabel('Phone').fill('+358 40 555 1234');
  await dialog.getByLabel('Notes').fill('Gave card 4111 1111 1111 1111 for the demo');
  await dialog.getByLabel('When permission was given').fill('2025-06-10T14:30');
  await dialog.getByLabel('How permission was given').selectOption({ label: 'During a phone call' });
  await dialog.getByLabel('Prospect’s confirmation').fill('Yes');
  await dialog.getByLabel('The prospect confirmed that they give this permission').check();
  await dialog.getByRole('button', { name: 'Save lead' }).click();
  await expect(dialog.getByText(/looks like a full card number/)).toBeVisible();
  const r = await app.callAsPage('leads.list', { status: 'all' });
  expect(r.ok && r.value.leads.length).toBe(0);
});

test('managers read leads and their evidence, without managing them', async ({ app }) => {
  const office = await app.core.as('office_staff');
  await office.must('leads.create', {
    name: 'Mia Managerview',
    phone: '+358 40 222 3333',
    permission: { obtainedBySelf: true, obtainedAt: '2025-05-01T10:00:00Z', method: 'web_form', scriptVersion: 'TM-2026-01', prospectConfirmed: true, confirmation: 'Ticked the web form box' },
  });
  await openLeads(app, 'manager');
  const page = app.page;
  await expect(page.getByLabel('Permission evidence for Mia Managerview')).toContainText('Web form');
  await expect(page.getByRole('button', { name: 'Add lead' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: /Edit|Convert|Remove/ })).toHaveCount(0);
});

test('a lead is converted into a registration, and then listed as converted', async ({ app }) => {
  const admin = await app.core.as('admin');
  await admin.must('products.create', { name: 'IXO Call Reporter' });
  const office = await app.core.as('office_staff');
  await office.must('leads.create', {
    name: 'Conny Convert',
    phone: '+358 40 444 5555',
    email: 'conny@example.com',
    permission: { obtainedBySelf: true, obtainedAt: '2025-05-01T10:00:00Z', method: 'call', scriptVersion: 'TM-2026-01', prospectConfirmed: true, confirmation: 'Yes, register me' },
  });
  await openLeads(app);
  const page = app.page;
  await page.getByRole('button', { name: 'Convert Conny Convert into a registration' }).click();
  const dialog = page.getByRole('dialog', { name: 'Convert lead into a registration' });
  await dialog.getByLabel('Product').selectOption({ label: 'IXO Call Reporter' });
  await dialog.getByLabel('Date of birth').fill('1980-02-03');
  await expect(dialog.getByRole('note', { name: /Registration notice/ })).toBeVisible();
  await expect(dialog.getByLabel('The prospect asked for marketing email')).not.toBeChecked();
  await dialog.getByRole('button', { name: 'Register customer' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText(/Conny Convert is registered as account \d+/);
  await expect(page.getByRole('row', { name: /Conny Convert/ })).toHaveCount(0);
  await page.getByLabel('Show').selectOption({ label: 'Converted leads' });
  await expect(page.getByRole('row', { name: /Conny Convert/ })).toContainText(/Converted \(account \d+\)/);
});
