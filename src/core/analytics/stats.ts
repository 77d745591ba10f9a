import type { Stats } from './analyticsTypes';

/**
 * Count, mean, median, nearest-rank 90th percentile, min and max of `values`, or null when
 * there are none. Non-finite values are ignored rather than poisoning every figure.
 */
export function computeStats(values: readonly number[]): Stats | null {
  const sorted = sortedFinite(values);
  const count = sorted.length;
  if (count === 0) {
    return null;
  }
  let sum = 0;
  for (const v of sorted) {
    sum += v;
  }
  return {
    count,
    mean: round(sum / count),
    median: round(medianOfSorted(sorted)),
    p90: sorted[Math.max(0, Math.ceil(0.9 * count) - 1)],
    min: sorted[0],
    max: sorted[count - 1]
  };
}

/** Median of values already sorted ascending; the mean of the two middle values for an even count. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Median of unsorted values, or null when there are none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) {
    return null;
  }
  return round(medianOfSorted(Float64Array.from(values).sort()));
}

/**
 * The finite values, ascending. A typed array sorts numbers natively, several times faster
 * than `Array.prototype.sort` with a comparator on the 10,000 samples of a large folder.
 */
function sortedFinite(values: readonly number[]): Float64Array {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      finite[n++] = v;
    }
  }
  return finite.subarray(0, n).sort();
}

/** Two decimals are plenty for seconds and keep JSON output stable across platforms. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
