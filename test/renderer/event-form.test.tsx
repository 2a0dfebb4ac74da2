// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventDetail, TextVersion } from '../../src/shared/contract/events';
import { EventForm } from '../../src/renderer/src/screens/events/EventForm';
import { installFakeApi, render, textOf, type Rendered, submit } from './support/render';

// Mantine's autosizing text areas listen for web fonts loading; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });

const version = (id: number, lang: 'fi' | 'en', body: string): TextVersion => ({ id, lang, version: 1, body, sha256: 'a'.repeat(64), createdAt: '2026-11-01T08:00:00Z', inUse: false });
const event: EventDetail = {
  id: 3,
  uuid: '00000000-0000-4000-8000-000000000003',
  name: 'Expo 2026',
  startsOn: '2026-12-01',
  endsOn: '2026-12-03',
  location: 'Helsinki',
  acceptDuplicates: false,
  entryCount: 0,
  rules: { fi: version(1, 'fi', 'Säännöt'), en: version(2, 'en', 'Rules') },
  notice: { fi: version(3, 'fi', 'Ilmoitus'), en: version(4, 'en', 'Notice') },
  rulesHistory: [],
  noticeHistory: [],
  prize: { fi: '', en: '' },
  questions: [],
};

/** The input a label names. */
function inputLabelled(container: HTMLElement, text: string): HTMLInputElement {
  const label = [...container.querySelectorAll('label')].find((l) => l.textContent?.trim() === text);
  const input = label?.htmlFor ? document.getElementById(label.htmlFor) : null;
  if (!(input instanceof HTMLInputElement || input instanceof HTMLButtonElement)) throw new Error(`No input labelled "${text}"`);
  return input as HTMLInputElement;
}

describe('EventForm', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('is sent once however often it is submitted; a field the core refuses shows on that field and takes the focus', async () => {
    const api = installFakeApi();
    const saved: EventDetail[] = [];
    view = await render(<EventForm event={event} onSaved={(ev) => saved.push(ev)} onCancel={() => {}} />);
    const form = view.container.querySelector<HTMLFormElement>('form')!;
    await submit(form);
    await submit(form);
    await expect.poll(() => api.callsOf('events.update').length).toBe(1);
    await act(async () => {});
    expect(api.callsOf('events.update')).toHaveLength(1);
    expect(api.callsOf('events.update')[0]!.input).toMatchObject({ id: 3, name: 'Expo 2026', endsOn: '2026-12-03' });

    await api.callsOf('events.update')[0]!.answer({
      ok: false,
      error: { code: 'invalid_input', message: 'The end date cannot be before the start date.', fields: [{ path: 'endsOn', key: 'event_dates_order', params: {}, message: 'The end date cannot be before the start date.' }] },
    });
    expect(saved).toHaveLength(0);
    const endsOn = inputLabelled(view.container, 'End date');
    expect(textOf(view.container)).toContain('The end date cannot be before the start date.');
    expect(endsOn.getAttribute('aria-invalid')).toBe('true');
    expect(inputLabelled(view.container, 'Start date').getAttribute('aria-invalid')).not.toBe('true');
    expect(document.activeElement).toBe(endsOn);
  });
});
