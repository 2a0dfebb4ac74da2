/**
 * Mail outbox and products: registration mail waits in the outbox without a relay, goes
 * through a real SMTP server on loopback with "Send now", and admins keep the product list.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { seedCustomer, seedProduct } from './customers-helpers';
import { expect, test } from './support/fixtures';

test('registration mail waits without a relay, then goes through a real SMTP server with "Send now"', async ({ app }) => {
  const received: string[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received.push(session.envelope.rcptTo.map((r) => r.address).join(','));
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  try {
    const productId = await seedProduct(app);
    const account = await seedCustomer(app, productId);
    await app.signInAs('office_staff');
    await app.openScreen('Mail outbox');
    const page = app.page;
    await expect(page.getByText('No SMTP relay set')).toBeVisible();
    const table = page.getByRole('table', { name: 'Mail outbox' });
    const row = table.getByRole('row', { name: /maija@example\.com/ });
    await expect(row).toContainText('Pending');
    await expect(row).toContainText(`account ${account.id}`);
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByRole('status')).toContainText('No SMTP relay is set, so nothing was sent.');

    // An admin sets the relay through the app's own core.
    await app.signInAs('admin');
    const set = await app.callAsPage('settings.update', {
      lockAfterMinutes: 15,
      kioskIdleSeconds: 60,
      smtp: { host: '127.0.0.1', port: (server.server.address() as AddressInfo).port, secure: false, user: '', from: 'IXO Systems <no-reply@ixo.fi>' },
    });
    expect(set.ok).toBe(true);
    await app.signInAs('office_staff');
    await app.openScreen('Mail outbox');
    await page.getByRole('button', { name: 'Send now' }).click();
    await expect(page.getByRole('status')).toContainText('Sent 1 of 1.');
    await expect(page.getByRole('table', { name: 'Mail outbox' }).getByRole('row', { name: /maija@example\.com/ })).toContainText('Sent');
    expect(received).toEqual(['maija@example.com']);
    await page.getByText('Sent (1)', { exact: true }).click();
    await expect(page.getByRole('table', { name: 'Mail outbox' }).getByRole('row')).toHaveCount(2);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test('admins add, rename and retire products; a retired product cannot be chosen at registration', async ({ app }) => {
  await app.signInAs('admin');
  await app.openScreen('Products');
  const page = app.page;
  await page.getByRole('button', { name: 'Add product' }).click();
  await expect(page.getByText('Product name is required.')).toBeVisible();
  await page.getByLabel('Product name').fill('IXO Call Pro');
  await page.getByLabel('Product name').press('Enter');
  await expect(page.getByRole('status')).toContainText('IXO Call Pro added.');
  await page.getByLabel('Product name').fill('IXO Fax');
  await page.getByRole('button', { name: 'Add product' }).click();
  await page.getByLabel('Product name').fill('ixo fax');
  await page.getByRole('button', { name: 'Add product' }).click();
  await expect(page.getByText('A product with this name exists.')).toBeVisible();

  await page.getByRole('button', { name: 'Rename IXO Fax' }).click();
  const dialog = page.getByRole('dialog', { name: 'Rename IXO Fax' });
  await dialog.getByLabel('Product name').fill('IXO Fax Classic');
  await dialog.getByRole('button', { name: 'Save name' }).click();
  await expect(page.getByRole('status')).toContainText('Renamed to IXO Fax Classic.');
  await page.getByRole('button', { name: 'Retire IXO Fax Classic' }).click();
  await expect(page.getByRole('table', { name: 'Products' }).getByRole('row', { name: /IXO Fax Classic/ })).toContainText('Retired');

  await app.signInAs('office_staff');
  await app.openScreen('Register customer');
  await page.getByLabel('Date of birth').fill('1980-01-01');
  await page.getByRole('button', { name: 'Continue' }).click();
  // The form loads the products after Continue; toHaveText waits for them, allTextContents would not.
  await expect(page.getByLabel('Product', { exact: true }).locator('option')).toHaveText(['Choose a product…', 'IXO Call Pro']);
});

test('the outbox pages through every message in the core, not only the newest 100', async ({ app }) => {
  // 105 messages straight into the store (registering 105 customers would take minutes), one a minute.
  const db = (await app.core.raw()).stores!.customers;
  const insert = db.prepare(
    "INSERT INTO mail_outbox (id, kind, account_id, to_address, subject, body, status, attempts, created_at, next_attempt_at) VALUES (?, 'registration', NULL, ?, 'Welcome', '', 'pending', 0, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 0; i < 105; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 8, i)).toISOString();
      insert.run(`m${String(i).padStart(3, '0')}`, `person${String(i).padStart(3, '0')}@example.com`, at, at);
    }
  })();
  await app.signInAs('office_staff');
  await app.openScreen('Mail outbox');
  const page = app.page;
  const table = page.getByRole('table', { name: 'Mail outbox' });
  await expect(page.getByText('1–100 of 105')).toBeVisible();
  await expect(table.getByRole('row', { name: /person104@example\.com/ })).toHaveCount(1);
  await expect(table.getByRole('row', { name: /person004@example\.com/ })).toHaveCount(0);

  await page.getByRole('button', { name: 'Next page' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('101–105 of 105')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Page 2' })).toHaveAttribute('aria-current', 'page');
  // The oldest five, newest first.
  await expect(table.getByRole('row')).toHaveCount(6);
  await expect(table.getByRole('row').nth(1)).toContainText('person004@example.com');
  await expect(table.getByRole('row').nth(5)).toContainText('person000@example.com');

  // A filter starts again at its first page.
  await page.getByText('Pending (105)', { exact: true }).click();
  await expect(page.getByText('1–100 of 105')).toBeVisible();
  await expect(table.getByRole('row', { name: /person104@example\.com/ })).toHaveCount(1);
});
