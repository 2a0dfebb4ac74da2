/**
 * Managers end to end: create an event with its texts and survey, edit a text that an
 * entry has used (a new version appears, the old one is kept), and review entries with search,
 * repeat flags, consent status, counts by day and hour, every view audited.
 */
import type { CaptureInput } from '../../src/shared/contract/booth';
import { expect, test, type E2eApp } from './support/fixtures';
import { businessDay } from './support/business-day';

const pad = (n: number) => String(n).padStart(2, '0');
const TODAY = businessDay();

async function capture(app: E2eApp, eventId: number, over: (answerKey: string) => Partial<CaptureInput>) {
  const booth = await app.core.as('booth_staff');
  const config = await booth.must('booth.config', { eventId });
  const r = await booth.must('booth.capture', {
    eventId,
    language: 'en',
    rulesVersionId: config.rules.en.id,
    noticeVersionId: config.notice.en.id,
    questionIds: config.questions.map((q) => q.id),
    birthDate: '1980-01-01',
    name: 'X',
    email: 'x@example.com',
    phone: '',
    address: '',
    title: '',
    company: '',
    answers: {},
    rulesAccepted: true,
    marketingConsent: false,
    ...over(`q${config.questions[0]?.id ?? 0}`),
  });
  expect(r.outcome).toBe('saved');
}

test('a manager sets up an event, versions its rules, and reviews its entries', async ({ app }) => {
  await app.signInAs('manager');
  await app.openScreen('Events');
  const page = app.page;

  await page.getByRole('button', { name: 'New event' }).click();
  const drawer = page.getByRole('dialog', { name: 'New event' });
  await drawer.getByLabel('Event name').fill('Espoo Expo');
  await drawer.getByLabel('Start date').fill(TODAY);
  await drawer.getByLabel('End date').fill(TODAY);
  await drawer.getByLabel('Location').fill('Dipoli');
  await drawer.getByLabel('Prize in English (optional)').fill('Win a headset');
  await drawer.getByLabel('Contest rules in Finnish').fill('Säännöt, ensimmäinen painos.');
  await drawer.getByLabel('Contest rules in English').fill('Rules, first edition.');
  await drawer.getByLabel('Marketing consent notice in Finnish').fill('Voimme lähettää sinulle sähköpostia.');
  await drawer.getByLabel('Marketing consent notice in English').fill('We may email you.');
  await drawer.getByRole('button', { name: 'Create event' }).click();
  await expect(page.getByRole('status').first()).toContainText('Created Espoo Expo.');

  const editor = page.getByRole('dialog', { name: 'Espoo Expo' });
  await editor.getByRole('tab', { name: /Survey/ }).click();
  await editor.getByRole('button', { name: 'Add question' }).click();
  const q1 = editor.getByRole('group', { name: 'Question 1' });
  await q1.getByLabel('Type').selectOption({ label: 'Single choice' });
  await q1.getByLabel('Question', { exact: true }).fill('Favourite product?');
  await q1.getByLabel('Options, one per line').fill('Phones\nCloud');
  await q1.getByLabel('Answer required').check();
  await editor.getByRole('button', { name: 'Save survey' }).click();
  await expect(page.getByRole('status').first()).toContainText('Saved the survey of Espoo Expo.');
  await page.keyboard.press('Escape');
  await expect(editor).toHaveCount(0);

  // Entries arrive from the booth.
  const manager = await app.core.as('manager');
  const ev = (await manager.must('events.list', {})).find((e) => e.name === 'Espoo Expo')!;
  await capture(app, ev.id, (q) => ({ name: 'Anna Korhonen', email: 'anna@example.com', company: 'Nokia', marketingConsent: true, answers: { [q]: 'Phones' } }));
  await capture(app, ev.id, (q) => ({ name: 'Bertil Berg', email: 'bertil@example.com', company: 'Ericsson', answers: { [q]: 'Cloud' } }));

  // The English rules have been used: editing them makes English version 2 and keeps version 1.
  // The Finnish ones have not: they are corrected in place.
  await page.getByRole('button', { name: 'Edit Espoo Expo' }).click();
  const rulesEn = editor.getByLabel('Contest rules in English');
  const rulesFi = editor.getByLabel('Contest rules in Finnish');
  await expect(rulesEn).toHaveAccessibleDescription('Version 1, used by entries: saving a change creates version 2.');
  await expect(rulesFi).toHaveAccessibleDescription('Version 1, not used by any entry yet: changes correct it in place.');
  await rulesEn.fill('Rules, second edition.');
  await rulesFi.fill('Säännöt, korjattu.');
  await editor.getByRole('button', { name: 'Save event' }).click();
  await expect(rulesEn).toHaveAccessibleDescription('Version 2, not used by any entry yet: changes correct it in place.');
  await expect(rulesFi).toHaveAccessibleDescription('Version 1, not used by any entry yet: changes correct it in place.');
  await expect(editor.getByLabel('Marketing consent notice in English')).toHaveAccessibleDescription(/Version 1, used by entries/);
  await expect(editor.getByText(/Contest rules \(English\), version 1/)).toBeVisible();
  await expect(editor.getByLabel('Prize in English (optional)')).toHaveValue('Win a headset');
  await page.keyboard.press('Escape');

  await app.openScreen('Entries');
  await expect(page.getByRole('group', { name: 'Consented to marketing' })).toContainText('1');
  const table = page.getByRole('table', { name: 'Entries', exact: true });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(page.getByRole('table', { name: 'Entries by day' })).toContainText('2');

  await page.getByLabel('Search entries').fill('ericsson');
  await page.getByRole('button', { name: 'Search' }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Bertil Berg');

  await page.getByLabel('Search entries').fill('');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('search').getByText('Given', { exact: true }).click();
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table).toContainText('Anna Korhonen');

  await table.getByRole('button', { name: 'View entry of Anna Korhonen' }).click();
  const entry = page.getByRole('dialog', { name: 'Entry' });
  await expect(entry).toContainText('anna@example.com');
  await expect(entry).toContainText('English, version 1 (accepted)');
  await expect(entry).toContainText('notice in English, version 1');
  await expect(entry.getByRole('table', { name: 'Survey answers' })).toContainText('Phones');

  const reads = await manager.must('audit.list', { readsOnly: true, limit: 100 });
  const actions = reads.rows.map((r) => r.action);
  expect(actions).toContain('read.entries');
  expect(actions).toContain('read.entry');
  expect(actions).toContain('read.entry_counts');
  expect(JSON.stringify(reads.rows)).not.toMatch(/anna|ericsson|korhonen/i);
});

test('a manager sorts a two-page entries list by name from the keyboard, in the core', async ({ app }) => {
  await app.signInAs('manager');
  const manager = await app.core.as('manager');
  const ev = await manager.must('events.create', {
    name: 'Oulu Days',
    startsOn: TODAY,
    endsOn: TODAY,
    location: 'Oulu',
    acceptDuplicates: false,
    rulesText: { fi: 'Säännöt.', en: 'Rules.' },
    noticeText: { fi: 'Ilmoitus.', en: 'Notice.' },
  });
  // 55 entries (two pages of 50), names in an order unlike the capture order.
  for (let i = 0; i < 55; i++) {
    await capture(app, ev.id, () => ({ name: `Entrant ${pad((i * 7) % 55)}`, email: `e${pad(i)}@example.com` }));
  }
  await app.openScreen('Entries');
  const page = app.page;
  const table = page.getByRole('table', { name: 'Entries', exact: true });
  const captured = table.getByRole('columnheader', { name: 'Captured' });
  const name = table.getByRole('columnheader', { name: 'Name' });
  const firstName = table.locator('tbody tr[aria-rowindex]').first().getByRole('cell').nth(1);
  await expect(captured).toHaveAttribute('aria-sort', 'descending');
  await expect(name).toHaveAttribute('aria-sort', 'none');
  await expect(firstName).toHaveText(`Entrant ${pad((54 * 7) % 55)}`);
  // Phone has no sort button: the core does not order by it.
  await expect(table.getByRole('columnheader', { name: 'Phone' }).getByRole('button')).toHaveCount(0);

  await name.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(name).toHaveAttribute('aria-sort', 'ascending');
  await expect(captured).toHaveAttribute('aria-sort', 'none');
  // The first of all 55, though it was captured first and so sat on page 2 newest first.
  await expect(firstName).toHaveText('Entrant 00');
  await page.getByRole('button', { name: 'Next page' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('51–55 of 55')).toBeVisible();
  await expect(firstName).toHaveText('Entrant 50');

  // Sorting again goes back to the first page, now the other way round.
  await name.getByRole('button').focus();
  await page.keyboard.press('Space');
  await expect(name).toHaveAttribute('aria-sort', 'descending');
  await expect(page.getByText('1–50 of 55')).toBeVisible();
  await expect(firstName).toHaveText('Entrant 54');
});
