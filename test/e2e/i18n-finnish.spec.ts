/**
 * Finnish and English: a staff member switches the app to Finnish and works in it. Navigation,
 * a form's field error, a date and plurals all follow the language.
 */
import { seedProduct } from './customers-helpers';
import { expect, test } from './support/fixtures';


test('office staff switch to Finnish: navigation, a field error, a date and plurals are Finnish', async ({ app }) => {
  await seedProduct(app);
  await app.signInAs('office_staff');
  const page = app.page;

  // English is the default here (the browser's language); the switch names each language in itself.
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await page.getByRole('radiogroup', { name: 'Language' }).getByText('Suomi').click();
  const nav = page.getByRole('navigation', { name: 'Päävalikko' });
  await expect(nav).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Rekisteröi asiakas' })).toBeVisible();
  await expect(nav.getByRole('button', { name: 'Kieltojen tuonti' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Kirjaudu ulos' })).toBeVisible();

  // Registration: the date is typed in Finnish order, and an empty name gets a Finnish field error.
  await nav.getByRole('button', { name: 'Rekisteröi asiakas' }).click();
  await expect(page.getByRole('heading', { name: 'Rekisteröi asiakas' })).toBeVisible();
  const dob = page.getByLabel('Syntymäaika');
  await expect(dob).toHaveAttribute('placeholder', 'pp.kk.vvvv');
  await dob.fill('17.5.1980');
  await page.getByRole('button', { name: 'Jatka' }).click();
  await page.getByRole('button', { name: 'Rekisteröi', exact: true }).click();
  await expect(page.getByText('Tämä kenttä on pakollinen.').first()).toBeVisible();
  await page.getByLabel('Nimi', { exact: true }).fill('Matti Mäkinen');
  await page.getByLabel('Sähköposti', { exact: true }).fill('matti.makinen@example.fi');
  await page.getByLabel('Tuote', { exact: true }).selectOption({ label: 'IXO Call Pro' });
  await page.getByRole('button', { name: 'Rekisteröi', exact: true }).click();
  await expect(page.getByRole('status')).toContainText(/Asiakas rekisteröity: tili \d+\./);

  // The account list shows the registration date as 6.12.2026 would be written, in Helsinki time.
  await nav.getByRole('button', { name: 'Asiakastilit' }).click();
  await page.getByLabel('Hae tilejä').fill('matti.makinen@example.fi');
  await page.getByRole('button', { name: 'Hae', exact: true }).click();
  const today = new Intl.DateTimeFormat('fi-FI', { timeZone: 'Europe/Helsinki', day: 'numeric', month: 'numeric', year: 'numeric' }).format(new Date());
  const found = page.getByRole('table', { name: 'Löydetyt tilit' });
  await expect(found.getByRole('row', { name: /Matti Mäkinen/ })).toContainText(today);
  expect(today).toMatch(/^\d{1,2}\.\d{1,2}\.\d{4}$/);

  // Plurals: one row and two rows, the Finnish way.
  await nav.getByRole('button', { name: 'Kieltojen tuonti' }).click();
  const file = page.getByLabel('CSV-tiedosto');
  await file.setInputFiles({ name: 'yksi.csv', mimeType: 'text/csv', buffer: Buffer.from('email,list,reason,date\na@example.fi,email_marketing,email,2026-01-10\n', 'utf8') });
  await expect(page.getByText('yksi.csv: 1 rivi.')).toBeVisible();
  await file.setInputFiles({ name: 'kaksi.csv', mimeType: 'text/csv', buffer: Buffer.from('email,list,reason,date\na@example.fi,email_marketing,email,2026-01-10\nb@example.fi,all,phone,2026-01-11\n', 'utf8') });
  await expect(page.getByText('kaksi.csv: 2 riviä.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Esikatsele' })).toBeEnabled();

  // Back to English: the same screen in English at once.
  await page.getByRole('radiogroup', { name: 'Kieli' }).getByText('English').click();
  await expect(page.getByRole('navigation', { name: 'Main navigation' })).toBeVisible();
  await expect(page.getByText('kaksi.csv: 2 rows.')).toBeVisible();
});

test('the language picked on the sign-in card is saved for the staff member at sign-in', async ({ app }) => {
  const creds = await app.createStaff('office_staff');
  const page = app.page;
  await page.reload();
  await page.getByRole('radiogroup', { name: 'Language' }).getByText('Suomi').click();
  await page.getByLabel('Käyttäjätunnus').fill(creds.username);
  await page.getByLabel('Salasana', { exact: true }).fill(creds.password);
  await page.getByRole('button', { name: 'Kirjaudu', exact: true }).click();
  await expect(page.getByRole('navigation', { name: 'Päävalikko' })).toBeVisible();
  const stored = async () => (await app.core.raw()).stores!.customers.prepare('SELECT language FROM staff WHERE username = ?').pluck().get(creds.username);
  expect(await stored()).toBe('fi');
});
