// @vitest-environment happy-dom
import { onlineManager } from '@tanstack/react-query';
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { BirthDateStep } from '../../src/renderer/src/screens/booth/BirthDateStep';
import { installFakeApi, render, type Rendered, type } from './support/render';

describe('the data layer with the network down', () => {
  let view: Rendered | null = null;
  afterEach(() => {
    view?.unmount();
    onlineManager.setOnline(true);
  });

  it('still calls the core: a booth offline checks an age and moves on', async () => {
    onlineManager.setOnline(false);
    const api = installFakeApi();
    const eligible: string[] = [];
    view = await render(<BirthDateStep eventId={4} onEligible={(d) => eligible.push(d)} onNotEligible={() => {}} onTyping={() => {}} />);
    const form = view.container.querySelector<HTMLFormElement>('form')!;
    const [day, month, year] = [...form.querySelectorAll<HTMLInputElement>('input')];
    await type(day!, '8');
    await type(month!, '8');
    await type(year!, '1988');
    await act(async () => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await expect.poll(() => api.callsOf('booth.checkAge').length).toBe(1);
    expect(api.callsOf('booth.checkAge')[0]!.input).toEqual({ eventId: 4, birthDate: '1988-08-08' });
    await api.callsOf('booth.checkAge')[0]!.answer({ ok: true, value: { eligible: true } });
    expect(eligible).toEqual(['1988-08-08']);
  });
});
