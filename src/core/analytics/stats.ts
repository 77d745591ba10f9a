import type { Stats } from './analyticsTypes';

/**
 * Count, mean, median, nearest-rank 90th percentile, min and max of `values`, or null when
 * there are none. Non-finite values are ignored rather than poisoning every figure.
 */
export function computeStats(values: ArrayLike<number>): Stats | null {
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

/**
 * `computeStats` that remembers its last input and answer. A re-analysis after one record
 * is saved usually counts the very same durations (a save rarely changes a time), and
 * comparing 10,000 numbers costs far less than sorting them again. Each call gets its own
 * copy of the figures.
 */
export class RememberedStats {
  private last: { readonly values: Float64Array; readonly stats: Stats | null } | undefined;

  of(values: ArrayLike<number>): Stats | null {
    if (this.last === undefined || !sameNumbers(this.last.values, values)) {
      this.last = { values: Float64Array.from(values), stats: computeStats(values) };
    }
    return this.last.stats === null ? null : { ...this.last.stats };
  }
}

/** Whether two lists hold the same numbers in the same order, as `Object.is` compares them. */
export function sameNumbers(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) {
    return false;
  }
  for (let i = 0; i < a.length; i++) {
    if (!Object.is(a[i], b[i])) {
      return false;
    }
  }
  return true;
}

/** Median of values already sorted ascending; the mean of the two middle values for an even count. */
export function medianOfSorted(sorted: ArrayLike<number>): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Median of `values` (no NaN), the same number `medianOfSorted` gives on them sorted, found
 * by selection in linear time; reorders `values`.
 */
export function medianBySelection(values: Float64Array): number {
  const n = values.length;
  const mid = n >> 1;
  selectInPlace(values, mid);
  if (n % 2 === 1) {
    return values[mid];
  }
  // Everything before `mid` is now at most values[mid]: the other middle value is their largest.
  let below = values[0];
  for (let i = 1; i < mid; i++) {
    if (values[i] > below) {
      below = values[i];
    }
  }
  return (below + values[mid]) / 2;
}

/** Moves the k-th smallest value to index k, smaller ones before it and larger ones after (Hoare's selection). */
function selectInPlace(a: Float64Array, k: number): void {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) {
        i++;
      }
      while (a[j] > pivot) {
        j--;
      }
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) {
      hi = j;
    } else if (k >= i) {
      lo = i;
    } else {
      return;
    }
  }
}

/** Median of unsorted values, or null when there are none. */
export function median(values: readonly number[]): number | null {
  const exact = exactMedian(values);
  return exact === null ? null : round(exact);
}

/** Median of unsorted values before rounding, for comparing with a bound; null when there are none. */
export function exactMedian(values: readonly number[]): number | null {
  return values.length === 0 ? null : medianOfSorted(Float64Array.from(values).sort());
}

/**
 * The finite values, ascending. A typed array sorts numbers natively, several times faster
 * than `Array.prototype.sort` with a comparator on the 10,000 samples of a large folder.
 */
function sortedFinite(values: ArrayLike<number>): Float64Array {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
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

/**
 * A ratio to four decimals: shown as a percentage with one decimal, and compared with band
 * limits such as 15 %, it must keep the digits that tell 15.2 % from 15 %.
 */
export function roundRatio(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
