import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy } from '../support/fault-proxy';

// The proxy the exactly-once tests rely on: each fault must do what it says, or those tests prove nothing.
let target: Server;
let url: string;
let received = 0;
/** Requests whose whole body arrived. */
let completed = 0;

beforeAll(async () => {
  target = createServer((req, res) => {
    received++;
    req.resume();
    req.on('end', () => {
      completed++;
      res.writeHead(200, { 'content-type': 'application/json', 'retry-after': '3' });
      res.end(JSON.stringify({ n: received }));
    });
  });
  await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((r) => target.close(() => r()));
});

describe('fault proxy', () => {
  it('passes requests and answers through unchanged when no fault is drawn', async () => {
    const p = await startFaultProxy({ target: url, seed: 1 });
    const before = received;
    const r = await fetch(`${p.url}/v1/push`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(200);
    expect(r.headers.get('retry-after')).toBe('3');
    expect(await r.json()).toEqual({ n: before + 1 });
    await p.close();
  });

  it('drops the answer after the target handled the request', async () => {
    const p = await startFaultProxy({ target: url, seed: 2, dropAfterCommit: 1 });
    const before = received;
    await expect(fetch(`${p.url}/x`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(received).toBe(before + 1);
    expect(p.stats.droppedAfterCommit).toBe(1);
    await p.close();
  });

  it('fails a request before it reaches the target', async () => {
    const p = await startFaultProxy({ target: url, seed: 3, failBeforeHub: 1 });
    const before = received;
    await expect(fetch(`${p.url}/x`, { method: 'POST', body: '{}' })).rejects.toThrow();
    expect(received).toBe(before);
    expect(p.stats.failedBeforeHub).toBe(1);
    await p.close();
  });

  it('sends a request twice and answers with the second answer', async () => {
    const p = await startFaultProxy({ target: url, seed: 4, duplicate: 1 });
    const before = received;
    const r = await fetch(`${p.url}/x`, { method: 'POST', body: '{}' });
    expect(await r.json()).toEqual({ n: before + 2 });
    expect(p.stats.duplicated).toBe(1);
    await p.close();
  });

  it('cuts a request halfway through its body: the target sees it begin but never handles it', async () => {
    const p = await startFaultProxy({ target: url, seed: 5, cutRequest: 1 });
    const before = received;
    await expect(fetch(`${p.url}/x`, { method: 'POST', body: JSON.stringify({ pad: 'x'.repeat(10_000) }) })).rejects.toThrow();
    expect(received).toBe(before + 1);
    expect(completed).toBe(before);
    expect(p.stats.cutRequests).toBe(1);
    await p.close();
  });

  it('cuts an answer halfway through its body, after the target handled the request', async () => {
    const p = await startFaultProxy({ target: url, seed: 6, cutAnswer: 1 });
    const before = received;
    const r = await fetch(`${p.url}/x`, { method: 'POST', body: '{}' });
    expect(r.status).toBe(200);
    await expect(r.text()).rejects.toThrow();
    expect(received).toBe(before + 1);
    expect(p.stats.cutAnswers).toBe(1);
    await p.close();
  });

  it('draws the same faults from the same seed', async () => {
    const run = async () => {
      const p = await startFaultProxy({ target: url, seed: 42, dropAfterCommit: 0.5, failBeforeHub: 0.2 });
      const outcomes: string[] = [];
      for (let i = 0; i < 20; i++) outcomes.push(await fetch(`${p.url}/x`).then((r) => String(r.status), () => 'cut'));
      await p.close();
      return outcomes;
    };
    const a = await run();
    expect(a).toContain('cut');
    expect(a).toContain('200');
    expect(await run()).toEqual(a);
  });
});
