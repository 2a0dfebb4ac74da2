/**
 * The arithmetic of the app's count charts, kept free of React and of the chart library so it can
 * be tested on its own: whole-number axes, and a window of time buckets that fits the data.
 */

export interface CountAxis {
  /** From zero to the top tick. */
  domain: [number, number];
  /** Whole numbers from 0 to domain[1], evenly spaced. */
  ticks: number[];
}

/**
 * A count axis for values up to `max`: at most `maxTicks` intervals, each a whole number of the
 * form 1, 2 or 5 × 10^n, so a count is never labelled 0.25 or 1.5. An empty chart gets 0..1.
 */
export function countAxis(max: number, maxTicks = 5): CountAxis {
  if (!Number.isFinite(max) || max < 0) throw new RangeError(`countAxis: max must be a finite count, got ${max}`);
  if (!Number.isInteger(maxTicks) || maxTicks < 1) throw new RangeError(`countAxis: maxTicks must be a positive whole number, got ${maxTicks}`);
  const top = Math.max(1, Math.ceil(max));
  let step = 1;
  for (let magnitude = 1; ; magnitude *= 10) {
    const fit = [1, 2, 5].map((m) => m * magnitude).find((s) => Math.ceil(top / s) <= maxTicks);
    if (fit !== undefined) {
      step = fit;
      break;
    }
  }
  const end = Math.ceil(top / step) * step;
  const ticks: number[] = [];
  for (let v = 0; v <= end; v += step) ticks.push(v);
  return { domain: [0, end], ticks };
}

/**
 * The buckets a chart shows of a time series: from the first bucket with data to the last, widened
 * evenly on both sides to at least `minBuckets` (or the whole series if shorter), so one day of
 * data in a month-long range is a bar among its neighbours, not a sliver at the edge of 30. A
 * series with no data at all is returned whole. The table beside the chart keeps every bucket.
 */
export function bucketWindow<T>(series: readonly T[], hasData: (bucket: T) => boolean, minBuckets = 7): T[] {
  if (!Number.isInteger(minBuckets) || minBuckets < 1) throw new RangeError(`bucketWindow: minBuckets must be a positive whole number, got ${minBuckets}`);
  const first = series.findIndex(hasData);
  if (first < 0) return [...series];
  let last = series.length - 1;
  while (!hasData(series[last]!)) last--;
  let from = first;
  let to = last;
  const want = Math.min(minBuckets, series.length);
  // Grow one bucket at a time, after first, then before, keeping the data in the middle.
  while (to - from + 1 < want) {
    if (to < series.length - 1) to++;
    if (to - from + 1 < want && from > 0) from--;
  }
  return series.slice(from, to + 1);
}
