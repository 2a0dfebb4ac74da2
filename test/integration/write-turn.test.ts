import { BroadcastChannel } from 'node:worker_threads';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { registration, startCustomers, type CustomersEnv } from './customers-helpers';

/**
 * A job writes in turns the main thread grants (JobContext.writeTurn). While a worker holds its
 * turn, a main-thread call that writes waits for the turn's end without blocking the event loop,
 * instead of waiting for SQLite's write lock inside a synchronous call.
 */
let env: CustomersEnv | undefined;
afterEach(async () => {
  await env?.t.close();
  env = undefined;
});

const HOLDING_WORKER = { file: path.join(__dirname, '../support/write-turn-worker.mjs') };

describe('write turns of background jobs', () => {
  it('a registration made while a job holds the write lock waits for the turn and succeeds, with the event loop free meanwhile', async () => {
    env = await startCustomers({ workerEntry: HOLDING_WORKER });
    const control = new BroadcastChannel('write-turn-test');
    try {
      const holding = new Promise<void>((resolve) => {
        control.onmessage = (e) => {
          if ((e as { data: unknown }).data === 'holding') resolve();
        };
      });
      // Any job will do: the test worker ignores what it is given and only takes a write turn.
      await env.t.must('manager', 'reports.summary', { from: '2026-11-01', to: '2026-11-30' });
      await holding;
      const registering = env.t.call('office_staff', 'customers.register', registration(env, { email: 'during.turn@example.com' }));
      // The main thread is free to pass the release on: a registration stuck inside SQLite would
      // hold it until the busy timeout ran out, and then fail.
      await new Promise((r) => setImmediate(r));
      control.postMessage('release');
      const r = await registering;
      expect(r.ok ? r.value.outcome : r.error).toBe('registered');
    } finally {
      control.close();
    }
  });
});
