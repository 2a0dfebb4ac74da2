/**
 * Clock drift has a limit, on a real hub and PostgreSQL: a device whose clock runs far ahead cannot
 * win last-writer merges with its stamps. The hub refuses such changes, and the device flags them
 * with the reason. (A device still follows every stamp it receives, however far ahead of its own
 * clock: with the hub's limit, such a stamp means this device's clock is slow, and following it is
 * what lets its later edits win; test/sync/replica.test.ts.)
 */
import { describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../support/core';
import { useHub } from './support';
import { officeDevices, type OfficeDevice } from './office-devices';

const hubs = useHub();
// The hub runs on real time; these devices' clocks are set from it.
let startAt = Date.now();
const { sync, enrolled } = officeDevices({ hubs, roles: ['manager', 'office_staff'], startAt: () => startAt });

const staffValue = (d: OfficeDevice, username: string, field: string) => {
  const row = d.t.core.stores!.customers.prepare("SELECT f.value FROM replica_fields f JOIN staff s ON s.gid = f.record_id WHERE f.tbl = 'staff' AND s.username = ? AND f.field = ?").get(username, field) as { value: string } | undefined;
  return row ? (JSON.parse(row.value) as unknown) : undefined;
};

describe('clock drift limit', () => {
  it('the hub refuses a change stamped too far ahead of its clock; the device flags it with the reason and nothing reaches other devices', async () => {
    startAt = Date.now();
    const good = await enrolled('Right clock');
    startAt = Date.now() + 2 * 60 * 60_000;
    const ahead = await enrolled('Two hours ahead');
    // Its staff were shared at enrollment with their own (older) times; this change is stamped now, two hours ahead.
    await ahead.t.must('admin', 'staff.create', { username: 'from-the-future', displayName: 'Future Person', role: 'office_staff', password: TEST_PASSWORD });
    const s = await ahead.t.must('admin', 'sync.now', {});
    expect(s.refused).toBeGreaterThanOrEqual(1);
    // The code is kept for the Sync screen to word in the user's language; the hub's words stay for support.
    const flagged = s.flagged.filter((f) => f.code === 'clock_ahead');
    expect(flagged.length).toBeGreaterThanOrEqual(1);
    expect(flagged).toContainEqual(expect.objectContaining({ kind: 'record', table: 'staff', status: 'refused' }));
    expect(flagged[0]!.message ?? '').toMatch(/minutes ahead of the hub's clock.*Set this device's date and time right/);
    await sync(good);
    expect(good.t.core.stores!.customers.prepare("SELECT count(*) FROM staff WHERE username = 'from-the-future'").pluck().get()).toBe(0);

    // A change from a device whose clock is right is stored as before.
    await good.t.must('admin', 'staff.create', { username: 'from-today', displayName: 'Present Person', role: 'office_staff', password: TEST_PASSWORD });
    expect(await good.t.must('admin', 'sync.now', {})).toMatchObject({ refused: 0, lastError: null });
    expect(staffValue(good, 'from-today', 'role')).toBe('office_staff');
  });
});
