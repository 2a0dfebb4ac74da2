import { ROLE_LABELS, ROLES } from '../../src/shared/roles';
import { expect, staffCredentials, test } from './support/fixtures';
import { loadScreens, screensFor } from './support/screens';

test('the admin creates one staff member per role, and each sees exactly their role\'s screens', async ({ app }) => {
  const screens = await loadScreens();
  const page = app.page;
  await app.signInAs('admin');
  await app.openScreen('Staff');
  const table = page.getByRole('table', { name: 'Staff accounts' });

  for (const role of ROLES.filter((r) => r !== 'admin')) {
    await test.step(`create ${role} through the Staff screen`, async () => {
      const c = staffCredentials(role);
      await page.getByRole('button', { name: 'Add staff member' }).click();
      const dialog = page.getByRole('dialog', { name: 'Add staff member' });
      await dialog.getByLabel('Username').fill(c.username);
      await dialog.getByLabel('Display name').fill(c.displayName);
      await dialog.getByLabel('Role').selectOption({ label: ROLE_LABELS[role] });
      await dialog.getByLabel('Password', { exact: true }).fill(c.password);
      await dialog.getByLabel('Confirm password').fill(c.password);
      await dialog.getByRole('button', { name: 'Create staff member' }).click();
      await expect(dialog).toHaveCount(0);
      await expect(page.getByRole('status')).toContainText(`Created ${c.displayName} (${ROLE_LABELS[role]}).`);
      await expect(table.getByRole('row', { name: new RegExp(c.username) })).toContainText(ROLE_LABELS[role]);
    });
  }
  const listed = await (await app.core.as('admin')).must('staff.list', {});
  expect(listed.map((s) => s.role).sort()).toEqual([...ROLES].sort());

  for (const role of ROLES) {
    await test.step(`${role} sees only their screens`, async () => {
      const c = staffCredentials(role);
      await app.signOut();
      await app.signIn(c);
      await expect(page.getByRole('banner')).toContainText(ROLE_LABELS[role]);
      const expected = screensFor(screens, role).map((s) => s.label);
      expect(expected.length, `${role} must see at least one screen`).toBeGreaterThan(0);
      const entries = app.nav.getByRole('button');
      await expect(entries).toHaveCount(expected.length);
      expect((await entries.allInnerTexts()).map((t) => t.trim()).sort()).toEqual([...expected].sort());
      // Every screen the role may use opens (its entry becomes the current page).
      for (const label of expected) {
        await app.openScreen(label);
        await expect(app.nav.getByRole('button', { name: label, exact: true })).toHaveAttribute('aria-current', 'page');
      }
    });
  }
});
