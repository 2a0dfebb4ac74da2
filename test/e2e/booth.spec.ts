/**
 * The booth kiosk end to end: the entrant's flow from the keyboard alone, the idle reset,
 * the neutral age screen, repeat entries, and leaving the kiosk with a staff password.
 */
import type { Locator, Page } from '@playwright/test';
import type { QuestionInput } from '../../src/shared/contract/events';
import { expect, test, TEST_PASSWORD, type E2eApp } from './support/fixtures';
import { businessDay } from './support/business-day';

const TODAY = businessDay();
const TOMORROW = businessDay(1);

async function seedEvent(app: E2eApp, over: { name?: string; acceptDuplicates?: boolean; questions?: QuestionInput[] } = {}) {
  const manager = await app.core.as('manager');
  const ev = await manager.must('events.create', {
    name: over.name ?? 'Helsinki Tech Fair',
    startsOn: TODAY,
    endsOn: TOMORROW,
    location: 'Messukeskus',
    acceptDuplicates: over.acceptDuplicates ?? false,
    rulesText: { fi: 'Yksi osallistuminen henkeä kohden. Arvonta on viimeisenä päivänä.', en: 'One entry per person. The draw is on the last day.' },
    noticeText: { fi: 'IXO Systems voi lähettää sinulle uutisia tuotteista ja tapahtumista. Voit perua milloin tahansa.', en: 'IXO Systems may email you news about products and events. Unsubscribe at any time.' },
    prize: { fi: 'Palkintona langattomat kuulokkeet', en: 'Win a wireless headset' },
  });
  if (over.questions) await manager.must('events.setSurvey', { eventId: ev.id, questions: over.questions });
  return ev;
}

/**
 * Signs in as booth staff and starts the kiosk for the only event of today. With `fakeClock` the
 * page's timers run on Playwright's clock (installed before a reload), for idle-time tests.
 */
async function startKiosk(app: E2eApp, eventName = 'Helsinki Tech Fair', opts: { fakeClock?: boolean } = {}): Promise<Locator> {
  await app.signInAs('booth_staff');
  if (opts.fakeClock) {
    await app.page.clock.install();
    await app.page.reload();
    await expect(app.nav).toBeVisible();
  }
  await app.openScreen('Booth');
  await app.page.getByRole('radio', { name: eventName }).check();
  await app.page.getByRole('button', { name: 'Start kiosk' }).click();
  const kiosk = app.page.getByRole('dialog', { name: eventName });
  await expect(kiosk).toBeVisible();
  return kiosk;
}

async function enterBirthDate(kiosk: Locator, d: string, m: string, y: string) {
  await kiosk.getByLabel('Day').fill(d);
  await kiosk.getByLabel('Month').fill(m);
  await kiosk.getByLabel('Year').fill(y);
  await kiosk.getByRole('button', { name: 'Continue' }).click();
}

async function fillEntrant(kiosk: Locator, v: { name: string; email: string; phone?: string }) {
  await kiosk.getByLabel('Name').fill(v.name);
  await kiosk.getByLabel('Email').fill(v.email);
  if (v.phone) await kiosk.getByLabel('Phone (optional)').fill(v.phone);
}

/** From the details step of an event without a survey: Next, accept the rules, send. */
async function acceptAndSend(kiosk: Locator, opts: { marketing?: boolean } = {}) {
  await kiosk.getByRole('button', { name: 'Next' }).click();
  await kiosk.getByRole('checkbox', { name: 'I have read and accept the contest rules' }).check();
  if (opts.marketing) await kiosk.getByRole('checkbox', { name: /send me marketing/ }).check();
  await kiosk.getByRole('button', { name: 'Send my entry' }).click();
}

/** The step the indicator marks as current. */
const currentStep = (kiosk: Locator) => kiosk.getByRole('list', { name: 'Steps' }).locator('[aria-current=step]');

/** Presses Tab until `target` has the focus (at most `max` times); fails if it never does. */
/** Staff leave the kiosk with their password (the kiosk's own lock). */
async function leaveKiosk(app: E2eApp, kiosk: Locator) {
  await kiosk.getByRole('button', { name: 'Staff: leave kiosk' }).click();
  const exit = app.page.getByRole('dialog', { name: 'Leave kiosk mode' });
  await exit.getByLabel('Staff username').fill('booth-staff');
  await exit.getByLabel('Staff password').fill(TEST_PASSWORD);
  await exit.getByRole('button', { name: 'Leave kiosk' }).click();
}

async function tabTo(page: Page, target: Locator, max = 25) {
  for (let i = 0; i < max; i++) {
    if (await target.evaluate((el) => el === (el as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  await expect(target).toBeFocused();
}

async function entries(app: E2eApp, eventId: number) {
  const manager = await app.core.as('manager');
  return manager.must('entries.list', { eventId });
}

test.describe('booth kiosk', () => {
  test('an entrant enters from the keyboard alone; the thank-you comes after the save and the next entrant gets an empty form', async ({ app }) => {
    const ev = await seedEvent(app, {
      questions: [
        { kind: 'single', prompt: 'How did you hear about us?', options: ['Web', 'Friend', 'Advert'], required: true },
        { kind: 'rating', prompt: 'How was the demo?', options: [], required: false },
      ],
    });
    const kiosk = await startKiosk(app);
    const page = app.page;
    const historyBefore = await page.evaluate('history.length');

    // Full window: the app's navigation is out of reach while the kiosk is up.
    await expect(app.nav).toHaveCount(0);

    // Age screen: focus starts in Day; no hint of any age limit anywhere.
    await expect(kiosk.getByLabel('Day')).toBeFocused();
    await expect(kiosk).not.toContainText(/13|thirteen|old enough|over the age|under/i);
    await page.keyboard.type('24');
    await page.keyboard.press('Tab');
    await page.keyboard.type('5');
    await page.keyboard.press('Tab');
    await page.keyboard.type('1990');
    await page.keyboard.press('Enter');

    // Step 2, the details, from the keyboard. Required fields carry no mark; optional ones say so.
    await expect(currentStep(kiosk)).toContainText('Your details');
    await expect(kiosk).toContainText('Step 2 of 4');
    await expect(kiosk.getByLabel('Name')).toBeFocused();
    await expect(kiosk.getByLabel('Name')).toHaveAttribute('required', '');
    await expect(kiosk.getByText('*', { exact: true })).toHaveCount(0);
    await page.keyboard.type('Pia Virtanen');
    await page.keyboard.press('Tab');
    await page.keyboard.type('pia.virtanen@example.com');
    await page.keyboard.press('Tab');
    await expect(kiosk.getByLabel('Phone (optional)')).toBeFocused();
    await page.keyboard.type('+358 40 123 4567');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Virtanen Oy');
    await page.keyboard.press('Tab');
    await page.keyboard.type('CTO');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Aleksanterinkatu 1');
    await tabTo(page, kiosk.getByRole('button', { name: 'Next' }));
    await page.keyboard.press('Enter');

    // Step 3, the survey.
    await expect(currentStep(kiosk)).toContainText('Survey');
    await expect(kiosk.getByLabel('Name')).toHaveCount(0);
    await expect(kiosk.getByRole('radio', { name: 'Web' })).toBeFocused();
    await page.keyboard.press('ArrowRight'); // Friend
    await expect(kiosk.getByRole('radio', { name: 'Friend' })).toBeChecked();
    await tabTo(page, kiosk.getByRole('radio', { name: '1', exact: true }));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight'); // 4
    await expect(kiosk.getByRole('radio', { name: '4', exact: true })).toBeChecked();

    // Back keeps everything typed, and Next keeps the answers.
    await tabTo(page, kiosk.getByRole('button', { name: 'Back' }));
    await page.keyboard.press('Enter');
    await expect(currentStep(kiosk)).toContainText('Your details');
    await expect(kiosk.getByLabel('Name')).toHaveValue('Pia Virtanen');
    await expect(kiosk.getByLabel('Address (optional)')).toHaveValue('Aleksanterinkatu 1');
    // The birth date is behind the entrant: the details step offers no Back.
    await expect(kiosk.getByRole('button', { name: 'Back' })).toHaveCount(0);
    await page.keyboard.press('Enter'); // Enter in a field moves on, like Next
    await expect(currentStep(kiosk)).toContainText('Survey');
    await expect(kiosk.getByRole('radio', { name: 'Friend' })).toBeChecked();
    await tabTo(page, kiosk.getByRole('button', { name: 'Next' }));
    await page.keyboard.press('Enter');

    // Step 4: marketing consent is unticked by default, with its notice on screen; the rules must be accepted.
    await expect(currentStep(kiosk)).toContainText('Rules and consent');
    const marketing = kiosk.getByRole('checkbox', { name: /send me marketing/ });
    await expect(marketing).not.toBeChecked();
    await expect(kiosk).toContainText('IXO Systems may email you news about products and events.');
    await expect(kiosk).toContainText('One entry per person. The draw is on the last day.');
    await tabTo(page, kiosk.getByRole('checkbox', { name: 'I have read and accept the contest rules' }));
    await page.keyboard.press('Space');
    await tabTo(page, kiosk.getByRole('button', { name: 'Send my entry' }));
    await page.keyboard.press('Enter');

    // Thank-you, and a blank first step with the focus ready for the next person.
    await expect(kiosk.getByRole('status')).toContainText('Thank you! Your entry has been received.');
    await expect(kiosk.getByLabel('Day')).toBeFocused();
    await expect(kiosk.getByLabel('Day')).toHaveValue('');
    await expect(kiosk.getByLabel('Year')).toHaveValue('');
    await expect(page.getByText('Pia Virtanen')).toHaveCount(0);

    // Going back shows no earlier entrant: the steps never add a history entry to go back to,
    // and the first step offers no back button.
    expect(await page.evaluate('history.length')).toBe(historyBefore);
    await expect(kiosk.getByRole('button', { name: /back/i })).toHaveCount(0);
    await expect(page.getByText(/Pia|Virtanen|pia\.virtanen/)).toHaveCount(0);

    const list = await entries(app, ev.id);
    expect(list.total).toBe(1);
    expect(list.rows[0]).toMatchObject({ name: 'Pia Virtanen', email: 'pia.virtanen@example.com', company: 'Virtanen Oy', marketingConsent: false });

    // A second entrant starts from scratch and the form asks again for everything.
    await enterBirthDate(kiosk, '1', '2', '1975');
    await expect(kiosk.getByLabel('Name')).toHaveValue('');
    await expect(kiosk.getByLabel('Email')).toHaveValue('');
    await fillEntrant(kiosk, { name: 'Second Person', email: 'second@example.com' });
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await expect(kiosk.getByRole('radio', { name: 'Friend' })).not.toBeChecked();
    await kiosk.getByRole('radio', { name: 'Web' }).check();
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await expect(kiosk.getByRole('checkbox', { name: 'I have read and accept the contest rules' })).not.toBeChecked();
  });

  test('each step says what is missing before it moves on, and nothing is saved until the entry is complete', async ({ app }) => {
    const ev = await seedEvent(app, { questions: [{ kind: 'single', prompt: 'How did you hear about us?', options: ['Web', 'Friend'], required: true }] });
    const kiosk = await startKiosk(app);
    await enterBirthDate(kiosk, '3', '3', '1980');
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await expect(kiosk.getByText('Name is required.')).toBeVisible();
    await expect(currentStep(kiosk)).toContainText('Your details');
    await fillEntrant(kiosk, { name: 'Kalle Kivi', email: 'not an address' });
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await expect(kiosk.getByText(/email address cannot contain spaces/i)).toBeVisible();
    await expect(kiosk.getByLabel('Email')).toBeFocused();
    await kiosk.getByLabel('Email').fill('kalle@example.com');
    await kiosk.getByRole('button', { name: 'Next' }).click();

    await expect(currentStep(kiosk)).toContainText('Survey');
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await expect(kiosk.getByText('Please answer this question.')).toBeVisible();
    await kiosk.getByRole('radio', { name: 'Web' }).check();
    await kiosk.getByRole('button', { name: 'Next' }).click();

    await kiosk.getByRole('button', { name: 'Send my entry' }).click();
    await expect(kiosk.getByText('Please accept the contest rules to enter.')).toBeVisible();
    expect((await entries(app, ev.id)).total).toBe(0);
    await kiosk.getByRole('checkbox', { name: 'I have read and accept the contest rules' }).check();
    await kiosk.getByRole('checkbox', { name: /send me marketing/ }).check();
    await kiosk.getByRole('checkbox', { name: /send me marketing/ }).press('Enter');
    await expect(kiosk.getByRole('status')).toContainText('Thank you!');
    expect((await entries(app, ev.id)).rows[0]).toMatchObject({ name: 'Kalle Kivi', marketingConsent: true });
  });

  test('a Finnish entrant goes through every step in Finnish, sees the Finnish texts and prize, and the entry records the Finnish versions', async ({ app }) => {
    const ev = await seedEvent(app, { questions: [{ kind: 'single', prompt: 'Mistä kuulit meistä?', options: ['Verkosta', 'Ystävältä'], required: true }] });
    const kiosk = await startKiosk(app);
    await expect(kiosk).toContainText('Win a wireless headset');
    await kiosk.getByRole('button', { name: 'Suomi' }).click();
    await expect(kiosk).toContainText('Palkintona langattomat kuulokkeet');
    await expect(kiosk.getByRole('list', { name: 'Vaiheet' }).locator('[aria-current=step]')).toContainText('Syntymäaika');
    await kiosk.getByLabel('Päivä').fill('24');
    await kiosk.getByLabel('Kuukausi').fill('5');
    await kiosk.getByLabel('Vuosi').fill('1990');
    await kiosk.getByRole('button', { name: 'Jatka' }).click();

    const step = kiosk.getByRole('list', { name: 'Vaiheet' }).locator('[aria-current=step]');
    await expect(step).toContainText('Tietosi');
    await expect(kiosk).toContainText('Vaihe 2/4');
    await kiosk.getByLabel('Nimi', { exact: true }).fill('Matti Mäkinen');
    await kiosk.getByLabel('Sähköposti').fill('matti.makinen@example.com');
    await expect(kiosk.getByLabel('Puhelin (vapaaehtoinen)')).toBeVisible();
    await kiosk.getByRole('button', { name: 'Seuraava' }).click();
    await expect(step).toContainText('Kysely');
    await kiosk.getByRole('radio', { name: 'Ystävältä' }).check();
    await kiosk.getByRole('button', { name: 'Seuraava' }).click();
    await expect(step).toContainText('Säännöt ja suostumus');
    await expect(kiosk.getByLabel('Kilpailun sääntöjen teksti')).toHaveAttribute('lang', 'fi');
    await expect(kiosk).toContainText('Yksi osallistuminen henkeä kohden.');
    await expect(kiosk).toContainText('IXO Systems voi lähettää sinulle uutisia');
    await expect(kiosk).not.toContainText('One entry per person.');
    await kiosk.getByRole('button', { name: 'Takaisin' }).click();
    await expect(kiosk.getByRole('radio', { name: 'Ystävältä' })).toBeChecked();
    await kiosk.getByRole('button', { name: 'Seuraava' }).click();
    await kiosk.getByRole('checkbox', { name: 'Olen lukenut kilpailun säännöt ja hyväksyn ne' }).check();
    await kiosk.getByRole('button', { name: 'Lähetä osallistumiseni' }).click();
    // The next entrant starts in the staff's language.
    await expect(kiosk.getByRole('status')).toContainText('Thank you!');

    const list = await entries(app, ev.id);
    expect(list.total).toBe(1);
    const manager = await app.core.as('manager');
    const detail = await manager.must('entries.get', { id: list.rows[0]!.id });
    const event = await manager.must('events.get', { id: ev.id });
    expect(detail.language).toBe('fi');
    expect(detail.rules).toEqual({ version: 1, lang: 'fi', sha256: event.rules.fi!.sha256 });
    expect(detail.notice).toEqual({ version: 1, lang: 'fi', sha256: event.notice.fi!.sha256 });
  });

  test('after the idle time a countdown appears, then the partial entry is discarded', async ({ app }) => {
    const ev = await seedEvent(app);
    const kiosk = await startKiosk(app, undefined, { fakeClock: true });
    await enterBirthDate(kiosk, '12', '12', '1982');
    await fillEntrant(kiosk, { name: 'Half Finished', email: 'half@example.com' });
    await kiosk.getByRole('button', { name: 'Next' }).click();
    await expect(currentStep(kiosk)).toContainText('Rules and consent');

    const countdown = app.page.getByRole('dialog', { name: 'Are you still there?' });
    // The kiosk idle setting (kioskIdleSeconds) is 60 s by default.
    await app.page.clock.fastForward(59_000);
    await expect(countdown).toHaveCount(0);
    await app.page.clock.fastForward(2_000);
    await expect(countdown).toBeVisible();
    await expect(countdown).toContainText(/cleared in \d+ seconds/);

    // "I'm still here" keeps the entry, on the step it was on.
    await countdown.getByRole('button', { name: 'I’m still here' }).click();
    await expect(countdown).toHaveCount(0);
    await expect(currentStep(kiosk)).toContainText('Rules and consent');
    await kiosk.getByRole('button', { name: 'Back' }).click();
    await expect(kiosk.getByLabel('Name')).toHaveValue('Half Finished');

    // Nobody answers the countdown: the entry is gone and the first step is blank again.
    await app.page.clock.fastForward(61_000);
    await expect(countdown).toBeVisible();
    await app.page.clock.fastForward(16_000);
    await expect(countdown).toHaveCount(0);
    await expect(kiosk.getByLabel('Day')).toHaveValue('');
    await expect(app.page.getByText('Half Finished')).toHaveCount(0);
    await expect(kiosk.getByLabel('Name')).toHaveCount(0);
    expect((await entries(app, ev.id)).total).toBe(0);
  });

  test('a kiosk left alone between entrants stays a kiosk: the staff idle lock does not cover it', async ({ app }) => {
    await seedEvent(app);
    const kiosk = await startKiosk(app, undefined, { fakeClock: true });
    await expect(kiosk.getByLabel('Day')).toBeVisible();
    // Well past the staff lock (5 minutes by default): an idle booth is normal, not a risk.
    await app.page.clock.fastForward(11 * 60_000);
    await expect(app.page.getByRole('dialog', { name: 'Session locked' })).toHaveCount(0);
    await enterBirthDate(kiosk, '3', '4', '1990');
    await expect(kiosk.getByLabel('Name')).toBeVisible();
  });

  test('the age screen refuses an under-13 entrant neutrally, keeps only a count, and offers no way back', async ({ app }) => {
    const ev = await seedEvent(app);
    const kiosk = await startKiosk(app);
    const historyBefore = await app.page.evaluate('history.length');
    const now = new Date();
    await enterBirthDate(kiosk, String(now.getDate()), String(now.getMonth() + 1), String(now.getFullYear() - 10));

    await expect(kiosk.getByRole('heading', { name: 'Thank you for your interest' })).toBeVisible();
    await expect(kiosk).not.toContainText(/13|thirteen|age|old|young|birth/i);
    await expect(kiosk.getByLabel('Name')).toHaveCount(0);
    await expect(kiosk.getByRole('button', { name: /back|change|try again/i })).toHaveCount(0);
    await expect(kiosk.getByLabel('Year')).toHaveCount(0);
    expect(await app.page.evaluate('history.length')).toBe(historyBefore);

    await kiosk.getByRole('button', { name: 'Done' }).click();
    await expect(kiosk.getByLabel('Day')).toHaveValue('');
    await expect(kiosk.getByLabel('Year')).toHaveValue('');

    const booth = await app.core.as('booth_staff');
    expect(await booth.must('booth.counts', { eventId: ev.id })).toMatchObject({ total: 0, notEligible: 1 });
    expect((await entries(app, ev.id)).total).toBe(0);
  });

  test('a repeat entrant is told they have already entered; an event that accepts repeats stores and flags them', async ({ app }) => {
    const refuse = await seedEvent(app, { name: 'Refuses repeats' });
    const accept = await seedEvent(app, { name: 'Accepts repeats', acceptDuplicates: true });
    const enter = async (kiosk: Locator, email: string, phone: string) => {
      await enterBirthDate(kiosk, '5', '6', '1970');
      await fillEntrant(kiosk, { name: 'Repeat Person', email, phone });
      await acceptAndSend(kiosk);
    };

    let kiosk = await startKiosk(app, 'Refuses repeats');
    await enter(kiosk, 'repeat@example.com', '+358 50 765 4321');
    await expect(kiosk.getByRole('status')).toContainText('Thank you!');
    await enter(kiosk, 'REPEAT@example.com ', '');
    await expect(kiosk.getByRole('heading', { name: 'You have already entered' })).toBeVisible();
    await kiosk.getByRole('button', { name: 'Done' }).click();
    await enter(kiosk, 'someone.else@example.com', '00358 50 7654321');
    await expect(kiosk.getByRole('heading', { name: 'You have already entered' })).toBeVisible();
    expect((await entries(app, refuse.id)).total).toBe(1);

    await kiosk.getByRole('button', { name: 'Done' }).click();
    await leaveKiosk(app, kiosk);

    await app.page.getByRole('radio', { name: 'Accepts repeats' }).check();
    await app.page.getByRole('button', { name: 'Start kiosk' }).click();
    kiosk = app.page.getByRole('dialog', { name: 'Accepts repeats' });
    await enter(kiosk, 'repeat@example.com', '');
    await expect(kiosk.getByRole('status')).toContainText('Thank you!');
    await enter(kiosk, 'Repeat@Example.com', '');
    await expect(kiosk.getByRole('status')).toContainText('Thank you!');
    const list = await entries(app, accept.id);
    expect(list.total).toBe(2);
    expect(list.rows.filter((r) => r.duplicateOf !== null)).toHaveLength(1);
  });

  test('with the network cut off, the kiosk still takes entries and asks for nothing over the network', async ({ app }) => {
    const ev = await seedEvent(app);
    const kiosk = await startKiosk(app);
    const page = app.page;
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.route('**/*', (route) => route.abort('internetdisconnected'));
    if (app.mode === 'bridge') await page.context().setOffline(true);

    for (const [i, name] of ['Offline One', 'Offline Two'].entries()) {
      await enterBirthDate(kiosk, '8', '8', '1988');
      await fillEntrant(kiosk, { name, email: `offline${i}@example.com` });
      await acceptAndSend(kiosk);
      await expect(kiosk.getByRole('status')).toContainText('Thank you!');
    }
    expect(requests).toEqual([]);
    expect((await entries(app, ev.id)).rows.map((r) => r.name).sort()).toEqual(['Offline One', 'Offline Two']);
  });

  test('the booth screen, shown again when the kiosk ends, counts the entries and refusals taken while it ran', async ({ app }) => {
    await seedEvent(app);
    await app.signInAs('booth_staff');
    await app.openScreen('Booth');
    await app.page.getByRole('radio', { name: 'Helsinki Tech Fair' }).check();
    await expect(app.page.getByRole('group', { name: 'Entries in total' })).toContainText('0');
    await app.page.getByRole('button', { name: 'Start kiosk' }).click();
    const kiosk = app.page.getByRole('dialog', { name: 'Helsinki Tech Fair' });

    await enterBirthDate(kiosk, '9', '9', '1999');
    await fillEntrant(kiosk, { name: 'Counted Person', email: 'counted@example.com' });
    await acceptAndSend(kiosk);
    await expect(kiosk.getByRole('status')).toContainText('Thank you! Your entry has been received.');
    const now = new Date();
    await enterBirthDate(kiosk, String(now.getDate()), String(now.getMonth() + 1), String(now.getFullYear() - 10));
    await kiosk.getByRole('button', { name: 'Done' }).click();
    await expect(kiosk.getByLabel('Day')).toHaveValue('');

    await leaveKiosk(app, kiosk);
    await expect(kiosk).toHaveCount(0);
    await expect(app.page.getByRole('group', { name: 'Entries in total' })).toContainText('1');
    await expect(app.page.getByRole('group', { name: 'Not eligible (age screen)' })).toContainText('1');
  });

  test('leaving the kiosk needs a staff password; booth staff then see counts, not entries', async ({ app }) => {
    const ev = await seedEvent(app);
    const kiosk = await startKiosk(app);
    await enterBirthDate(kiosk, '9', '9', '1999');
    await fillEntrant(kiosk, { name: 'Left Behind', email: 'left@example.com' });

    // Escape does not close the kiosk.
    await app.page.keyboard.press('Escape');
    await expect(kiosk).toBeVisible();
    await expect(app.nav).toHaveCount(0);

    await kiosk.getByRole('button', { name: 'Staff: leave kiosk' }).click();
    const exit = app.page.getByRole('dialog', { name: 'Leave kiosk mode' });
    await exit.getByLabel('Staff username').fill('booth-staff');
    await exit.getByLabel('Staff password').fill('not the password');
    await exit.getByRole('button', { name: 'Leave kiosk' }).click();
    await expect(exit.getByRole('alert')).toContainText('The username or password is not correct.');
    await expect(kiosk).toBeVisible();

    // Changing one's mind returns to the entrant's form as it was.
    await exit.getByRole('button', { name: 'Back to the kiosk' }).click();
    await expect(kiosk.getByLabel('Name')).toHaveValue('Left Behind');

    await kiosk.getByRole('button', { name: 'Staff: leave kiosk' }).click();
    await exit.getByLabel('Staff username').fill('booth-staff');
    await exit.getByLabel('Staff password').fill(TEST_PASSWORD);
    await exit.getByLabel('Staff password').press('Enter');
    await expect(kiosk).toHaveCount(0);
    await expect(app.nav).toBeVisible();
    await expect(app.page.getByRole('status')).toContainText('Kiosk mode ended.');
    await expect(app.page.getByRole('group', { name: 'Entries in total' })).toContainText('0');
    await expect(app.page.getByText('Left Behind')).toHaveCount(0);
    expect((await entries(app, ev.id)).total).toBe(0);
  });
});
