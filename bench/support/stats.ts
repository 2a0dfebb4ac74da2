/** Small statistics helpers for bench modules. All times are in milliseconds. */

/**
 * The p-th percentile (0..100) by nearest rank. Sorts a copy; pass `sorted: true` when the
 * samples are already in ascending order.
 */
export function percentile(samples: readonly number[], p: number, sorted = false): number {
  if (samples.length === 0) throw new Error('percentile of no samples');
  if (p < 0 || p > 100) throw new Error(`percentile ${p} is outside 0..100`);
  const s = sorted ? samples : [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * s.length);
  return s[Math.min(s.length - 1, Math.max(0, rank - 1))]!;
}

export interface Summary {
  n: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarize(samples: readonly number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const sum = s.reduce((a, b) => a + b, 0);
  return {
    n: s.length,
    mean: sum / s.length,
    min: s[0]!,
    p50: percentile(s, 50, true),
    p90: percentile(s, 90, true),
    p99: percentile(s, 99, true),
    max: s[s.length - 1]!,
  };
}

/** Rounds for display and JSON: enough digits to compare, not noise. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
