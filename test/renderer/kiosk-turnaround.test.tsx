// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { KioskConfig } from '../../src/shared/contract/booth';
import { Kiosk } from '../../src/renderer/src/screens/booth/Kiosk';
import { installFakeApi, render, submit, textOf, type, type Rendered } from './support/render';

const config: KioskConfig = {
  event: { id: 7, name: 'Helsinki Tech Fair', location: 'Messukeskus', startsOn: '2026-03-01', endsOn: '2026-03-02' },
  rules: { fi: { id: 1, lang: 'fi', version: 1, body: 'Yksi osallistuminen henkeä kohden.' }, en: { id: 2, lang: 'en', version: 1, body: 'One entry per person.' } },
  notice: { fi: { id: 3, lang: 'fi', version: 1, body: 'Voimme lähettää uutisia.' }, en: { id: 4, lang: 'en', version: 1, body: 'We may send news.' } },
  prize: { fi: null, en: null },
  questions: [],
  kioskIdleSeconds: 120,
  countdownSeconds: 15,
};

/** The kiosk is a full-window modal in a portal, so its fields are looked up in the whole document. */
function field(label: string): HTMLInputElement {
  const l = [...document.querySelectorAll('label')].find((el) => el.textContent?.trim() === label);
  const input = l?.htmlFor ? document.getElementById(l.htmlFor) : l?.querySelector('input');
  if (!(input instanceof HTMLInputElement)) throw new Error(`No field labelled "${label}"`);
  return input;
}

describe('the booth kiosk between two entrants', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('shows the thank-you and a blank first step as soon as the capture is answered, and asks the core for nothing else', async () => {
    const api = installFakeApi();
    view = await render(<Kiosk config={config} onExit={() => {}} />);
    // The kiosk's heartbeat reads the counts once when it starts; that read stays unanswered here.
    expect(api.calls.map((c) => c.channel)).toEqual(['booth.counts']);

    await type(field('Day'), '14');
    await type(field('Month'), '3');
    await type(field('Year'), '1985');
    await submit(field('Day').form!);
    await expect.poll(() => api.callsOf('booth.checkAge').length).toBe(1);
    await api.callsOf('booth.checkAge')[0]!.answer({ ok: true, value: { eligible: true } });

    await expect.poll(() => document.querySelector('input[name=name]')).not.toBeNull();
    await type(field('Name'), 'Pia Virtanen');
    await type(field('Email'), 'pia.virtanen@example.com');
    await submit(field('Name').form!);
    await expect.poll(() => document.querySelector('input[name=rulesAccepted]')).not.toBeNull();
    await act(async () => field('I have read and accept the contest rules').click());
    await submit(field('I have read and accept the contest rules').form!);
    await expect.poll(() => api.callsOf('booth.capture').length).toBe(1);
    expect(api.callsOf('booth.capture')[0]!.input).toMatchObject({ eventId: 7, birthDate: '1985-03-14', name: 'Pia Virtanen', rulesAccepted: true });

    await api.callsOf('booth.capture')[0]!.answer({ ok: true, value: { outcome: 'saved', entryId: '0190a0a0-0000-7000-8000-000000000001', flaggedDuplicate: false } });

    // No other answer is given: the next entrant's form must not wait for any read.
    await expect.poll(() => document.querySelector('input[name=day]')).not.toBeNull();
    expect(field('Day').value).toBe('');
    expect(textOf(document.body)).toContain('Thank you! Your entry has been received.');
    expect(textOf(document.body)).not.toContain('Pia Virtanen');
    expect(api.calls.map((c) => c.channel)).toEqual(['booth.counts', 'booth.checkAge', 'booth.capture']);
  });
});
