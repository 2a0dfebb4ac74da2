import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * One office device of the office sync bench in a process of its own (office-device.ts), as a
 * laptop is a machine of its own. The bench drives it by messages, one answer per request.
 */

export type DeviceRequest =
  | { cmd: 'start'; hubUrl: string; code: string }
  | { cmd: 'ops'; seed: number; pickSeed: number; n: number; everyone: string[] }
  | { cmd: 'sync' }
  | { cmd: 'counts' }
  | { cmd: 'close' };

export interface DeviceAnswers {
  start: Record<string, never>;
  /** How long the device took for its operations, and every change they queued. */
  ops: { seconds: number; queued: string[] };
  /** After one "Sync now": its error, if any, what is still unsent, and the digest of its replicated tables. */
  sync: { error: string | null; unsent: number; digest: string };
  counts: { accounts: number; records: number };
  close: Record<string, never>;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export interface DeviceProcess {
  tag: string;
  pid: number;
  call<R extends DeviceRequest>(req: R): Promise<DeviceAnswers[R['cmd']]>;
  /** Closes the device's core and ends its process (killed if it does not end in 30 s). */
  close(): Promise<void>;
}

const ENTRY = path.join(path.dirname(fileURLToPath(import.meta.url)), 'office-device.ts');

export function startDevice(tag: string): DeviceProcess {
  // The same node and loader flags as this process (tsx), so the child runs the TypeScript sources.
  const child: ChildProcess = fork(ENTRY, [tag], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  let next = 0;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (m: Reply) => {
    const w = waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id);
    if (m.ok) w.resolve(m.value);
    else w.reject(new Error(`device ${tag}: ${m.message}`));
  });
  child.once('exit', (code, signal) => {
    for (const w of waiting.values()) w.reject(new Error(`device ${tag} exited (${code ?? signal}) with a request unanswered`));
    waiting.clear();
  });
  const call = <R extends DeviceRequest>(req: R): Promise<DeviceAnswers[R['cmd']]> =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      child.send({ id, req });
    });
  return {
    tag,
    pid: child.pid!,
    call,
    close: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      try {
        await call({ cmd: 'close' }).catch(() => undefined);
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
