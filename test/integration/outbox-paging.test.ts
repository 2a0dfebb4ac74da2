import { afterEach, describe, expect, it } from 'vitest';
import { startCustomers, type CustomersEnv } from './customers-helpers';

let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

/** Queues `n` messages straight into the store, three to each instant so that ties show; every third one sent. */
function queue(e: CustomersEnv, n: number): string[] {
  const db = e.t.core.stores!.customers;
  const insert = db.prepare(
    "INSERT INTO mail_outbox (id, kind, account_id, to_address, subject, body, status, attempts, created_at, next_attempt_at) VALUES (?, 'registration', NULL, ?, 'Welcome', '', ?, 0, ?, ?)",
  );
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 9, 0, Math.floor(i / 3))).toISOString();
      const id = `m${String(i).padStart(4, '0')}`;
      insert.run(id, `p${i}@example.com`, i % 3 === 2 ? 'sent' : 'pending', at, at);
      ids.push(id);
    }
  })();
  return ids;
}

describe('outbox.list pages in the core', () => {
  it('pages newest first with a total, same-instant messages in a stable order, no row lost or repeated at the boundaries', async () => {
    env = await startCustomers();
    const ids = queue(env, 250);
    const newestFirst = [...ids].reverse();
    const first = await env.t.must('office_staff', 'outbox.list', {});
    expect(first.total).toBe(250);
    expect(first.rows.map((r) => r.id)).toEqual(newestFirst.slice(0, 100));
    const seen: string[] = [];
    for (const offset of [0, 100, 200]) {
      const page = await env.t.must('office_staff', 'outbox.list', { limit: 100, offset });
      expect(page.total).toBe(250);
      seen.push(...page.rows.map((r) => r.id));
    }
    expect(seen).toEqual(newestFirst);
    // A page size that splits a same-instant group still neither drops nor repeats.
    const a = await env.t.must('office_staff', 'outbox.list', { limit: 4, offset: 0 });
    const b = await env.t.must('office_staff', 'outbox.list', { limit: 4, offset: 4 });
    expect([...a.rows, ...b.rows].map((r) => r.id)).toEqual(newestFirst.slice(0, 8));
    expect((await env.t.must('office_staff', 'outbox.list', { offset: 250 })).rows).toEqual([]);
  });

  it('pages a filter with the filter total', async () => {
    env = await startCustomers();
    const ids = queue(env, 250);
    const sent = ids.filter((_, i) => i % 3 === 2).reverse();
    const p1 = await env.t.must('office_staff', 'outbox.list', { status: 'sent', limit: 50 });
    const p2 = await env.t.must('office_staff', 'outbox.list', { status: 'sent', limit: 50, offset: 50 });
    expect(p1.total).toBe(sent.length);
    expect(p1.counts).toMatchObject({ sent: sent.length, pending: 250 - sent.length });
    expect([...p1.rows, ...p2.rows].map((r) => r.id)).toEqual(sent.slice(0, 100));
    expect(p2.rows.every((r) => r.status === 'sent')).toBe(true);
  });

  it('refuses a bad offset with a field error', async () => {
    env = await startCustomers();
    for (const offset of [-1, 1.5, '10']) {
      const r = await env.t.call('office_staff', 'outbox.list', { offset } as never);
      expect(r.ok, String(offset)).toBe(false);
      if (!r.ok) expect(r.error.fields?.map((f) => f.path)).toEqual(['offset']);
    }
  });
});
