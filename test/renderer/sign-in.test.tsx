// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldIssue } from '../../src/shared/errors';
import { SignInScreen } from '../../src/renderer/src/screens/auth/SignInScreen';
import { installFakeApi, render, textOf, type Rendered, type, submit } from './support/render';

describe('SignInScreen', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('signs in once however often Enter is pressed, and a refusal clears the password and says why', async () => {
    const api = installFakeApi();
    view = await render(<SignInScreen />);
    const form = view.container.querySelector('form')!;
    const [username, password] = [...form.querySelectorAll<HTMLInputElement>('input')];
    await type(username!, 'anna');
    await type(password!, 'not-her-password');
    await submit(form);
    await submit(form);
    await expect.poll(() => api.callsOf('auth.signIn').length).toBe(1);
    await act(async () => {});
    expect(api.callsOf('auth.signIn'), 'a second Enter while the first is with the core sends nothing').toHaveLength(1);
    expect(api.callsOf('auth.signIn')[0]!.input).toEqual({ username: 'anna', password: 'not-her-password' });
    await api.callsOf('auth.signIn')[0]!.answer({ ok: false, error: { code: 'unauthenticated', key: 'auth.sign_in_failed', message: 'The username or password is not correct.' } });
    expect(textOf(view.container)).toContain('Sign-in failed');
    expect(textOf(view.container)).toContain('The username or password is not correct.');
    expect(password!.value).toBe('');
  });

  it('a field the core refuses is shown under that field and takes the focus', async () => {
    const api = installFakeApi();
    view = await render(<SignInScreen />);
    const form = view.container.querySelector('form')!;
    const [username, password] = [...form.querySelectorAll<HTMLInputElement>('input')];
    await type(username!, 'anna');
    await type(password!, 'secret-enough');
    password!.focus();
    await submit(form);
    await expect.poll(() => api.callsOf('auth.signIn').length).toBe(1);
    await api.callsOf('auth.signIn')[0]!.answer({ ok: false, error: { code: 'invalid_input', message: 'The input is not valid.', fields: [fieldIssue('username', 'username_chars')] } });
    expect(username!.getAttribute('aria-invalid')).toBe('true');
    expect(textOf(form)).toContain('Username may contain only letters, digits, dot, dash and underscore.');
    expect(document.activeElement).toBe(username);
  });
});
