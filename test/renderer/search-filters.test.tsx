// @vitest-environment happy-dom
import { act } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import type { AccessLogRow } from '../../src/shared/contract/dsr';
import type { Lead } from '../../src/shared/contract/leads';
import { fieldIssue } from '../../src/shared/errors';
import { AccountsScreen } from '../../src/renderer/src/screens/customers/AccountsScreen';
import { AccessLogScreen } from '../../src/renderer/src/screens/dsr/AccessLogScreen';
import { LeadsScreen } from '../../src/renderer/src/screens/leads/LeadsScreen';
import { NotesScreen } from '../../src/renderer/src/screens/notes/NotesScreen';
import { installFakeApi, render, textOf, type Rendered, type, submit } from './support/render';

/** Picks an option of a select the way a browser does. */
async function choose(select: HTMLSelectElement, value: string): Promise<void> {
  const setValue = Object.getOwnPropertyDescriptor(HTMLSelectElement.prototype, 'value')!.set!;
  await act(async () => {
    setValue.call(select, value);
    select.dispatchEvent(new Event('change', { bubbles: true }));
  });
}

async function click(button: HTMLElement): Promise<void> {
  await act(async () => button.click());
}

/** The form control labelled `text` inside `root`. */
function field<T extends HTMLElement>(root: HTMLElement, text: string): T {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent?.replace(/\s+/g, ' ').trim() === text);
  const el = label?.htmlFor ? root.ownerDocument.getElementById(label.htmlFor) : null;
  if (!el) throw new Error(`No field labelled "${text}"; labels: ${[...root.querySelectorAll('label')].map((l) => l.textContent).join(' | ')}`);
  return el as T;
}

function button(root: HTMLElement, text: string): HTMLButtonElement {
  const b = [...root.querySelectorAll('button')].find((x) => x.textContent?.trim() === text);
  if (!b) throw new Error(`No button "${text}"`);
  return b;
}

const lead = (id: number, name: string, status: Lead['status']): Lead => ({
  id,
  name,
  phone: '+358 40 123 4567',
  email: null,
  company: null,
  notes: null,
  status,
  convertedAccountId: status === 'converted' ? 7 : null,
  convertedAt: null,
  createdAt: '2026-12-01T08:00:00Z',
  updatedAt: '2026-12-01T08:00:00Z',
  permission: {
    obtainedByStaffId: 1,
    obtainedByName: 'Anna',
    obtainedAt: '2026-12-01T07:00:00Z',
    method: 'call',
    scriptVersion: 'tm-v1-en',
    scriptSha256: 'a'.repeat(64),
    scriptLanguage: 'en',
    confirmation: 'Yes, call me.',
    recordedAt: '2026-12-01T08:00:00Z',
    recordedByName: 'Anna',
  },
});

const read = (seq: number, subjectId: string): AccessLogRow => ({ seq, at: '2026-12-01T08:00:00Z', actorId: 1, actorName: 'Anna', action: 'account.view', subjectType: 'account', subjectId });

describe('filters on a query: a late answer for an earlier filter is never shown', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('leads: the answer for "Open" arriving after "Converted" was chosen stays out of the list', async () => {
    const api = installFakeApi();
    view = await render(<LeadsScreen />);
    const [open] = api.callsOf('leads.list');
    expect(open?.input).toEqual({ status: 'open', query: '' });

    await choose(field(view.container, 'Show'), 'converted');
    const converted = api.callsOf('leads.list').find((c) => c.input.status === 'converted');
    expect(converted, 'choosing "Converted" asks for converted leads').toBeDefined();
    await converted!.answer({ ok: true, value: { leads: [lead(2, 'Liisa Lehto', 'converted')], nextBeforeId: null } });
    expect(textOf(view.container)).toContain('Liisa Lehto');

    await open!.answer({ ok: true, value: { leads: [lead(1, 'Pekka Pouta', 'open')], nextBeforeId: null } });
    expect(textOf(view.container)).toContain('Liisa Lehto');
    expect(textOf(view.container)).not.toContain('Pekka Pouta');
  });

  it('access log: neither the unfiltered answer nor an older page asked for before the filter joins the filtered list', async () => {
    const api = installFakeApi();
    view = await render(<AccessLogScreen />);
    const [all] = api.callsOf('dsr.accessLog');
    expect(all?.input).toEqual({});
    await all!.answer({ ok: true, value: { rows: [read(9, '101')], nextBeforeSeq: 9 } });
    // "Show older" under no filter, slow to answer.
    await click(button(view.container, 'Show older'));
    const older = api.callsOf('dsr.accessLog').find((c) => c.input.beforeSeq === 9);
    expect(older, '"Show older" asks for the page before row 9').toBeDefined();

    const form = view.container.querySelector<HTMLFormElement>('form[role="search"]')!;
    await type(field(form, 'Person’s email'), 'maija@example.com');
    await submit(form);
    const filtered = api.callsOf('dsr.accessLog').find((c) => c.input.email === 'maija@example.com');
    expect(filtered, 'the filter asks for that person').toBeDefined();
    await filtered!.answer({ ok: true, value: { rows: [read(5, '555')], nextBeforeSeq: null } });
    expect(textOf(view.container)).toContain('555');

    await older!.answer({ ok: true, value: { rows: [read(3, '333')], nextBeforeSeq: null } });
    expect(textOf(view.container)).toContain('555');
    expect(textOf(view.container)).not.toContain('333');
    expect(textOf(view.container)).not.toContain('101');
  });
});

describe('search boxes: react-hook-form with the channel schema', () => {
  let view: Rendered | null = null;
  afterEach(() => view?.unmount());

  it('accounts: the schema refuses a one-letter search on the field; a field the core refuses lands on the field and takes the focus', async () => {
    const api = installFakeApi();
    view = await render(<AccountsScreen />);
    const form = view.container.querySelector<HTMLFormElement>('form[role="search"]')!;
    const query = field<HTMLInputElement>(form, 'Search accounts');
    await type(query, 'x');
    await submit(form);
    await expect.poll(() => query.getAttribute('aria-invalid')).toBe('true');
    expect(textOf(form)).toContain('Type at least two characters.');
    expect(api.callsOf('customers.search')).toHaveLength(0);

    await type(query, '4111 1111 1111 1111');
    query.blur();
    await submit(form);
    await submit(form);
    await expect.poll(() => api.callsOf('customers.search').length).toBe(1);
    await act(async () => {});
    expect(api.callsOf('customers.search'), 'a second Enter while the first search runs sends nothing').toHaveLength(1);
    await api.callsOf('customers.search')[0]!.answer({ ok: false, error: { code: 'invalid_input', message: 'The input is not valid.', fields: [fieldIssue('query', 'card_number')] } });
    expect(textOf(form)).toContain('This looks like a full card number.');
    expect(query.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(query);
    // On the field, not again in the box for refusals without a field.
    expect(textOf(view.container).match(/This looks like a full card number/g)).toHaveLength(1);
  });

  it('notes: the search sends what the schema read, and a refusal without a field is shown above the results', async () => {
    const api = installFakeApi();
    view = await render(<NotesScreen />);
    const form = view.container.querySelector<HTMLFormElement>('form[role="search"]')!;
    await type(field<HTMLInputElement>(form, 'Find a customer'), '  Maija  ');
    await submit(form);
    await expect.poll(() => api.callsOf('customers.search').length).toBe(1);
    expect(api.callsOf('customers.search')[0]!.input).toEqual({ query: 'Maija' });
    await api.callsOf('customers.search')[0]!.answer({ ok: false, error: { code: 'internal', message: 'Disk on fire.' } });
    expect(textOf(view.container)).toContain('Search failed');
  });
});
