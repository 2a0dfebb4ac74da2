import { afterEach, describe, expect, it } from 'vitest';
import { startCore, TEST_PASSWORD, withStaff, type TestCore } from '../support/core';

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

  it('saves the language picked on the sign-in card for the member who signs in, and only then', async () => {
    t = await startCore({ osLocale: 'en-GB' });
    await withStaff(t, ['office_staff', 'manager']);
    const languageOf = (username: string) => t!.core.stores!.customers.prepare('SELECT language FROM staff WHERE username = ?').pluck().get(username);
    const setLanguageAudits = () => t!.core.stores!.customers.prepare("SELECT count(*) FROM audit_log WHERE action = 'staff.set_language'").pluck().get();

    // Picked on the card: saved with the sign-in, and the session speaks it at once.
    const signedIn = await t.must('window-2', 'auth.signIn', { username: 'office-staff', password: TEST_PASSWORD, language: 'fi' });
    expect(signedIn).toMatchObject({ username: 'office-staff', language: 'fi', languageChosen: true });
    expect(languageOf('office-staff')).toBe('fi');
    expect(setLanguageAudits()).toBe(1);
    // Another window of the same member gets it too; another member keeps the OS default.
    expect(await t.must('office_staff', 'auth.session', {})).toMatchObject({ language: 'fi', languageChosen: true });
    expect(await t.must('manager', 'auth.session', {})).toMatchObject({ language: 'en', languageChosen: false });

    // Not picked: the saved choice stands. The same language again writes nothing.
    expect(await t.must('window-3', 'auth.signIn', { username: 'office-staff', password: TEST_PASSWORD })).toMatchObject({ language: 'fi' });
    await t.must('window-4', 'auth.signIn', { username: 'office-staff', password: TEST_PASSWORD, language: 'fi' });
    expect(setLanguageAudits()).toBe(1);

    // A failed sign-in saves nothing.
    const failed = await t.call('window-5', 'auth.signIn', { username: 'manager', password: 'not the password', language: 'fi' });
    expect(failed.ok ? null : failed.error.key).toBe('auth.sign_in_failed');
    expect(languageOf('manager')).toBeNull();
    // A language the app does not have is refused with a field problem.
    const bad = await t.call('window-6', 'auth.signIn', { username: 'manager', password: TEST_PASSWORD, language: 'sv' as 'fi' });
    expect(bad.ok ? null : bad.error.fields?.[0]).toMatchObject({ path: 'language', key: 'invalid_choice' });
    expect(languageOf('manager')).toBeNull();
  });

  it('defaults to English for an OS locale that is not Finnish', async () => {
    t = await startCore({ osLocale: 'sv-SE' });
    await withStaff(t, ['office_staff']);
    expect(await t.must('office_staff', 'auth.session', {})).toMatchObject({ language: 'en', languageChosen: false });
  });
});
