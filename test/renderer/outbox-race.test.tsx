// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../src/shared/contract/outbox';
import { OutboxScreen } from '../../src/renderer/src/screens/outbox/OutboxScreen';
import { chooseRadio, installFakeApi, render, textOf, type Rendered } from './support/render';

const counts = { pending: 2, sent: 0, failed: 0, withdrawn: 0 };
const pendingMail = (id: number, to: string): OutboxMessage => ({
  id: `m${id}`,
  kind: 'registration',
  accountId: id,
  to,
  subject: 'Welcome',
  status: 'pending',
  attempts: 0,
  createdAt: '2026-12-06T08:00:00Z',
  nextAttemptAt: '2026-12-06T08:01:00Z',
  lastAttemptAt: null,
  lastError: null,
  sentAt: null,
  withdrawnAt: null,
  withdrawnReason: null,
});

describe('OutboxScreen', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('a slow answer for an older filter never replaces the answer for the newer filter', async () => {
    const api = installFakeApi();
    view = await render(<OutboxScreen />);
    // The screen opens on "All"; that answer is slow.
    const [all] = api.callsOf('outbox.list');
    expect(all?.input).toEqual({});

    await chooseRadio(view.container, 'Sent');
    const sent = api.callsOf('outbox.list').find((c) => c.input.status === 'sent');
    expect(sent, 'choosing "Sent" asks for sent mail').toBeDefined();
    await sent!.answer({ ok: true, value: { relayConfigured: true, counts, total: 0, rows: [] } });
    expect(textOf(view.container)).toContain('No mail here.');

    // The answer for "All" arrives last: it must not be shown under "Sent".
    await all!.answer({ ok: true, value: { relayConfigured: true, counts, total: 2, rows: [pendingMail(1, 'maija@example.com'), pendingMail(2, 'pekka@example.com')] } });
    expect(textOf(view.container)).toContain('No mail here.');
    expect(textOf(view.container)).not.toContain('maija@example.com');

    // It was not lost either: it is kept for "All", so going back shows it at once.
    await chooseRadio(view.container, 'All');
    expect(textOf(view.container)).toContain('maija@example.com');
  });
});
