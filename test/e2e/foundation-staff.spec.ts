import { ROLE_LABELS } from '../../src/shared/roles';
import { ADMIN, expect, test, TEST_PASSWORD } from './support/fixtures';

test.describe('staff admin', () => {
  test('the only active admin cannot be disabled or demoted, and the screen says why', async ({ app }) => {
    await app.signInAs('admin');
    await app.openScreen('Staff');
    const page = app.page;

    await page.getByRole('button', { name: `Disable ${ADMIN.displayName}` }).click();
    const disable = page.getByRole('dialog', { name: 'Disable staff member' });
    await disable.getByRole('button', { name: 'Disable' }).click();
    await expect(disable.getByRole('alert')).toContainText('only active admin');
    await disable.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: `Change role of ${ADMIN.displayName}` }).click();
    const role = page.getByRole('dialog', { name: 'Change role' });
    await role.getByLabel('Role').selectOption({ label: ROLE_LABELS.manager });
    await role.getByRole('button', { name: 'Save role' }).click();
    await expect(role.getByRole('alert')).toContainText('only active admin');
    await role.getByRole('button', { name: 'Cancel' }).click();

    const me = (await (await app.core.as('admin')).must('staff.list', {})).find((s) => s.username === ADMIN.username)!;
    expect([me.role, me.disabled]).toEqual(['admin', false]);
  });

  test('change role, disable, enable and reset password take effect for the staff member', async ({ app }) => {
    const clerk = await app.createStaff('billing_clerk');
    await app.signInAs('admin');
    await app.openScreen('Staff');
    const page = app.page;
    const row = page.getByRole('table', { name: 'Staff accounts' }).getByRole('row', { name: new RegExp(clerk.username) });

    await page.getByRole('button', { name: `Change role of ${clerk.displayName}` }).click();
    const roleDialog = page.getByRole('dialog', { name: 'Change role' });
    await roleDialog.getByLabel('Role').selectOption({ label: ROLE_LABELS.customer_service });
    await roleDialog.getByRole('button', { name: 'Save role' }).click();
    await expect(page.getByRole('status')).toContainText(`${clerk.displayName} is now ${ROLE_LABELS.customer_service}.`);
    await expect(row).toContainText(ROLE_LABELS.customer_service);

    await page.getByRole('button', { name: `Disable ${clerk.displayName}` }).click();
    const disable = page.getByRole('dialog', { name: 'Disable staff member' });
    await disable.getByRole('button', { name: 'Disable' }).click();
    await expect(disable).toHaveCount(0);
    await expect(row).toContainText('Disabled');
    const signInDisabled = await app.core.call('auth.signIn', { username: clerk.username, password: clerk.password });
    expect(signInDisabled.ok).toBe(false);

    await page.getByRole('button', { name: `Enable ${clerk.displayName}` }).click();
    await expect(row).toContainText('Active');

    const newPassword = `${TEST_PASSWORD} renewed`;
    await page.getByRole('button', { name: `Reset password of ${clerk.displayName}` }).click();
    const reset = page.getByRole('dialog', { name: 'Reset password' });
    await reset.getByLabel('New password', { exact: true }).fill('short');
    await reset.getByLabel('Confirm new password').fill('short');
    await reset.getByRole('button', { name: 'Set password' }).click();
    await expect(reset.getByText('Password must be at least')).toBeVisible();
    await reset.getByLabel('New password', { exact: true }).fill(newPassword);
    await reset.getByLabel('Confirm new password').fill(newPassword);
    await reset.getByRole('button', { name: 'Set password' }).click();
    await expect(reset).toHaveCount(0);

    await app.signOut();
    await app.signIn({ username: clerk.username, password: newPassword });
    await expect(page.getByRole('banner')).toContainText(ROLE_LABELS.customer_service);
  });

  test('a taken username is shown under the field', async ({ app }) => {
    const existing = await app.createStaff('office_staff');
    await app.signInAs('admin');
    await app.openScreen('Staff');
    const page = app.page;
    await page.getByRole('button', { name: 'Add staff member' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add staff member' });
    await dialog.getByLabel('Username').fill(existing.username);
    await dialog.getByLabel('Display name').fill('Someone Else');
    await dialog.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await dialog.getByLabel('Confirm password').fill(TEST_PASSWORD);
    await dialog.getByRole('button', { name: 'Create staff member' }).click();
    await expect(dialog.getByText('This username is taken.')).toBeVisible();
    await expect(dialog.getByLabel('Username')).toHaveAttribute('aria-invalid', 'true');
  });
});
