/**
 * Sync end to end: a real hub on a real PostgreSQL, two devices (each its own core and page). An
 * admin enrolls the office device through the UI, creates a booth code on its device list, and
 * enrolls the booth with it through the booth's UI. An entry captured at the booth appears on the
 * office device's Entries screen. A record the hub refused is explained on the Sync screen in the
 * user's language.
 */
import { memoryVault } from '../../src/main/keychain/vault';
import type { Core } from '../../src/main/core';
import { startHubHarness, type HubHarness, type HubProcess } from '../support/hub-harness';
import { launchBridgedApp, type BridgedApp } from './support/bridge';
import { ADMIN, expect, test, type E2eApp } from './support/fixtures';
import { businessDay } from './support/business-day';

const TODAY = businessDay();

/** A one-day event running today, with rules and a notice in both languages. */
const eventToday = (name: string, location: string) => ({
  name,
  startsOn: TODAY,
  endsOn: TODAY,
  location,
  acceptDuplicates: false,
  rulesText: { fi: 'Säännöt.', en: 'Rules.' },
  noticeText: { fi: 'Voimme lähettää sähköpostia.', en: 'We may email you.' },
});
const APP_VERSION = '0.1.0';
/** A sync round (audit push, every feed) on a loaded CI machine can outlast the default 10 s. */
const ROUND_MS = 60_000;

let h: HubHarness;
let hub: HubProcess;
test.beforeAll(async () => {
  h = await startHubHarness();
  hub = await h.startHub();
});
test.afterAll(async () => {
  await h?.close();
});

test.use({ appOptions: { coreDeps: { appVersion: APP_VERSION, deviceName: 'office laptop' } } });

async function must(core: Core, conn: string, channel: string, input: unknown) {
  const r = await core.dispatch(conn, channel, input);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function enrollThroughUi(page: E2eApp['page'], code: string, name: string) {
  const form = page.getByRole('region', { name: /Enroll this device/ });
  await form.getByLabel('Hub address').fill(hub.url);
  await form.getByLabel('Enrollment code').fill(code);
  await form.getByLabel('Device name').fill(name);
  await form.getByRole('button', { name: 'Enroll' }).click();
  await expect(page.getByTestId('sync-indicator')).toHaveText(/^Synced/, { timeout: ROUND_MS });
}

test('enroll an office device and a booth through the UI; a booth entry shows on the office Entries screen', async ({ app, e2eShared }) => {
  if (app.mode !== 'bridge') throw new Error('Two devices in one test need the browser bridge: run this spec with E2E_MODE=bridge.');
  test.setTimeout(300_000);
  // Office device: enroll with a code from the hub's command line.
  await app.signInAs('admin');
  await expect(app.page.getByTestId('sync-indicator')).toHaveText('Sync: not set up');
  await app.page.getByTestId('sync-indicator').click();
  await expect(app.page.getByRole('heading', { name: 'Sync', level: 2 })).toBeVisible();
  await enrollThroughUi(app.page, await h.createCode('office', 'office laptop'), 'office laptop');

  // The office admin makes a booth code on the device list.
  const devices = app.page.getByRole('region', { name: 'Devices' });
  await devices.getByLabel('New device name').fill('booth laptop');
  await devices.getByRole('button', { name: 'Create enrollment code' }).click();
  const boothCode = (await devices.getByLabel('Enrollment code').textContent())!.trim();
  expect(boothCode.length).toBeGreaterThan(5);
  await expect(devices.getByRole('table', { name: 'Devices' })).toContainText('office laptop (this device)');

  // The manager's event, synced from the office.
  const manager = await app.core.as('manager');
  const ev = await manager.must('events.create', eventToday('Sync Expo', 'Dipoli'));
  await manager.must('sync.now', {});

  // Booth device: its own core and page.
  let booth: BridgedApp | null = null;
  try {
    booth = await launchBridgedApp({
      vault: memoryVault(),
      coreDeps: { appVersion: APP_VERSION, deviceName: 'booth laptop', signInDelaysMs: [0] },
      browser: e2eShared.browser!,
      rendererUrl: e2eShared.rendererUrl!,
    });
    await must(booth.core, 'setup', 'auth.createFirstAdmin', { username: ADMIN.username, displayName: ADMIN.displayName, password: ADMIN.password, confirmPassword: ADMIN.password });
    await must(booth.core, 'setup', 'auth.signIn', { username: ADMIN.username, password: ADMIN.password });
    await must(booth.core, 'setup', 'staff.create', { username: 'booth', displayName: 'Booth Staff', role: 'booth_staff', password: ADMIN.password });
    const page = booth.page;
    await page.reload();
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('button', { name: 'Sync', exact: true }).click();
    await enrollThroughUi(page, boothCode, 'booth laptop');
    await expect(page.getByRole('table', { name: 'Sync details' })).toContainText('booth laptop (booth)');

    // The event reached the booth; an entry is captured there.
    await must(booth.core, 'kiosk', 'auth.signIn', { username: 'booth', password: ADMIN.password });
    const events = (await must(booth.core, 'kiosk', 'booth.events', {})) as { id: number; name: string }[];
    const boothEv = events.find((e) => e.name === 'Sync Expo');
    expect(boothEv).toBeDefined();
    const config = (await must(booth.core, 'kiosk', 'booth.config', { eventId: boothEv!.id })) as { rules: { en: { id: number } }; notice: { en: { id: number } } };
    const saved = (await must(booth.core, 'kiosk', 'booth.capture', {
      eventId: boothEv!.id,
      language: 'en',
      rulesVersionId: config.rules.en.id,
      noticeVersionId: config.notice.en.id,
      questionIds: [],
      birthDate: '1985-03-03',
      name: 'Sanna Synced',
      email: 'sanna.synced@example.com',
      phone: '',
      address: '',
      title: '',
      company: 'Sync Oy',
      answers: {},
      rulesAccepted: true,
      marketingConsent: true,
    })) as { outcome: string };
    expect(saved.outcome).toBe('saved');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect(page.getByRole('table', { name: 'Sync details' })).toContainText(/Waiting to be sent\s*0/, { timeout: ROUND_MS });
  } finally {
    await booth?.close();
  }

  // The office device: Sync now, then the entry is on its Entries screen.
  await app.page.getByRole('button', { name: 'Sync now' }).click();
  const outcome = app.page.getByRole('status').filter({ hasText: /Sync (finished|did not finish)/ });
  await expect(outcome).toBeVisible({ timeout: ROUND_MS });
  const details = await app.page.getByRole('table', { name: 'Sync details' }).textContent();
  expect(await outcome.textContent(), `the office round did not finish; Sync details: ${details}`).toContain('Sync finished.');
  // An office device also shows its customer and staff changes waiting, all sent by the round.
  await expect(app.page.getByRole('table', { name: 'Sync details' })).toContainText(/Customer and staff changes waiting to be sent\s*0/, { timeout: ROUND_MS });
  await app.signInAs('manager');
  await app.openScreen('Entries');
  // The office device's only event is selected.
  await expect(app.page.getByRole('table', { name: 'Entries', exact: true })).toContainText('Sanna Synced');
  expect(ev.name).toBe('Sync Expo');
});

test('a record the hub refused is explained in Finnish on the Sync screen, with the hub’s English words only as a code for support', async ({ app }) => {
  test.setTimeout(180_000);
  // An event made on this laptop before it is enrolled as a booth: the hub refuses it (forbidden_kind).
  const manager = await app.core.as('manager');
  await manager.must('events.create', eventToday('Made before the booth', 'Messukeskus'));
  const admin = await app.core.as('admin');
  await admin.must('sync.enroll', { hubUrl: hub.url, code: await h.createCode('booth', 'late booth'), deviceName: 'late booth' });
  const s = await admin.must('sync.now', {});
  const refused = s.flagged.find((f) => f.kind === 'event');
  expect(refused).toMatchObject({ status: 'refused', code: 'forbidden_kind' });

  await app.signInAs('admin');
  await app.page.getByRole('radiogroup', { name: 'Language' }).getByText('Suomi').click();
  await app.page.getByRole('navigation', { name: 'Päävalikko' }).getByRole('button', { name: 'Synkronointi', exact: true }).click();
  const table = app.page.getByRole('table', { name: 'Ristiriidat ja hylätyt tietueet' });
  const row = table.getByRole('row').filter({ hasText: refused!.id });
  await expect(row.getByRole('cell').nth(1)).toHaveText('Tapahtuma');
  const problem = row.getByRole('cell').nth(2);
  await expect(problem).toContainText('Hylätty');
  await expect(problem).toContainText('Tällainen laite ei saa lähettää tämänlaisia tietueita.');
  // The hub's English message is there for support, inside its code element and nowhere else in the cell.
  const hubWords = problem.locator('code');
  await expect(hubWords).toContainText('forbidden_kind');
  const outsideCode = ((await problem.textContent()) ?? '').replace((await hubWords.textContent()) ?? '', '');
  expect(outsideCode).not.toContain(refused!.message!.replace(/^forbidden_kind: /, ''));
  expect(outsideCode).not.toContain('forbidden_kind');
});
