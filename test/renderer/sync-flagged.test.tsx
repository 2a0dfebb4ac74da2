// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { SyncFlaggedRecord, SyncStatus } from '../../src/shared/contract/sync';
import { SyncScreen } from '../../src/renderer/src/screens/sync/SyncScreen';
import { installFakeApi, render, textOf, type Rendered } from './support/render';

const clockAheadMessage = "clock_ahead: The change is stamped 120 minutes ahead of the hub's clock. Set this device's date and time right and make the change again.";
const forbiddenMessage = 'forbidden_kind: A booth may not push event records.';

const flagged: SyncFlaggedRecord[] = [
  { id: 'r-clock', kind: 'record', table: 'staff', changes: 1, status: 'refused', code: 'clock_ahead', message: clockAheadMessage, createdAt: '2026-12-06T10:00:00Z' },
  { id: 'r-event', kind: 'event', table: null, changes: 1, status: 'refused', code: 'forbidden_kind', message: forbiddenMessage, createdAt: '2026-12-06T10:01:00Z' },
  { id: 'r-old', kind: 'suppression', table: null, changes: 1, status: 'refused', code: null, message: 'forbidden_kind: stored before codes were kept.', createdAt: '2026-12-06T10:02:00Z' },
  {
    id: 'r-conflict',
    kind: 'contest_entry',
    table: null,
    changes: 1,
    status: 'conflict',
    code: null,
    message: 'The hub already has this record with other content; both versions are kept.',
    createdAt: '2026-12-06T10:03:00Z',
  },
  { id: 'r-batch', kind: 'suppression', table: null, changes: 2000, status: 'refused', code: 'malformed_payload', message: 'malformed_payload: changes.3.0: not a hash', createdAt: '2026-12-06T10:04:00Z' },
];

const status: SyncStatus = {
  state: 'attention',
  hubUrl: 'https://hub.example.fi',
  deviceName: 'Laptop A',
  profile: 'office',
  pending: 1,
  pendingRecords: 0,
  oldestPendingAt: '2026-12-06T10:00:00Z',
  lastPushAt: null,
  lastPullAt: null,
  lastSyncedAt: null,
  retryAt: null,
  lastError: null,
  clockSkewMs: null,
  conflicts: 1,
  refused: 4,
  parked: 0,
  flagged,
  retentionDays: 30,
  optOutsShared: true,
};

/** The flagged table's rows, each as its cells; `main` leaves out the hub's own words (shown in a <code>). */
function flaggedCells(container: HTMLElement) {
  const table = [...container.querySelectorAll('table')].find((t) => t.querySelector('code')?.textContent === 'r-clock');
  if (!table) throw new Error('no table of flagged records');
  return [...table.querySelectorAll('tbody tr')].map((tr) => {
    const [record, kind, problem] = [...tr.querySelectorAll('td')];
    const main = problem!.cloneNode(true) as HTMLElement;
    for (const code of main.querySelectorAll('code')) code.remove();
    return { record: textOf(record!), kind: textOf(kind!), problem: textOf(problem!), main: textOf(main), raw: [...problem!.querySelectorAll('code')].map((c) => c.textContent) };
  });
}

describe('SyncScreen: flagged records', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('in Finnish, words each refusal from its code and the record kind in Finnish, and keeps the hub’s English only as a secondary code', async () => {
    const api = installFakeApi();
    view = await render(<SyncScreen />, 'fi');
    await api.callsOf('sync.status')[0]!.answer({ ok: true, value: status });
    const [clock, event, old, conflict, batch] = flaggedCells(view.container);

    expect(clock!.main).toMatch(/^Hylätty.*kello.*päivämäärä ja kellonaika.*tee muutos.*uudelleen/);
    expect(event!.main).toMatch(/^Hylätty.*Tällainen laite ei saa lähettää tämänlaisia tietueita/);
    expect(clock!.kind).toBe('Henkilökunnan muutos');
    expect(event!.kind).toBe('Tapahtuma');
    for (const row of [clock!, event!]) {
      // No English from the hub outside its <code>.
      expect(row.main).not.toMatch(/clock_ahead|forbidden_kind|stamped|booth|Set this device/i);
    }
    // The hub's words stay there for support.
    expect(clock!.raw).toEqual([clockAheadMessage]);
    expect(event!.raw).toEqual([forbiddenMessage]);

    // A row refused before codes were kept: the stored message is still shown.
    expect(old!.kind).toBe('Kielto');
    expect(old!.main).toMatch(/^Hylätty/);
    expect(old!.raw).toEqual(['forbidden_kind: stored before codes were kept.']);

    // A conflict has no code: its wording comes from its status.
    expect(conflict!.kind).toBe('Kilpailuosallistuminen');
    expect(conflict!.main).toMatch(/^Ristiriita.*eri sisällöllä/);
    expect(conflict!.main).not.toMatch(/hub|content/i);

    // A batch of an import's opt-outs says how many it holds, the number as Finnish writes it.
    expect(batch!.kind).toBe('Kiellot (2\u202f000)');
  });

  it('in English, says the same in English', async () => {
    const api = installFakeApi();
    view = await render(<SyncScreen />);
    await api.callsOf('sync.status')[0]!.answer({ ok: true, value: status });
    const [clock, event, old, , batch] = flaggedCells(view.container);
    expect(clock!.kind).toBe('Staff member change');
    expect(clock!.main).toMatch(/^Refused.*clock.*Set this device’s date and time right, then make the change again\./);
    expect(event!.kind).toBe('Event');
    expect(event!.main).toMatch(/This kind of device may not send this kind of record/);
    expect(old!.kind).toBe('Opt-out');
    expect(batch!.kind).toBe('Opt-outs (2,000)');
  });
});
