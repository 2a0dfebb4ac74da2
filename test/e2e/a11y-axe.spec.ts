/**
 * Every screen passes axe (WCAG 2.0 A/AA, WCAG 2.1 AA, best practice) for every role that can open
 * it, empty and with data, at 1366×768, in every language of the app. Each test collects the
 * findings of all its screens first and fails once with the full list, so one run shows them all.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { can, ROLES, type Permission, type Role } from '../../src/shared/roles';
import { axeFindings, countNodes, LAPTOP, type AxeFinding } from './support/axe';
import { expect, test, type E2eApp } from './support/fixtures';
import { loadScreens, screensFor } from './support/screens';
import { en } from '../../src/renderer/src/i18n/messages/en';
import { fi } from '../../src/renderer/src/i18n/messages/fi';
import { seedShowcase, useLanguage, LANGUAGES, type Language } from './a11y-helpers';

const MESSAGES = { en, fi } as const;
type MessageKey = keyof typeof en;

type Report = Record<string, AxeFinding[]>;

// The longest file of the suite: its tests are independent (each gets its own context and core), so
// they are shared out over the workers instead of all running in one.
test.describe.configure({ mode: 'parallel' });

async function check(app: E2eApp, report: Report, where: string): Promise<void> {
  report[where] = await axeFindings(app.page);
}

function assertClean(report: Report, testInfo: { annotations: { type: string; description?: string }[] }): void {
  const lines: string[] = [];
  for (const [where, findings] of Object.entries(report)) {
    testInfo.annotations.push({ type: 'axe', description: `${where}: ${countNodes(findings)}` });
    for (const f of findings) lines.push(`${where}: ${f.rule} (${f.impact}) ×${f.nodes}\n    ${f.targets.join('\n    ')}`);
  }
  expect(lines, `axe violations:\n${lines.join('\n')}`).toEqual([]);
}

/** Waits until the screen has drawn its heading and nothing in it is still loading. */
async function settle(app: E2eApp, id: string): Promise<void> {
  const main = app.page.getByRole('main');
  await expect(main.getByRole('heading', { level: 2 }).first(), `${id}: heading`).toBeVisible();
  // A screen may start a background task on opening (Reports does); on a busy machine it takes a while.
  await expect(main.locator('.mantine-Loader-root').filter({ visible: true }), `${id}: still loading`).toHaveCount(0, { timeout: 45_000 });
}

type Words = (key: MessageKey, values?: Record<string, string>) => string;

/** The catalogue's own wording in one language, so the spec finds buttons and dialogs in either. */
function wordsOf(lang: Language): Words {
  return (key, values) => String(new IntlMessageFormat(MESSAGES[lang][key], lang).format(values));
}

/**
 * The dialogs and drawers a screen opens, each checked open and then closed with Escape. With the
 * showcase data, a role holding `needs` must find the opener: a missing one is a failure, not a skip.
 */
const DIALOGS: Record<string, { needs: Permission; open: (w: Words) => string; dialog: (w: Words) => string }[]> = {
  events: [
    { needs: 'events.manage', open: (w) => w('events.new'), dialog: (w) => w('events.new') },
    { needs: 'events.manage', open: (w) => w('events.editName', { name: 'Helsinki Tech Fair' }), dialog: () => 'Helsinki Tech Fair' },
  ],
  entries: [{ needs: 'entries.read', open: (w) => w('entries.viewOf', { name: 'Erkki Esimerkki' }), dialog: (w) => w('entries.entry') }],
  leads: [
    { needs: 'leads.manage', open: (w) => w('leads.add'), dialog: (w) => w('leads.add') },
    { needs: 'leads.manage', open: (w) => w('events.editName', { name: 'Mia Lead' }), dialog: (w) => w('leads.edit') },
    { needs: 'leads.manage', open: (w) => w('leads.convertName', { name: 'Mia Lead' }), dialog: (w) => w('leads.convertTitle') },
    { needs: 'leads.manage', open: (w) => w('leads.removeName', { name: 'Mia Lead' }), dialog: (w) => w('leads.remove') },
  ],
  staff: [{ needs: 'staff.manage', open: (w) => w('staff.add'), dialog: (w) => w('staff.add') }],
  products: [{ needs: 'products.manage', open: (w) => w('products.renameName', { name: 'IXO Call Pro' }), dialog: (w) => w('products.renameName', { name: 'IXO Call Pro' }) }],
};

async function checkDialogs(app: E2eApp, report: Report, id: string, role: Role, lang: Language): Promise<void> {
  const w = wordsOf(lang);
  for (const d of DIALOGS[id] ?? []) {
    const name = d.open(w);
    const opener = app.page.getByRole('main').getByRole('button', { name, exact: true });
    if ((await opener.count()) === 0) {
      expect(can(role, d.needs), `${id}: no button "${name}" for ${role}`).toBe(false);
      continue;
    }
    await opener.first().click();
    const dialog = app.page.getByRole('dialog', { name: d.dialog(w) });
    await expect(dialog).toBeVisible();
    await check(app, report, `${id} › ${name}`);
    await app.page.keyboard.press('Escape');
    await expect(dialog).toHaveCount(0);
  }
}

// The scans run axe in the page itself (no cross-origin frames here): this proves such a scan sees
// what it must, on a real screen with broken elements added to it.
test('the check reports a missing label, a nameless button and low contrast on a real screen', async ({ app }) => {
  await app.page.setViewportSize(LAPTOP);
  await app.signInAs('admin');
  await app.page.getByRole('main').evaluate((main) => {
    // Runs in the page; this config type-checks without the DOM library.
    (main as unknown as { insertAdjacentHTML(where: string, html: string): void }).insertAdjacentHTML(
      'beforeend',
      '<input type="text"><button type="button"></button><p style="color:#bbb;background:#fff">Faint words</p>',
    );
  });
  const rules = (await axeFindings(app.page)).map((f) => f.rule);
  expect(rules).toEqual(expect.arrayContaining(['label', 'button-name', 'color-contrast']));
});

for (const lang of LANGUAGES) {
  test.describe(`axe (${lang})`, () => {
    test.beforeEach(async ({ app }) => {
      test.setTimeout(420_000);
      await app.page.setViewportSize(LAPTOP);
    });

    test(`signed-out screens (${lang})`, async ({ app }, testInfo) => {
      const m = MESSAGES[lang];
      const report: Report = {};
      await useLanguage(app, lang);
      await expect(app.page.getByRole('button', { name: m['auth.firstRun.submit'] })).toBeVisible();
      await check(app, report, 'first run');
      const admin = await app.ensureAdmin();
      await app.page.reload();
      await expect(app.page.getByRole('button', { name: en['auth.signIn.submit'] })).toBeVisible();
      await useLanguage(app, lang);
      await expect(app.page.getByRole('button', { name: m['auth.signIn.submit'] })).toBeVisible();
      await check(app, report, 'sign in');
      await useLanguage(app, 'en');
      await app.signIn(admin);
      await useLanguage(app, lang);
      await app.page.getByRole('banner').getByRole('button', { name: m['shell.lock'] }).click();
      await expect(app.page.getByRole('dialog', { name: m['auth.lock.title'] })).toBeVisible();
      await check(app, report, 'lock screen');
      assertClean(report, testInfo);
    });

    for (const withData of [false, true]) {
      for (const role of ROLES) {
        test(`${role}, ${withData ? 'with data' : 'empty'} (${lang}): every screen`, async ({ app }, testInfo) => {
          const screens = screensFor(await loadScreens(), role);
          if (withData) await seedShowcase(app);
          await app.signInAs(role);
          await useLanguage(app, lang);
          const report: Report = {};
          for (const s of screens) {
            await app.openScreen(s.labels[lang]);
            await expect(app.nav.getByRole('button', { name: s.labels[lang], exact: true })).toHaveAttribute('aria-current', 'page');
            await settle(app, s.id);
            await check(app, report, s.id);
            if (withData) await checkDialogs(app, report, s.id, role, lang);
          }
          assertClean(report, testInfo);
        });
      }
    }

    test(`the booth kiosk, every step (${lang})`, async ({ app }, testInfo) => {
      const m = MESSAGES[lang];
      await seedShowcase(app);
      await app.signInAs('booth_staff' satisfies Role);
      await useLanguage(app, lang);
      const report: Report = {};
      await app.openScreen(m['nav.booth']);
      await app.page.getByRole('radio', { name: 'Helsinki Tech Fair' }).check();
      await app.page.getByRole('button', { name: m['booth.start'] }).click();
      const kiosk = app.page.getByRole('dialog', { name: 'Helsinki Tech Fair' });
      await expect(kiosk).toBeVisible();
      const step = kiosk.getByRole('list', { name: m['kiosk.steps.label'] }).locator('[aria-current=step]');
      const next = kiosk.getByRole('button', { name: m['kiosk.form.next'] });

      await expect(step).toContainText(m['kiosk.steps.birthDate']);
      await check(app, report, 'kiosk: birth date');
      await kiosk.getByRole('button', { name: m['kiosk.age.continue'] }).click();
      await expect(kiosk.getByRole('alert')).toBeVisible();
      await check(app, report, 'kiosk: birth date, with a problem');
      await kiosk.getByLabel(m['kiosk.age.day']).fill('1');
      await kiosk.getByLabel(m['kiosk.age.month']).fill('1');
      await kiosk.getByLabel(m['kiosk.age.year']).fill('1980');
      await kiosk.getByRole('button', { name: m['kiosk.age.continue'] }).click();

      await expect(step).toContainText(m['kiosk.steps.details']);
      await check(app, report, 'kiosk: details');
      await next.click();
      await expect(kiosk.getByLabel(m['kiosk.form.name'], { exact: true })).toHaveAttribute('aria-invalid', 'true');
      await check(app, report, 'kiosk: details, with problems');
      await kiosk.getByLabel(m['kiosk.form.name'], { exact: true }).fill('Erkki Esimerkki');
      await kiosk.getByLabel(m['kiosk.form.email'], { exact: true }).fill('erkki.e@example.com');
      await next.click();

      await expect(step).toContainText(m['kiosk.steps.survey']);
      await check(app, report, 'kiosk: survey');
      await next.click();

      await expect(step).toContainText(m['kiosk.steps.rules']);
      await kiosk.getByRole('button', { name: m['kiosk.form.submit'] }).click();
      await expect(kiosk.getByText(m['kiosk.form.acceptRulesRequired'])).toBeVisible();
      await check(app, report, 'kiosk: rules and consent, with a problem');

      await kiosk.getByRole('button', { name: m['kiosk.staffLeave'] }).click();
      const exit = app.page.getByRole('dialog', { name: m['kiosk.exit.title'] });
      await expect(exit).toBeVisible();
      await check(app, report, 'kiosk: leave dialog');
      await exit.getByRole('button', { name: m['kiosk.exit.back'] }).click();
      await expect(exit).toHaveCount(0);

      await kiosk.getByRole('checkbox', { name: m['kiosk.form.acceptRules'] }).check();
      await kiosk.getByRole('button', { name: m['kiosk.form.submit'] }).click();
      await expect(kiosk.getByRole('status')).toBeVisible();
      await check(app, report, 'kiosk: thank you');
      assertClean(report, testInfo);
    });
  });
}

export type { Language };
