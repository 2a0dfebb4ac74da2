// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { EntryPage } from '../../src/shared/contract/entries';
import type { EventSummary } from '../../src/shared/contract/events';
import { EntriesScreen } from '../../src/renderer/src/screens/entries/EntriesScreen';
import { installFakeApi, render, textOf, type Rendered } from './support/render';

const event: EventSummary = { id: 7, uuid: '00000000-0000-4000-8000-000000000007', name: 'Expo 2026', startsOn: '2026-12-01', endsOn: '2026-12-03', location: 'Helsinki', acceptDuplicates: false, entryCount: 1 };
const stats = { eventId: 7, total: 1, consented: 1, flaggedDuplicates: 0, notEligible: 0, byDay: [], byHour: [] };
const page: EntryPage = {
  total: 1,
  more: false,
  rows: [{ id: '00000000-0000-4000-8000-000000000001', capturedAt: '2026-12-01T10:00:00Z', name: 'Maija Meikäläinen', email: 'maija@example.com', phone: '', title: '', company: '', marketingConsent: true, duplicateOf: null }],
};

const statusText = (view: Rendered) => [...view.container.querySelectorAll('[role="status"]')].map((el) => el.textContent ?? '');
const bar = (view: Rendered) => view.container.querySelector('[role="progressbar"]');

describe('EntriesScreen while the audit of captures catches up', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('shows how far the audit is, announced politely, until the entries answer, then the list', async () => {
    const api = installFakeApi();
    view = await render(<EntriesScreen />);
    // The view of events waits in the core; the screen asks how far the audit is meanwhile.
    await expect.poll(() => api.callsOf('entries.auditProgress').length).toBe(1);
    await api.callsOf('entries.auditProgress')[0]!.answer({ ok: true, value: { state: 'catching_up', audited: 312_500, total: 1_000_000 } });
    expect(statusText(view)).toContain('Auditing entries after a restart: 312,500 of 1,000,000');
    expect(bar(view)?.getAttribute('aria-valuenow')).toBe('31.25');
    expect(bar(view)?.getAttribute('aria-label')).toBe('Audit of entries');

    // It asks again while the view still waits, and the bar moves on.
    await expect.poll(() => api.callsOf('entries.auditProgress').length, { timeout: 5_000 }).toBe(2);
    await api.callsOf('entries.auditProgress')[1]!.answer({ ok: true, value: { state: 'catching_up', audited: 900_000, total: 1_000_000 } });
    expect(statusText(view)).toContain('Auditing entries after a restart: 900,000 of 1,000,000');
    expect(bar(view)?.getAttribute('aria-valuenow')).toBe('90');

    await api.callsOf('entries.events')[0]!.answer({ ok: true, value: [event] });
    await expect.poll(() => api.callsOf('entries.list').length).toBe(1);
    // The list's first answer is already a fresh question: the old count is not shown for it.
    expect(textOf(view.container)).not.toContain('Auditing entries');
    await api.callsOf('entries.stats')[0]!.answer({ ok: true, value: stats });
    await api.callsOf('entries.list')[0]!.answer({ ok: true, value: page });
    expect(textOf(view.container)).toContain('maija@example.com');
    expect(textOf(view.container)).not.toContain('Auditing entries');
    expect(bar(view)).toBeNull();
  });

  it('words the progress in Finnish with Finnish number grouping', async () => {
    const api = installFakeApi();
    view = await render(<EntriesScreen />, 'fi');
    await expect.poll(() => api.callsOf('entries.auditProgress').length).toBe(1);
    await api.callsOf('entries.auditProgress')[0]!.answer({ ok: true, value: { state: 'catching_up', audited: 312_500, total: 1_000_000 } });
    const text = statusText(view).join(' ').replace(/\s/g, ' ');
    expect(text).toContain('Osallistumisia kirjataan tarkastuslokiin uudelleenkäynnistyksen jälkeen: 312 500/1 000 000');
  });

  it('shows nothing more than the loader when no capture is left to audit', async () => {
    const api = installFakeApi();
    view = await render(<EntriesScreen />);
    await expect.poll(() => api.callsOf('entries.auditProgress').length).toBe(1);
    await api.callsOf('entries.auditProgress')[0]!.answer({ ok: true, value: { state: 'done' } });
    expect(bar(view)).toBeNull();
    expect(textOf(view.container)).not.toContain('Auditing entries');
    expect(view.container.querySelector('[aria-label="Loading events"]')).not.toBeNull();
  });
});
