import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rng } from './rng';

/**
 * An HTTP proxy on loopback between sync clients and a hub that injects the faults a real network
 * has, reproducibly from a seed:
 * - dropAfterCommit: the request reaches the hub and the hub answers (so it committed), but the
 *   client's connection is cut instead of getting the answer;
 * - failBeforeHub: the client's connection is cut before anything is sent to the hub;
 * - duplicate: the request is sent to the hub twice (the second copy after the first answer); the
 *   client gets the second answer;
 * - delayMs: a random delay in [min, max] before forwarding (a slow link);
 * - cutRequest: half of the request's body reaches the hub, then both connections are cut (a
 *   connection dropped mid-push: the hub sees an aborted request);
 * - cutAnswer: the hub answers and the client gets the status, headers and half of the body, then
 *   its connection is cut (a connection dropped mid-pull).
 * Probabilities are per request, drawn in arrival order from the seeded PRNG. `setTarget` points the
 * proxy at a restarted hub. `stats` counts what was done, so a test can show the faults happened.
 *
 *   const proxy = await startFaultProxy({ target: hub.url, seed: 1, dropAfterCommit: 0.3, failBeforeHub: 0.05, duplicate: 0.02, delayMs: [0, 200] });
 *   client.baseUrl = proxy.url; … await proxy.close();
 */

export interface FaultOptions {
  target: string;
  seed: number;
  dropAfterCommit?: number;
  failBeforeHub?: number;
  duplicate?: number;
  delayMs?: [number, number];
  cutRequest?: number;
  cutAnswer?: number;
  /** Only requests whose path passes this are faulted (default: all). */
  faultIf?: (method: string, path: string) => boolean;
}

export interface FaultStats {
  requests: number;
  forwarded: number;
  droppedAfterCommit: number;
  failedBeforeHub: number;
  duplicated: number;
  cutRequests: number;
  cutAnswers: number;
}

export interface FaultProxy {
  url: string;
  stats: FaultStats;
  setTarget(url: string): void;
  /** Change fault probabilities on the fly (e.g. to zero for a final clean pass). */
  configure(o: Partial<Omit<FaultOptions, 'target' | 'seed'>>): void;
  close(): Promise<void>;
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

async function forward(target: string, req: IncomingMessage, body: Buffer): Promise<Answer> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && typeof v === 'string') headers[k] = v;
  const res = await fetch(target + req.url, { method: req.method, headers, body: body.length > 0 ? body : undefined });
  const out: Record<string, string> = {};
  res.headers.forEach((v, k) => {
    if (!HOP.has(k) && k !== 'content-encoding') out[k] = v;
  });
  return { status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) };
}

/** Sends the request's headers and half its body to the target, then aborts; resolves once the target has seen it go. */
function forwardHalf(target: string, req: IncomingMessage, body: Buffer): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && typeof v === 'string') headers[k] = v;
  headers['content-length'] = String(body.length);
  return new Promise((resolve) => {
    const out = httpRequest(target + req.url, { method: req.method, headers });
    out.on('error', () => resolve());
    out.on('close', () => resolve());
    out.write(body.subarray(0, body.length >> 1), () => out.destroy());
  });
}

export async function startFaultProxy(options: FaultOptions): Promise<FaultProxy> {
  const o: FaultOptions = { ...options };
  let target = o.target.replace(/\/$/, '');
  const random = rng(o.seed);
  const stats: FaultStats = { requests: 0, forwarded: 0, droppedAfterCommit: 0, failedBeforeHub: 0, duplicated: 0, cutRequests: 0, cutAnswers: 0 };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    stats.requests++;
    // Every draw happens on arrival, so the same seed gives the same faults for the same request order.
    const faulted = o.faultIf ? o.faultIf(req.method ?? 'GET', req.url ?? '/') : true;
    const rFail = random();
    const rDrop = random();
    const rDup = random();
    const rDelay = random();
    // Drawn only when asked for, so seeds without these faults keep the sequence they always had.
    const rCutRequest = o.cutRequest ? random() : 1;
    const rCutAnswer = o.cutAnswer ? random() : 1;
    const body = await readBody(req);
    const [dMin, dMax] = o.delayMs ?? [0, 0];
    const delay = faulted ? dMin + Math.floor(rDelay * (dMax - dMin + 1)) : 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    if (faulted && rFail < (o.failBeforeHub ?? 0)) {
      stats.failedBeforeHub++;
      req.socket.destroy();
      return;
    }
    if (faulted && rCutRequest < (o.cutRequest ?? 0)) {
      stats.cutRequests++;
      await forwardHalf(target, req, body);
      req.socket.destroy();
      return;
    }
    let answer: Answer;
    try {
      answer = await forward(target, req, body);
      stats.forwarded++;
      if (faulted && rDup < (o.duplicate ?? 0)) {
        answer = await forward(target, req, body);
        stats.forwarded++;
        stats.duplicated++;
      }
    } catch {
      // The hub is down or cut the connection: the client sees its connection cut too.
      req.socket.destroy();
      return;
    }
    if (faulted && rDrop < (o.dropAfterCommit ?? 0)) {
      stats.droppedAfterCommit++;
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { ...answer.headers, 'content-length': String(answer.body.length) });
    if (faulted && rCutAnswer < (o.cutAnswer ?? 0)) {
      stats.cutAnswers++;
      res.write(answer.body.subarray(0, answer.body.length >> 1), () => req.socket.destroy());
      return;
    }
    res.end(answer.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setTarget: (url) => {
      target = url.replace(/\/$/, '');
    },
    configure: (c) => Object.assign(o, c),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
