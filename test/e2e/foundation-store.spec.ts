import fs from 'node:fs';
import { StoreOpenError } from '../../src/main/db/store-error';
import { CONTACT } from '../../src/main/app/handlers';
import { expect, test } from './support/fixtures';

test.describe('store failure', () => {
  test.use({ appOptions: { keychain: 'unavailable' } });

  test('with no system keychain the app says so, says what to do, and creates no file', async ({ app }) => {
    const expected = new StoreOpenError('customers', 'no_keychain').failure;
    const page = app.page;
    await expect(page.getByRole('heading', { name: 'No system keychain' })).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('The system keychain is not available');
    await expect(page.getByRole('region', { name: 'What to do' })).toContainText(expected.action);
    await expect(page.getByText('Nothing has been deleted or overwritten')).toBeVisible();
    await expect(page.getByLabel('Username')).toHaveCount(0);

    await page.getByRole('button', { name: 'Support contact details' }).click();
    const about = page.getByRole('dialog', { name: 'About IXO Back Office' });
    await expect(about).toContainText(CONTACT.email);
    await expect(about).toContainText(CONTACT.phone);

    expect(fs.readdirSync(app.dataDir)).toEqual([]);
  });
});
