/**
 * The booth kiosk is held by the core, not by the page: a reload (or a renderer that crashed and
 * was reloaded) comes back into the kiosk, never into the staff screens, and only a staff password
 * ends it.
 */
import { expect, test, TEST_PASSWORD } from './support/fixtures';
import { businessDay } from './support/business-day';


test('a reloaded kiosk window comes back into the kiosk, and leaving still needs a staff password', async ({ app }) => {
  const manager = await app.core.as('manager');
  await manager.must('events.create', {
    name: 'Tampere Expo',
    startsOn: businessDay(),
    endsOn: businessDay(1),
    location: 'Tampere',
    acceptDuplicates: false,
    rulesText: { fi: 'One entry per person.', en: 'One entry per person.' },
    noticeText: { fi: 'IXO Systems may email you news. Unsubscribe at any time.', en: 'IXO Systems may email you news. Unsubscribe at any time.' },
  });
  await app.signInAs('booth_staff');
  await app.openScreen('Booth');
  await app.page.getByRole('radio', { name: 'Tampere Expo' }).check();
  await app.page.getByRole('button', { name: 'Start kiosk' }).click();
  const kiosk = app.page.getByRole('dialog', { name: 'Tampere Expo' });
  await expect(kiosk).toBeVisible();

  await app.page.reload();
  await expect(kiosk).toBeVisible();
  await expect(app.nav).toHaveCount(0);

  await kiosk.getByRole('button', { name: 'Staff: leave kiosk' }).click();
  const exit = app.page.getByRole('dialog', { name: 'Leave kiosk mode' });
  await exit.getByLabel('Staff username').fill('booth-staff');
  await exit.getByLabel('Staff password').fill(TEST_PASSWORD);
  await exit.getByLabel('Staff password').press('Enter');
  await expect(kiosk).toHaveCount(0);
  await expect(app.nav).toBeVisible();
  await expect(app.page.getByRole('status')).toContainText('Kiosk mode ended.');
});
