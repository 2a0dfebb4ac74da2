// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fieldIssue } from '../../src/shared/errors';
import { RegisterScreen } from '../../src/renderer/src/screens/customers/RegisterScreen';
import { installFakeApi, render, textOf, type Rendered, type, submit } from './support/render';

describe('RegisterScreen, the birth-date step', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('an empty date is refused on the field without asking the core; a date the core refuses is shown on the field, checked once', async () => {
    const api = installFakeApi();
    view = await render(<RegisterScreen />);
    const form = view.container.querySelector<HTMLFormElement>('form[aria-label]')!;
    const date = form.querySelector<HTMLInputElement>('input')!;
    await submit(form);
    await expect.poll(() => textOf(form)).toContain('Enter the date of birth.');
    expect(api.callsOf('customers.checkAge')).toHaveLength(0);

    await type(date, '1.1.1850');
    await submit(form);
    await submit(form);
    await expect.poll(() => api.callsOf('customers.checkAge').length).toBe(1);
    await act(async () => {});
    expect(api.callsOf('customers.checkAge')).toHaveLength(1);
    expect(api.callsOf('customers.checkAge')[0]!.input).toEqual({ birthDate: '1850-01-01' });
    await api.callsOf('customers.checkAge')[0]!.answer({ ok: false, error: { code: 'invalid_input', message: 'Check the date of birth.', fields: [fieldIssue('birthDate', 'birth_date_implausible')] } });
    expect(textOf(form)).toContain('Check the year of the date of birth.');
    expect(date.getAttribute('aria-invalid')).toBe('true');
  });
});
