// How long the receiver spends on requests, as cumulative histograms over fixed buckets: bounded whatever
// the traffic, and two snapshots subtract into the histogram of the requests between them (the benchmark
// reads one per step).

/** Upper bounds of the buckets, milliseconds; one more bucket holds everything slower. */
export const DURATION_BUCKETS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000,
];

export interface DurationHistogram {
  /** Requests per bucket: `counts[i]` took at most DURATION_BUCKETS_MS[i] (and more than the bucket before); the last, more than all. */
  counts: number[];
  count: number;
  sumMs: number;
  /** The slowest request ever recorded (not subtracted by `histogramSince`). */
  maxMs: number;
}

export function emptyHistogram(): DurationHistogram {
  return { counts: new Array<number>(DURATION_BUCKETS_MS.length + 1).fill(0), count: 0, sumMs: 0, maxMs: 0 };
}

export function recordDuration(histogram: DurationHistogram, ms: number): void {
  let bucket = 0;
  while (bucket < DURATION_BUCKETS_MS.length && ms > (DURATION_BUCKETS_MS[bucket] as number)) bucket += 1;
  histogram.counts[bucket] = (histogram.counts[bucket] ?? 0) + 1;
  histogram.count += 1;
  histogram.sumMs += ms;
  if (ms > histogram.maxMs) histogram.maxMs = ms;
}

export function copyHistogram(histogram: DurationHistogram): DurationHistogram {
  return { ...histogram, counts: [...histogram.counts] };
}

/** The requests recorded after `before` was taken (both snapshots of the same histogram). */
export function histogramSince(after: DurationHistogram, before: DurationHistogram): DurationHistogram {
  return {
    counts: after.counts.map((count, index) => count - (before.counts[index] ?? 0)),
    count: after.count - before.count,
    sumMs: after.sumMs - before.sumMs,
    maxMs: after.maxMs,
  };
}

/**
 * The upper bound of the bucket that holds quantile `q` (0–1): at least that share of requests took at most
 * this long. Undefined without requests; Infinity when it falls past the last bucket.
 */
export function quantileBound(histogram: DurationHistogram, q: number): number | undefined {
  if (histogram.count <= 0) return undefined;
  const rank = Math.max(1, Math.ceil(q * histogram.count));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.counts.length; bucket += 1) {
    seen += histogram.counts[bucket] ?? 0;
    if (seen >= rank) return DURATION_BUCKETS_MS[bucket] ?? Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

/** "p50 ≤ 5 ms, p99 ≤ 100 ms" (or "> 5000 ms" past the last bucket). */
export function describeQuantiles(histogram: DurationHistogram): string {
  const bound = (q: number) => {
    const value = quantileBound(histogram, q);
    if (value === undefined) return 'n/a';
    return Number.isFinite(value) ? `≤ ${value} ms` : `> ${DURATION_BUCKETS_MS.at(-1)} ms`;
  };
  return `p50 ${bound(0.5)}, p99 ${bound(0.99)}`;
}
