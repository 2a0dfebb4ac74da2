import { afterEach, describe, expect, it } from 'vitest';
import { ROLES } from '../../src/shared/roles';
import { startCore, withStaff, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('foundation smoke', () => {
  it('creates the first admin, staff per role, and audits it', async () => {
    t = await startCore();
    expect(await t.must('x', 'app.status', {})).toEqual({ state: 'first_run' });
    await withStaff(t, ROLES);
    expect(await t.must('x', 'app.status', {})).toEqual({ state: 'ready' });
    const staff = await t.must('admin', 'staff.list', {});
    expect(staff.map((s) => s.role).sort()).toEqual([...ROLES].sort());
    const verify = await t.must('admin', 'audit.verify', {});
    expect(verify.ok).toBe(true);
  });
});
