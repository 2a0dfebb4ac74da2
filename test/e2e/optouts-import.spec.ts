/**
 * Bulk opt-out import: the renderer reads the file (UTF-8 only), the preview shows matched,
 * unknown, cancelling and invalid rows with reasons, the apply runs in the background with a
 * progress bar and a report, and applying the same file again changes nothing.
 */
import { fileSha256 } from '../../src/main/optouts/import-file';
import { seedCustomer, seedProduct } from './customers-helpers';
import { useLanguage } from './a11y-helpers';
import { expect, test } from './support/fixtures';

const CSV = [
  'email,list,reason,date',
  'maija@example.com,email_marketing,email,2026-01-10',
  'pekka@example.fi,technical_advisories,phone,2026-01-11',
  'nobody@example.net,all,bounce,2026-01-12',
  '=HYPERLINK("http://x"),all,email,2026-01-12',
  'bad-address,all,email,2026-01-12',
].join('\r\n');

test('preview, confirm the cancellation, apply in the background, then apply again with no change', async ({ app }) => {
  const productId = await seedProduct(app);
  const maija = await seedCustomer(app, productId);
  const pekka = await seedCustomer(app, productId, { name: 'Pekka Virtanen', email: 'pekka@example.fi' });
  await app.signInAs('office_staff');
  await app.openScreen('Opt-out import');
  const page = app.page;
  await page.getByLabel('CSV file').setInputFiles({ name: 'optouts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await expect(page.getByText('optouts.csv: 5 rows.')).toBeVisible();
  await page.getByRole('button', { name: 'Preview' }).click();

  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview.getByRole('group', { name: 'Rows in the file' })).toContainText('5');
  await expect(preview.getByRole('group', { name: 'Matched accounts' })).toContainText('2');
  await expect(preview.getByRole('group', { name: 'Unknown emails (to suppress)' })).toContainText('1');
  await expect(preview.getByRole('group', { name: 'Would cancel accounts' })).toContainText('1');
  await expect(preview.getByRole('group', { name: 'Invalid rows' })).toContainText('2');
  await expect(preview.getByRole('table', { name: 'Rows that cancel accounts' })).toContainText('pekka@example.fi');
  await preview.getByRole('tab', { name: /Invalid/ }).click();
  const invalid = preview.getByRole('table', { name: 'Invalid rows' });
  await expect(invalid.getByRole('row', { name: /^5/ })).toContainText('starts with "="');
  await expect(invalid.getByRole('row', { name: /^6/ })).toContainText('Email:');
  await preview.getByRole('tab', { name: /Unknown/ }).click();
  await expect(preview.getByRole('table', { name: 'Unknown emails' })).toContainText('Suppresses the address');
  // Nothing changed yet.
  let view = await app.callAsPage('customers.get', { id: pekka.id });
  expect(view.ok && view.value.status).toBe('active');

  await preview.getByRole('button', { name: 'Apply 3 valid rows' }).click();
  const confirm = page.getByRole('dialog', { name: 'Apply the import?' });
  await expect(confirm).toContainText('This file cancels 1 account');
  await confirm.getByRole('button', { name: 'Apply and cancel the accounts' }).click();
  await expect(page.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  const report = page.getByRole('region', { name: 'Import report' });
  await expect(report.getByRole('status')).toContainText('3 rows changed something, 0 were already in effect, 2 were invalid.');
  await expect(report.getByRole('group', { name: 'Accounts cancelled' })).toContainText('1');
  const history = page.getByRole('table', { name: 'Earlier imports' });
  await expect(history.getByRole('row', { name: /optouts\.csv/ })).toContainText('Finished');
  await expect(history.getByRole('row', { name: /optouts\.csv/ })).toContainText('3 changed, 0 already in effect; 1 account cancelled');

  view = await app.callAsPage('customers.get', { id: pekka.id });
  expect(view.ok && view.value.status).toBe('cancelled');
  view = await app.callAsPage('customers.get', { id: maija.id });
  expect(view.ok && view.value.lists.find((l) => l.list === 'email_marketing')?.subscribed).toBe(false);

  // The same file again: a fresh preview says nothing would change, and the apply changes nothing.
  await page.getByRole('button', { name: 'Preview' }).click();
  await expect(page.getByRole('region', { name: 'Import preview' })).toContainText('3 valid rows are already in effect and will change nothing.');
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Apply 3 valid rows' }).click();
  await expect(page.getByRole('region', { name: 'Import report' }).getByRole('status')).toContainText('0 rows changed something, 3 were already in effect');
});

test('a file that is not UTF-8 is refused with a clear message and nothing is sent', async ({ app }) => {
  await app.signInAs('office_staff');
  await app.openScreen('Opt-out import');
  const page = app.page;
  const latin1 = Buffer.from('email,list,reason,date\nj\xf6rg@example.de,all,email,2026-01-10\n', 'latin1');
  await page.getByLabel('CSV file').setInputFiles({ name: 'latin1.csv', mimeType: 'text/csv', buffer: latin1 });
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('File not accepted');
  await expect(alert).toContainText('not valid UTF-8');
  await expect(page.getByRole('button', { name: 'Preview' })).toBeDisabled();
});

test('an import that stopped part way is named on the screen until the same file is applied again', async ({ app }) => {
  const productId = await seedProduct(app);
  await seedCustomer(app, productId);
  const office = await app.createStaff('office_staff');
  // What the app leaves behind when it is closed during an apply: the import started, never finished,
  // and its task is gone.
  const core = await app.core.raw();
  const db = core.stores!.customers;
  const stoppedId = Number(
    db
      .prepare("INSERT INTO optout_imports (file_name, file_sha256, started_at, staff_id, rows_total, job_id) VALUES ('optouts.csv', ?, '2026-01-13T09:30:00.000Z', ?, 5, 'closed-with-the-app')")
      .run(fileSha256(CSV), office.id).lastInsertRowid,
  );

  await app.signInAs('office_staff');
  await app.openScreen('Opt-out import');
  const page = app.page;
  const notice = page.getByRole('alert').filter({ hasText: `Import ${stoppedId} did not finish` });
  await expect(notice).toContainText('Choose the same file and apply it again to finish');
  const history = page.getByRole('table', { name: 'Earlier imports' });
  await expect(history.getByRole('row', { name: new RegExp(`^${stoppedId}\\b`) })).toContainText('Did not finish');

  await page.getByLabel('CSV file').setInputFiles({ name: 'optouts.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV, 'utf8') });
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('region', { name: 'Import preview' }).getByRole('button', { name: 'Apply 3 valid rows' }).click();
  await expect(page.getByRole('region', { name: 'Import report' }).getByRole('status')).toContainText('finished');
  await expect(history.getByRole('row', { name: new RegExp(`^${stoppedId}\\b`) })).toContainText('Finished by a later import');
  await expect(notice).toHaveCount(0);
});

test('a file refused in the background for a card number in a cell says so, in English and in Finnish', async ({ app }) => {
  await app.signInAs('office_staff');
  await app.openScreen('Opt-out import');
  const page = app.page;
  const withCard = ['email,list,reason,date', 'maija@example.com,email_marketing,4111 1111 1111 1111,2026-01-10'].join('\r\n');
  await page.getByLabel('CSV file').setInputFiles({ name: 'optouts.csv', mimeType: 'text/csv', buffer: Buffer.from(withCard, 'utf8') });
  await page.getByRole('button', { name: 'Preview' }).click();
  const failed = page.getByRole('alert').filter({ hasText: 'Import failed' });
  await expect(failed).toContainText('looks like a full payment card number');
  await expect(failed).toContainText('remove the number from the file');

  await useLanguage(app, 'fi');
  const epaonnistui = page.getByRole('alert').filter({ hasText: 'Tuonti epäonnistui' });
  await expect(epaonnistui).toContainText('näyttää täydeltä maksukortin numerolta');
  await expect(epaonnistui).toContainText('poista numero tiedostosta');
  await useLanguage(app, 'en');
});
