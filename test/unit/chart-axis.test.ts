import { describe, expect, it } from 'vitest';
import { bucketWindow, countAxis } from '../../src/shared/chart-axis';

describe('countAxis', () => {
  it('labels small counts in whole steps, never quarters', () => {
    expect(countAxis(1)).toEqual({ domain: [0, 1], ticks: [0, 1] });
    expect(countAxis(3)).toEqual({ domain: [0, 3], ticks: [0, 1, 2, 3] });
    expect(countAxis(0)).toEqual({ domain: [0, 1], ticks: [0, 1] });
  });

  it('uses 1, 2 or 5 times a power of ten, with at most five intervals', () => {
    expect(countAxis(7).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(countAxis(10).ticks).toEqual([0, 2, 4, 6, 8, 10]);
    expect(countAxis(23).ticks).toEqual([0, 5, 10, 15, 20, 25]);
    expect(countAxis(480).ticks).toEqual([0, 100, 200, 300, 400, 500]);
    expect(countAxis(100_001).domain).toEqual([0, 150_000]);
  });

  it('always covers the largest value with whole ticks', () => {
    for (let max = 0; max <= 2_000; max += 7) {
      const a = countAxis(max);
      expect(a.domain[1]).toBeGreaterThanOrEqual(max);
      expect(a.ticks.every(Number.isInteger)).toBe(true);
      expect(a.ticks.length - 1).toBeLessThanOrEqual(5);
      expect(a.ticks.at(-1)).toBe(a.domain[1]);
    }
  });

  it('refuses what is not a count', () => {
    expect(() => countAxis(-1)).toThrow(RangeError);
    expect(() => countAxis(Number.NaN)).toThrow(RangeError);
  });
});

const days = (n: number, data: Record<number, number>) => Array.from({ length: n }, (_, i) => ({ i, count: data[i] ?? 0 }));
const has = (b: { count: number }) => b.count > 0;

describe('bucketWindow', () => {
  it('shows one day of a 30-day range among six neighbours, not at the edge of 30', () => {
    expect(bucketWindow(days(30, { 29: 4 }), has).map((b) => b.i)).toEqual([23, 24, 25, 26, 27, 28, 29]);
    expect(bucketWindow(days(30, { 0: 4 }), has).map((b) => b.i)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(bucketWindow(days(30, { 14: 4 }), has).map((b) => b.i)).toEqual([11, 12, 13, 14, 15, 16, 17]);
  });

  it('keeps every bucket between the first and the last with data', () => {
    expect(bucketWindow(days(30, { 3: 1, 20: 2 }), has).map((b) => b.i)).toEqual(Array.from({ length: 18 }, (_, k) => k + 3));
  });

  it('returns a short or empty series whole', () => {
    expect(bucketWindow(days(3, { 1: 1 }), has)).toHaveLength(3);
    expect(bucketWindow(days(30, {}), has)).toHaveLength(30);
    expect(bucketWindow([], has)).toEqual([]);
  });
});
