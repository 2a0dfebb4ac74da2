// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventDetail } from '../../src/shared/contract/events';
import { SurveyEditor } from '../../src/renderer/src/screens/events/SurveyEditor';
import { installFakeApi, render, textOf, type Rendered, type, submit } from './support/render';

// Mantine's autosizing text areas listen for web fonts loading; happy-dom has no document.fonts.
if (!('fonts' in document)) Object.defineProperty(document, 'fonts', { value: new EventTarget(), configurable: true });

const event: EventDetail = {
  id: 3,
  uuid: '00000000-0000-4000-8000-000000000003',
  name: 'Expo 2026',
  startsOn: '2026-12-01',
  endsOn: '2026-12-03',
  location: 'Helsinki',
  acceptDuplicates: false,
  entryCount: 0,
  rules: { fi: null, en: null },
  notice: { fi: null, en: null },
  rulesHistory: [],
  noticeHistory: [],
  prize: { fi: '', en: '' },
  questions: [
    { id: 11, kind: 'text', prompt: 'What brought you here?', options: [], required: false, inUse: false },
    { id: 12, kind: 'single', prompt: 'Do you use IXO Call?', options: ['Yes', 'No'], required: true, inUse: true },
  ],
};

describe('SurveyEditor', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('checks the survey with the channel schema, sends it once, and puts the core refusal of one option on that question', async () => {
    const api = installFakeApi();
    const saved: EventDetail[] = [];
    view = await render(<SurveyEditor event={event} onSaved={(ev) => saved.push(ev)} />);
    const form = view.container.querySelector('form')!;
    const options = () => [...view!.container.querySelectorAll('textarea')].filter((t) => !t.getAttribute('aria-hidden'));

    // One option left on a choice question: the schema refuses it on that question's options box, nothing is sent.
    const choice = options()[0]!;
    await type(choice, 'Yes');
    await submit(form);
    await expect.poll(() => choice.getAttribute('aria-invalid')).toBe('true');
    expect(textOf(view.container)).toContain('A choice question needs at least two options.');
    expect(textOf(view.container)).toContain('Some questions need attention.');
    expect(document.activeElement).toBe(choice);
    expect(api.callsOf('events.setSurvey')).toHaveLength(0);

    await type(choice, 'Yes\nno\n');
    await submit(form);
    await submit(form);
    await expect.poll(() => api.callsOf('events.setSurvey').length).toBe(1);
    await act(async () => {});
    expect(api.callsOf('events.setSurvey')).toHaveLength(1);
    expect(api.callsOf('events.setSurvey')[0]!.input).toEqual({
      eventId: 3,
      questions: [
        { id: 11, kind: 'text', prompt: 'What brought you here?', options: [], required: false },
        { id: 12, kind: 'single', prompt: 'Do you use IXO Call?', options: ['Yes', 'no'], required: true },
      ],
    });
    await api.callsOf('events.setSurvey')[0]!.answer({
      ok: false,
      error: { code: 'invalid_input', message: 'Each option must be different.', fields: [{ path: 'questions.1.options.1', key: 'options_duplicate', params: {}, message: 'Each option must be different.' }] },
    });
    expect(saved).toHaveLength(0);
    expect(textOf(view.container)).toContain('Each option must be different.');
    expect(choice.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(choice);
  });
});
