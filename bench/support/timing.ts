/** Timing loops for bench modules. All times are in milliseconds, from the monotonic hrtime clock. */

export const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Time one synchronous run of fn. */
export function timeSync(fn: () => unknown): number {
  const t0 = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

/** Time one asynchronous run of fn. */
export async function timeAsync(fn: () => unknown): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export interface LoopOptions {
  /** Untimed runs first, so JIT, statement caches and the page cache are warm. */
  warmup: number;
  iterations: number;
  /**
   * Give the event loop one turn (untimed) before each run, as separate IPC calls get in the app,
   * so timers and I/O callbacks run between calls instead of piling up. Only sampleAsync and
   * interleaved honour it.
   */
  yieldBetween?: boolean;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Per-iteration times of fn(i); i counts on across warm-up and timed runs. */
export function sampleSync(opts: LoopOptions, fn: (i: number) => unknown): number[] {
  for (let i = 0; i < opts.warmup; i++) fn(i);
  const out = new Array<number>(opts.iterations);
  for (let k = 0; k < opts.iterations; k++) {
    const i = opts.warmup + k;
    const t0 = process.hrtime.bigint();
    fn(i);
    out[k] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return out;
}

type MaybeAsync = (i: number) => unknown;

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as { then?: unknown } | null)?.then === 'function';

/**
 * Like sampleSync for a function that may return a promise; each run is awaited before the next
 * starts (no overlap). A plain (non-promise) result is not awaited, so a sync baseline measured
 * through this loop pays no microtask.
 */
export async function sampleAsync(opts: LoopOptions, fn: MaybeAsync): Promise<number[]> {
  for (let i = 0; i < opts.warmup; i++) {
    if (opts.yieldBetween) await turn();
    const r = fn(i);
    if (isThenable(r)) await r;
  }
  const out = new Array<number>(opts.iterations);
  for (let k = 0; k < opts.iterations; k++) {
    const i = opts.warmup + k;
    if (opts.yieldBetween) await turn();
    const t0 = process.hrtime.bigint();
    const r = fn(i);
    if (isThenable(r)) await r;
    out[k] = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return out;
}

/**
 * Runs two sample loops interleaved in rounds (a, b, a, b, …) and returns both sample sets, so a
 * burst of noise from other processes on this shared machine lands on both sides of a ratio
 * rather than on one. Either function may be sync or async.
 */
export async function interleaved(opts: LoopOptions & { rounds?: number }, a: MaybeAsync, b: MaybeAsync): Promise<{ a: number[]; b: number[] }> {
  const rounds = Math.max(1, opts.rounds ?? 10);
  const per = Math.ceil(opts.iterations / rounds);
  const out = { a: [] as number[], b: [] as number[] };
  let ia = 0;
  let ib = 0;
  const y = opts.yieldBetween ?? false;
  await sampleAsync({ warmup: 0, iterations: opts.warmup, yieldBetween: y }, () => a(ia++));
  await sampleAsync({ warmup: 0, iterations: opts.warmup, yieldBetween: y }, () => b(ib++));
  for (let r = 0; r < rounds; r++) {
    out.a.push(...(await sampleAsync({ warmup: 0, iterations: per, yieldBetween: y }, () => a(ia++))));
    out.b.push(...(await sampleAsync({ warmup: 0, iterations: per, yieldBetween: y }, () => b(ib++))));
  }
  return out;
}
