/**
 * A hybrid logical clock: wall-clock milliseconds plus a counter. A device stamps each change with
 * tick(); when it learns a stamp from elsewhere it calls receive(), so anything it writes afterwards
 * sorts after what it has seen, whatever its own wall clock says. A stamp never goes backwards,
 * even when the wall clock does.
 *
 * Text form: 12 hex digits of milliseconds, '-', 4 hex digits of counter. Text order is stamp order,
 * so stamps compare as strings (in SQL too). Pure: no clock of its own, the caller passes `nowMs`.
 */

export interface Hlc {
  wall: number;
  counter: number;
}

export const HLC_PATTERN = /^[0-9a-f]{12}-[0-9a-f]{4}$/;
const MAX_COUNTER = 0xffff;

export const HLC_ZERO: Hlc = { wall: 0, counter: 0 };

/**
 * How far ahead of the hub's clock a change's stamp may be. A device whose clock runs further ahead
 * would win every last-writer merge until real time caught up, so the hub refuses such changes.
 */
export const MAX_CLOCK_AHEAD_MS = 10 * 60_000;

/** Milliseconds by which `stamp` is ahead of `nowMs` (zero or less when it is not). */
export function aheadOfMs(stamp: string, nowMs: number): number {
  return parseHlc(stamp).wall - nowMs;
}

export function formatHlc(h: Hlc): string {
  return `${h.wall.toString(16).padStart(12, '0')}-${h.counter.toString(16).padStart(4, '0')}`;
}

export function parseHlc(text: string): Hlc {
  if (!HLC_PATTERN.test(text)) throw new Error(`not a clock stamp: ${JSON.stringify(text)}`);
  return { wall: Number.parseInt(text.slice(0, 12), 16), counter: Number.parseInt(text.slice(13), 16) };
}

/** Past the counter's range the stamp moves to the next millisecond instead. */
function next(wall: number, counter: number): Hlc {
  return counter > MAX_COUNTER ? { wall: wall + 1, counter: 0 } : { wall, counter };
}

/** The stamp for a local change: later than `last` and not earlier than the wall clock. */
export function tick(last: Hlc, nowMs: number): Hlc {
  if (nowMs > last.wall) return { wall: nowMs, counter: 0 };
  return next(last.wall, last.counter + 1);
}

/** The clock after seeing `remote`: later than both `last` and `remote`. */
export function receive(last: Hlc, remote: Hlc, nowMs: number): Hlc {
  const wall = Math.max(last.wall, remote.wall, nowMs);
  if (wall === last.wall && wall === remote.wall) return next(wall, Math.max(last.counter, remote.counter) + 1);
  if (wall === last.wall) return next(wall, last.counter + 1);
  if (wall === remote.wall) return next(wall, remote.counter + 1);
  return { wall, counter: 0 };
}

export function compareHlc(a: Hlc, b: Hlc): number {
  return a.wall !== b.wall ? Math.sign(a.wall - b.wall) : Math.sign(a.counter - b.counter);
}

/**
 * The one total order of changes: clock stamp, then the device that wrote it, then the change's id.
 * Text stamps, so the comparison is the same one SQL makes on the stored columns.
 */
export interface Stamp {
  hlc: string;
  node: string;
  id?: string;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareStamps(a: Stamp, b: Stamp): number {
  return cmp(a.hlc, b.hlc) || cmp(a.node, b.node) || cmp(a.id ?? '', b.id ?? '');
}
