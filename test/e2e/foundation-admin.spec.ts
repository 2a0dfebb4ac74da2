import { expect, test, TEST_PASSWORD } from './support/fixtures';

test.describe('audit log screen', () => {
  test('lists sign-ins and staff changes, filters reads, and the verifier reports the log intact', async ({ app }) => {
    await app.createStaff('manager');
    await app.signInAs('admin');
    await app.openScreen('Audit log');
    const page = app.page;
    const table = page.getByRole('table', { name: 'Audit log entries' });
    await expect(table.getByRole('row').filter({ hasText: 'signed in' }).first()).toBeVisible();
    await expect(table.getByRole('row').filter({ hasText: 'created staff account' }).first()).toBeVisible();

    await page.getByRole('button', { name: 'Verify the log' }).click();
    const ok = page.getByRole('status').filter({ hasText: 'The audit log is intact' });
    await expect(ok).toBeVisible();
    // The verifier checked every row that existed before its own row was appended.
    const db = (await app.core.raw()).stores!.customers;
    const { rows } = db.prepare("SELECT count(*) AS rows FROM audit_log WHERE seq < (SELECT max(seq) FROM audit_log WHERE action = 'audit.verify')").get() as { rows: number };
    await expect(ok).toContainText(`All ${rows.toLocaleString('en-US')} rows were checked`);
    await expect(table.getByRole('row').filter({ hasText: 'verified the audit log' })).toHaveCount(1);

    await page.getByRole('switch', { name: 'Reads of personal data only' }).check();
    await expect(page.getByText('No reads of personal data have been recorded.')).toBeVisible();
    await expect(table.getByRole('row')).toHaveCount(1); // the header row only
  });

  test('the verifier names the first altered row', async ({ app }) => {
    await app.createStaff('office_staff');
    await app.signInAs('admin');
    const db = (await app.core.raw()).stores!.customers;
    db.exec(`DROP TRIGGER audit_log_no_update; UPDATE audit_log SET details = '{"role":"admin"}' WHERE seq = 2;`);
    await app.openScreen('Audit log');
    await app.page.getByRole('button', { name: 'Verify the log' }).click();
    const alert = app.page.getByRole('alert').filter({ hasText: 'The audit log has been tampered with' });
    await expect(alert).toContainText('Row 2 was altered');
  });

  test('pages through a long log', async ({ app }) => {
    const admin = await app.core.as('admin');
    // Each verification appends one row: enough of them fill more than one page.
    for (let i = 0; i < 60; i++) await admin.must('audit.verify', {});
    await app.signInAs('admin');
    await app.openScreen('Audit log');
    const page = app.page;
    const table = page.getByRole('table', { name: 'Audit log entries' });
    const newest = (await admin.must('audit.list', { limit: 1 })).rows[0]!.seq;
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(String(newest));
    await page.getByRole('button', { name: 'Older' }).click();
    await expect(page.getByText('Page 2')).toBeVisible();
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(String(newest - 50));
    await page.getByRole('button', { name: 'Newer' }).click();
    await expect(table.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(String(newest));
  });
});

test.describe('settings screen', () => {
  test('saves the lock time and SMTP relay; the password is write-only', async ({ app }) => {
    await app.signInAs('admin');
    await app.openScreen('Settings');
    const page = app.page;

    await page.getByLabel('Lock after idle time (minutes)').fill('0');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByText('At least 1 minute.')).toBeVisible();

    await page.getByLabel('Lock after idle time (minutes)').fill('12');
    await page.getByLabel('Booth kiosk idle reset (seconds)').fill('90');
    await page.getByLabel('SMTP host').fill('smtp.example.test');
    await page.getByLabel('SMTP port').fill('465');
    await page.getByRole('switch', { name: /Use TLS from the start/ }).check();
    await page.getByLabel('SMTP user name').fill('mailer');
    await page.getByLabel('SMTP password', { exact: true }).fill('relay secret 1');
    await page.getByLabel('From address').fill('IXO <no-reply@example.test>');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toContainText('Settings saved.');
    await expect(page.getByLabel('SMTP password', { exact: true })).toHaveValue('');

    expect(await app.callAsPage('settings.get', {})).toEqual({
      ok: true,
      value: {
        lockAfterMinutes: 12,
        kioskIdleSeconds: 90,
        businessTimeZone: 'Europe/Helsinki',
        smtp: { host: 'smtp.example.test', port: 465, secure: true, user: 'mailer', from: 'IXO <no-reply@example.test>', hasPassword: true },
      },
    });
    // The session picked up the new lock time.
    expect(await app.callAsPage('auth.session', {})).toMatchObject({ ok: true, value: { lockAfterMs: 12 * 60_000 } });

    await page.reload();
    await app.openScreen('Settings');
    await expect(page.getByLabel('SMTP host')).toHaveValue('smtp.example.test');
    await expect(page.getByText('A password is stored in the system keychain.')).toBeVisible();
    await page.getByRole('checkbox', { name: 'Remove the stored SMTP password' }).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.getByRole('status')).toContainText('Settings saved.');
    expect(await app.callAsPage('settings.get', {})).toMatchObject({ ok: true, value: { smtp: { hasPassword: false } } });
  });
});

test('a staff member changes their own password from the header', async ({ app }) => {
  const creds = await app.signInAs('office_staff');
  const page = app.page;
  await page.getByRole('banner').getByRole('button', { name: 'Change password' }).click();
  const dialog = page.getByRole('dialog', { name: 'Change your password' });
  await dialog.getByLabel('Current password').fill('not my password');
  await dialog.getByLabel('New password', { exact: true }).fill(`${TEST_PASSWORD} 2`);
  await dialog.getByLabel('Confirm new password').fill(`${TEST_PASSWORD} 2`);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog.getByText('The current password is not correct.')).toBeVisible();
  await dialog.getByLabel('Current password').fill(creds.password);
  await dialog.getByRole('button', { name: 'Change password' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByRole('status')).toContainText('Your password was changed.');
  await app.signOut();
  await app.signIn({ username: creds.username, password: `${TEST_PASSWORD} 2` });
});
