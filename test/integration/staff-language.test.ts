import { afterEach, describe, expect, it } from 'vitest';
import { startCore, withStaff, type TestCore } from '../support/core';

let t: TestCore | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

describe('staff language', () => {
  it('starts from the OS locale and is kept per staff member once chosen', async () => {
    t = await startCore({ osLocale: 'fi-FI' });
    await withStaff(t, ['office_staff', 'manager']);
    expect(await t.must('office_staff', 'auth.session', {})).toMatchObject({ language: 'fi', languageChosen: false, businessTimeZone: 'Europe/Helsinki' });
    const after = await t.must('office_staff', 'staff.setMyLanguage', { language: 'en' });
    expect(after).toMatchObject({ language: 'en', languageChosen: true });
    // Another staff member on the same machine keeps the OS default.
    expect(await t.must('manager', 'auth.session', {})).toMatchObject({ language: 'fi', languageChosen: false });
    const bad = await t.call('office_staff', 'staff.setMyLanguage', { language: 'sv' as 'fi' });
    expect(bad.ok ? null : bad.error.fields?.[0]).toMatchObject({ path: 'language', key: 'invalid_choice' });
    expect(t.core.stores!.customers.prepare("SELECT language FROM staff WHERE username = 'office-staff'").pluck().get()).toBe('en');
  });

  it('defaults to English for an OS locale that is not Finnish', async () => {
    t = await startCore({ osLocale: 'sv-SE' });
    await withStaff(t, ['office_staff']);
    expect(await t.must('office_staff', 'auth.session', {})).toMatchObject({ language: 'en', languageChosen: false });
  });
});
