import { describe, expect, it } from 'vitest';
import { type z } from 'zod';
import { firstAdminInput } from '../../src/shared/contract/auth';
import { registerInput } from '../../src/shared/contract/customers';
import { reportRange } from '../../src/shared/contract/reports';
import { appError, ERRORS, FIELD_ERRORS, zodIssueToField } from '../../src/shared/errors';

const fieldsOf = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input, { reportInput: true });
  if (r.success) throw new Error('expected a failure');
  return r.error.issues.map(zodIssueToField);
};

describe('error catalogue', () => {
  it('builds a keyed error with its category, params and English fallback', () => {
    const e = appError('register.email_taken', { accountId: 42 }).toData();
    expect(e).toEqual({ code: 'conflict', key: 'register.email_taken', params: { accountId: 42 }, message: expect.stringContaining('account 42') });
  });

  it('has an English fallback for every key', () => {
    for (const [key, entry] of Object.entries(ERRORS)) expect((entry.en as (p: unknown) => string)({ accountId: 1, channel: 'x', username: 'u', name: 'n', version: 'v', kind: 'k', label: 'l', questionId: 1, reason: 'empty' }), key).not.toBe('');
    for (const [key, en] of Object.entries(FIELD_ERRORS)) expect((en as (p: unknown) => string)({ max: 1, min: 1, keys: [], options: [], accountId: 1, reason: 'empty' }), key).not.toBe('');
  });
});

describe('zod issues as keyed field problems', () => {
  it('tells a missing field, a too-long text and a shared rule apart', () => {
    const missing = fieldsOf(registerInput, {});
    expect(missing.find((f) => f.path === 'name')).toMatchObject({ key: 'required' });
    const long = fieldsOf(registerInput, { name: 'x'.repeat(500) });
    expect(long.find((f) => f.path === 'name')).toMatchObject({ key: 'too_long', params: { max: 200 } });
    const email = fieldsOf(registerInput, { email: 'no-at-sign' });
    expect(email.find((f) => f.path === 'email')).toMatchObject({ key: 'email_no_at', message: expect.stringContaining('@') });
  });

  it('keys refinements of a whole form at the field they name', () => {
    const f = fieldsOf(firstAdminInput, { username: 'admin', displayName: 'A', password: 'abcdefghijk', confirmPassword: 'abcdefghijz' });
    expect(f).toContainEqual(expect.objectContaining({ path: 'confirmPassword', key: 'passwords_differ' }));
    const r = fieldsOf(reportRange, { from: '2026-02-01', to: '2026-01-01' });
    expect(r).toContainEqual(expect.objectContaining({ path: 'to', key: 'date_range_order' }));
    const d = fieldsOf(reportRange, { from: '2026-02-30', to: '2026-1-01' });
    expect(d.find((x) => x.path === 'from')?.key).toBe('date_unreal');
    expect(d.find((x) => x.path === 'to')?.key).toBe('date_format');
  });
});
