/**
 * Device audit logs end to end: a real hub on a real PostgreSQL and an office device enrolled with
 * it. A manager opens the screen and reads how far the hub has checked this device's audit log; a
 * chain the hub found broken shows the device and row in a red alert. Office staff do not see it.
 */
import { createHash } from 'node:crypto';
import { AUDIT_GENESIS, auditHashInput } from '../../src/shared/sync/audit-chain';
import { PATHS, type AuditChainRow } from '../../src/shared/sync';
import { call, startHubHarness, type HubHarness, type HubProcess } from '../support/hub-harness';
import { expect, test } from './support/fixtures';

let h: HubHarness;
let hub: HubProcess;
test.beforeAll(async () => {
  h = await startHubHarness();
  hub = await h.startHub();
});
test.afterAll(async () => {
  await h?.close();
});

test.use({ appOptions: { coreDeps: { appVersion: '0.1.0', deviceName: 'office laptop' } } });

test('a manager sees each device’s audit log as the hub checked it, and the first bad row of a broken one', async ({ app }) => {
  test.setTimeout(120_000);
  await app.signInAs('manager');
  const admin = await app.core.as('admin');
  await admin.must('sync.enroll', { hubUrl: hub.url, code: await h.createCode('office', 'office laptop'), deviceName: 'office laptop' });
  await admin.must('sync.now', {});
  // A second device pushes a chain with row 4 cut out, as a device whose row was deleted would.
  const other = await h.enroll(hub, 'booth', 'booth laptop');
  const rows: AuditChainRow[] = [];
  let prev = AUDIT_GENESIS;
  for (let seq = 1; seq <= 6; seq++) {
    const f = { seq, at: new Date(Date.now() + seq).toISOString(), actor_id: 1, actor_name: 'Booth Staff', action: 'entries.capture', subject_type: null, subject_id: null, details: '{}' };
    const hash = createHash('sha256').update(auditHashInput(prev, f)).digest('hex');
    rows.push({ seq, at: f.at, actorId: 1, actorName: f.actor_name, action: f.action, subjectType: null, subjectId: null, details: '{}', prevHash: prev, hash });
    prev = hash;
  }
  const pushed = await call(hub.url, PATHS.auditPush, { body: { after: 0, rows: rows.filter((r) => r.seq !== 4) }, token: other.tokens.accessToken });
  expect(pushed.status).toBe(200);

  await app.nav.getByRole('button', { name: 'Device audit logs', exact: true }).click();
  await expect(app.page.getByRole('heading', { name: 'Device audit logs', level: 2 })).toBeVisible();
  const table = app.page.getByRole('table', { name: 'Devices and their audit logs' });
  await expect(table.getByRole('row', { name: /office laptop/ })).toContainText(/Intact through row \d+/);
  await expect(table.getByRole('row', { name: /booth laptop/ })).toContainText('Row 4 is missing: it was removed');
  await expect(app.page.getByRole('alert')).toContainText('First: booth laptop, row 4.');
});

test('office staff have no Device audit logs screen', async ({ app }) => {
  await app.signInAs('office_staff');
  await expect(app.nav.getByRole('button', { name: 'Register customer' })).toBeVisible();
  await expect(app.nav.getByRole('button', { name: 'Device audit logs', exact: true })).toHaveCount(0);
});
