/**
 * Keyboard use: the skip link, the show-password button in the tab order, visible focus on text
 * fields, and dialogs that keep focus inside while open and give it back when they close. Every
 * step here is a key press; the mouse is never used.
 */
import type { Locator, Page } from '@playwright/test';
import { LAPTOP } from './support/axe';
import { seedShowcase } from './a11y-helpers';
import { ADMIN, expect, test } from './support/fixtures';

const isFocused = (l: Locator) => l.evaluate((el) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement);

/** Presses Tab until `target` has the focus (at most `max` times); fails if it never does. */
async function tabTo(page: Page, target: Locator, max = 40): Promise<number> {
  for (let i = 0; i < max; i++) {
    if (await isFocused(target)) return i;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${target.toString()}`);
}

test.beforeEach(async ({ app }) => {
  await app.page.setViewportSize(LAPTOP);
});

test('signing in from the keyboard: the show-password button is reached with Tab and works', async ({ app }) => {
  await app.ensureAdmin();
  const page = app.page;
  await page.reload();
  const password = page.getByLabel('Password', { exact: true });
  await tabTo(page, page.getByLabel('Username'));
  await page.keyboard.type(ADMIN.username);
  await page.keyboard.press('Tab');
  await expect(password).toBeFocused();
  await page.keyboard.type(ADMIN.password);
  await expect(password).toHaveAttribute('type', 'password');
  await page.keyboard.press('Tab');
  const toggle = page.getByRole('button', { name: 'Toggle password visibility' });
  await expect(toggle).toBeFocused();
  await page.keyboard.press('Space');
  await expect(password).toHaveAttribute('type', 'text');
  await password.focus();
  await page.keyboard.press('Enter');
  await expect(app.nav).toBeVisible();
});

test('the skip link comes first, shows when focused, and moves focus to the screen', async ({ app }) => {
  await app.signInAs('office_staff');
  const page = app.page;
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await tabTo(page, skip, 80);
  await expect(skip).toBeInViewport();
  // Nothing that takes focus comes before it.
  const first = await page.evaluate<string>(
    "(() => { const el = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].find((e) => e.tabIndex >= 0 && e.offsetParent !== null || e === document.activeElement); return el ? el.textContent.trim() : ''; })()",
  );
  expect(first).toBe('Skip to main content');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
  // The next Tab goes into the screen, not back to the header or the navigation.
  await page.keyboard.press('Tab');
  const inMain = await page.evaluate<boolean>("document.querySelector('main').contains(document.activeElement)");
  expect(inMain).toBe(true);
});

test('a focused text field shows a 2px ring, not only a colour change', async ({ app }) => {
  await app.ensureAdmin();
  const page = app.page;
  await page.reload();
  const username = page.getByLabel('Username');
  await tabTo(page, username);
  const outline = await page.evaluate<{ style: string; width: number }>(
    '(() => { const s = getComputedStyle(document.activeElement); return { style: s.outlineStyle, width: parseFloat(s.outlineWidth) }; })()',
  );
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
});

test('a dialog keeps the focus inside, has a named close button, and gives the focus back', async ({ app }) => {
  await app.signInAs('admin');
  const page = app.page;
  await tabTo(page, app.nav.getByRole('button', { name: 'Staff', exact: true }));
  await page.keyboard.press('Enter');
  const opener = page.getByRole('button', { name: 'Add staff member' });
  await tabTo(page, opener);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add staff member' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Close' })).toBeVisible();
  for (let i = 0; i < 15; i++) {
    await page.keyboard.press('Tab');
    const inside = await page.evaluate<boolean>("document.querySelector('[role=dialog]').contains(document.activeElement)");
    expect(inside, `focus left the dialog after ${i + 1} Tab presses`).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(opener).toBeFocused();
});

/** Every visible control of the kiosk (a check box or radio by its label, which is what a finger hits) under 44 px high. */
async function smallTargets(kiosk: Locator): Promise<string[]> {
  const controls = kiosk.locator('button:visible, input:visible:not([type=checkbox]):not([type=radio]), select:visible, textarea:visible, label:has(input[type=checkbox]):visible, label:has(input[type=radio]):visible');
  const small: string[] = [];
  for (const c of await controls.all()) {
    const box = await c.boundingBox();
    if (box && box.height < 44) small.push(`${(await c.getAttribute('aria-label')) ?? (await c.innerText()).slice(0, 40)} (${Math.round(box.height)} px)`);
  }
  return small;
}

test('the kiosk at 1366×768: on every step Next or Send is in view without scrolling, and every control is at least 44 px high', async ({ app }) => {
  test.setTimeout(120_000);
  await seedShowcase(app);
  await app.signInAs('booth_staff');
  const page = app.page;
  await app.openScreen('Booth');
  await page.getByRole('radio', { name: 'Helsinki Tech Fair' }).check();
  await page.getByRole('button', { name: 'Start kiosk' }).click();
  const kiosk = page.getByRole('dialog', { name: 'Helsinki Tech Fair' });
  await expect(kiosk).toBeVisible();
  const step = kiosk.getByRole('list', { name: 'Steps' }).locator('[aria-current=step]');
  const next = kiosk.getByRole('button', { name: 'Next' });
  const report: Record<string, string[]> = {};

  await expect(kiosk.getByRole('button', { name: 'Continue' })).toBeInViewport();
  report['birth date'] = await smallTargets(kiosk);
  await kiosk.getByLabel('Day').fill('1');
  await kiosk.getByLabel('Month').fill('1');
  await kiosk.getByLabel('Year').fill('1980');
  await kiosk.getByRole('button', { name: 'Continue' }).click();

  await expect(step).toContainText('Your details');
  await expect(next).toBeInViewport();
  report['details'] = await smallTargets(kiosk);
  await kiosk.getByLabel('Name', { exact: true }).fill('Erkki Esimerkki');
  await kiosk.getByLabel('Email', { exact: true }).fill('erkki.e@example.com');
  await next.click();

  await expect(step).toContainText('Survey');
  await expect(next).toBeInViewport();
  report['survey'] = await smallTargets(kiosk);
  await next.click();

  await expect(step).toContainText('Rules and consent');
  await expect(kiosk.getByRole('button', { name: 'Send my entry' })).toBeInViewport();
  report['rules and consent'] = await smallTargets(kiosk);

  const lines = Object.entries(report).flatMap(([where, small]) => small.map((s) => `${where}: ${s}`));
  expect(lines, `touch targets under 44 px:\n${lines.join('\n')}`).toEqual([]);
});

test('the kiosk from the keyboard: the staff exit is reached with Tab and opens with Enter; leaving it puts the focus back', async ({ app }) => {
  await seedShowcase(app);
  await app.signInAs('booth_staff');
  const page = app.page;
  await app.openScreen('Booth');
  await page.getByRole('radio', { name: 'Helsinki Tech Fair' }).check();
  await page.getByRole('button', { name: 'Start kiosk' }).click();
  const kiosk = page.getByRole('dialog', { name: 'Helsinki Tech Fair' });
  await expect(kiosk.getByLabel('Day')).toBeFocused();
  const leave = kiosk.getByRole('button', { name: 'Staff: leave kiosk' });
  await tabTo(page, leave);
  await page.keyboard.press('Enter');
  const exit = page.getByRole('dialog', { name: 'Leave kiosk mode' });
  await expect(exit.getByLabel('Staff username')).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(exit).toHaveCount(0);
  await expect(leave).toBeFocused();
  await expect(kiosk).toBeVisible();
});
