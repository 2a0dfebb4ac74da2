import { SIGN_IN_FAILED } from '../../src/main/auth/handlers';
import { ADMIN, expect, test, TEST_PASSWORD } from './support/fixtures';

test.describe('first run', () => {
  test('asks for the first admin, signs them in, and is not offered again', async ({ app }) => {
    const page = app.page;
    await expect(page.getByRole('heading', { name: 'Set up IXO Back Office' })).toBeVisible();

    await page.getByLabel('Username').fill('boss');
    await page.getByLabel('Display name').fill('Bo Boss');
    await page.getByLabel('Password', { exact: true }).fill(TEST_PASSWORD);
    await page.getByLabel('Confirm password').fill(`${TEST_PASSWORD}!`);
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await expect(page.getByText('Passwords do not match.')).toBeVisible();
    expect((await app.core.must('app.status', {})).state).toBe('first_run');

    await page.getByLabel('Confirm password').fill(TEST_PASSWORD);
    await page.getByLabel('Confirm password').press('Enter');
    await expect(app.nav).toBeVisible();
    await expect(page.getByRole('banner')).toContainText('Bo Boss');
    await expect(page.getByRole('banner')).toContainText('Admin');

    // The core agrees: one admin, named as typed.
    expect((await app.core.must('app.status', {})).state).toBe('ready');
    await app.core.must('auth.signIn', { username: 'boss', password: TEST_PASSWORD });
    const staff = await app.core.must('staff.list', {});
    expect(staff.map((s) => [s.username, s.displayName, s.role])).toEqual([['boss', 'Bo Boss', 'admin']]);

    await app.restart();
    await expect(app.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
    await expect(app.page.getByRole('heading', { name: 'Set up IXO Back Office' })).toHaveCount(0);
  });
});

test.describe('sign-in', () => {
  test('a wrong password and an unknown user get the same generic message', async ({ app }) => {
    await app.ensureAdmin();
    await app.page.reload();
    const page = app.page;
    const alert = page.getByRole('alert');

    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(alert).toContainText(SIGN_IN_FAILED);
    const wrongPassword = await alert.innerText();
    await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');

    await page.getByLabel('Username').fill('nobody-here');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    // Wait for the second answer: the failed attempt is audited, then the same text is shown again.
    await expect.poll(async () => (await (await app.core.as('admin')).must('audit.list', { action: 'auth.sign_in_failed' })).rows.length).toBe(2);
    await expect(alert).toContainText(SIGN_IN_FAILED);
    expect(await alert.innerText()).toBe(wrongPassword);
    await expect(app.nav).toHaveCount(0);

    await app.signIn(ADMIN);
    await expect(page.getByRole('banner')).toContainText(ADMIN.displayName);
  });

  test('sign out returns to the sign-in screen and ends the session in the core', async ({ app }) => {
    await app.signInAs('customer_service');
    await app.signOut();
    await expect(app.page.getByLabel('Username')).toBeVisible();
    await app.page.reload();
    await expect(app.page.getByRole('button', { name: 'Sign in' })).toBeVisible();
  });
});

test.describe('idle lock', () => {
  test('locks after the configured idle time, refuses a wrong password, unlocks with the right one', async ({ app }) => {
    const creds = await app.signInAs('office_staff');
    const { lockAfterMinutes } = await (await app.core.as('admin')).must('settings.get', {});
    const idleMs = lockAfterMinutes * 60_000;
    const page = app.page;
    await page.clock.install();
    await page.reload();
    await expect(app.nav).toBeVisible();
    const lock = page.getByRole('dialog', { name: 'Session locked' });

    // Activity restarts the idle timer.
    await page.clock.fastForward(idleMs - 30_000);
    await page.mouse.move(200, 200);
    await page.keyboard.press('Shift');
    await page.clock.fastForward(idleMs - 30_000);
    await expect(lock).toHaveCount(0);

    await page.clock.fastForward(31_000);
    await expect(lock).toBeVisible();
    await expect(lock).toContainText(creds.displayName);

    await lock.getByLabel('Password', { exact: true }).fill('wrong password');
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(lock.getByRole('alert')).toContainText('That password is not correct.');
    await expect(lock).toBeVisible();

    await lock.getByLabel('Password', { exact: true }).fill(creds.password);
    await lock.getByLabel('Password', { exact: true }).press('Enter');
    await expect(lock).toHaveCount(0);
    await expect(app.nav).toBeVisible();
  });

  test('the Lock button locks at once and the lock survives a reload', async ({ app }) => {
    const creds = await app.signInAs('manager');
    const page = app.page;
    await page.getByRole('banner').getByRole('button', { name: 'Lock' }).click();
    const lock = page.getByRole('dialog', { name: 'Session locked' });
    await expect(lock).toBeVisible();
    await page.reload();
    await expect(lock).toBeVisible();
    await lock.getByLabel('Password', { exact: true }).fill(creds.password);
    await lock.getByRole('button', { name: 'Unlock' }).click();
    await expect(lock).toHaveCount(0);
  });
});
