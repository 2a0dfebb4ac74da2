// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryPage, EntryRow } from '../../src/shared/contract/entries';
import type { EventSummary } from '../../src/shared/contract/events';
import { EntriesScreen } from '../../src/renderer/src/screens/entries/EntriesScreen';
import { installFakeApi, render, textOf, type Rendered, type } from './support/render';

const event: EventSummary = { id: 7, uuid: '00000000-0000-4000-8000-000000000007', name: 'Expo 2026', startsOn: '2026-12-01', endsOn: '2026-12-03', location: 'Helsinki', acceptDuplicates: false, entryCount: 2 };
const stats = { eventId: 7, total: 2, consented: 1, flaggedDuplicates: 0, notEligible: 0, byDay: [], byHour: [] };
const entry = (n: number, name: string, email: string): EntryRow => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  capturedAt: '2026-12-01T10:00:00Z',
  name,
  email,
  phone: '',
  title: '',
  company: '',
  marketingConsent: true,
  duplicateOf: null,
});
const page = (...rows: EntryRow[]): EntryPage => ({ total: rows.length, more: false, rows });

describe('EntriesScreen', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('a slow answer for older filters never replaces the list for the filters applied since', async () => {
    const api = installFakeApi();
    view = await render(<EntriesScreen />);
    await api.callsOf('entries.events')[0]!.answer({ ok: true, value: [event] });
    await expect.poll(() => api.callsOf('entries.list').length).toBe(1);
    await api.callsOf('entries.stats')[0]!.answer({ ok: true, value: stats });
    // The first list (every entry) is slow to answer.
    const all = api.callsOf('entries.list')[0]!;
    expect(all.input).toMatchObject({ eventId: 7, search: '' });

    const form = view.container.querySelector<HTMLFormElement>('form[role="search"]')!;
    await type(form.querySelector<HTMLInputElement>('input[type="text"], input:not([type])')!, 'maija');
    await act(async () => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await expect.poll(() => api.callsOf('entries.list').length).toBe(2);
    const searched = api.callsOf('entries.list')[1]!;
    expect(searched.input).toMatchObject({ eventId: 7, search: 'maija' });
    await searched.answer({ ok: true, value: page(entry(1, 'Maija Meikäläinen', 'maija@example.com')) });
    expect(textOf(view.container)).toContain('maija@example.com');

    // The answer to the older question arrives last: the search's list stays on screen.
    await all.answer({ ok: true, value: page(entry(1, 'Maija Meikäläinen', 'maija@example.com'), entry(2, 'Pekka Puumala', 'pekka@example.com')) });
    expect(textOf(view.container)).toContain('maija@example.com');
    expect(textOf(view.container)).not.toContain('pekka@example.com');
  });

  it('a search the list schema refuses shows on the search field, takes the focus and asks nothing', async () => {
    const api = installFakeApi();
    view = await render(<EntriesScreen />);
    await api.callsOf('entries.events')[0]!.answer({ ok: true, value: [event] });
    await expect.poll(() => api.callsOf('entries.list').length).toBe(1);
    const form = view.container.querySelector<HTMLFormElement>('form[role="search"]')!;
    const search = form.querySelector<HTMLInputElement>('input[type="text"], input:not([type])')!;
    await type(search, 'x'.repeat(201));
    await act(async () => {
      form.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
    });
    await expect.poll(() => search.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(search);
    expect(api.callsOf('entries.list')).toHaveLength(1);
  });
});
