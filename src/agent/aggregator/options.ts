// Aggregator settings, their defaults (Datadog's where Datadog has one) and validation.

/** Datadog's `histogram_aggregates` vocabulary. */
export const HISTOGRAM_AGGREGATES = ['max', 'min', 'median', 'avg', 'sum', 'count'] as const;
export type HistogramAggregate = (typeof HISTOGRAM_AGGREGATES)[number];

export interface AggregatorOptions {
  /** Length of one aggregation window; rates are per second over it. Datadog: 10. */
  flushIntervalSeconds: number;
  /** Live contexts (name + tags + host) kept at once; samples for new contexts past it are dropped. */
  maxContexts: number;
  /** A context with no sample for this long is forgotten. Datadog's `dogstatsd_expiry_seconds`: 300. */
  contextExpirySeconds: number;
  /** Datadog's `histogram_aggregates` default: max, median, avg, count. */
  histogramAggregates: readonly HistogramAggregate[];
  /** Datadog's `histogram_percentiles` as fractions: default 0.95 (→ `.95percentile`; 0.995 → `.99_5percentile`). */
  histogramPercentiles: readonly number[];
  /** Percentiles emitted for each distribution at flush (fractions). */
  distributionPercentiles: readonly number[];
  /** DDSketch relative accuracy for distributions. */
  distributionRelativeAccuracy: number;
  /** Samples kept per histogram context per window (exact percentiles need them all). */
  maxHistogramSamplesPerContext: number;
  /** Distinct members tracked per set context per window. */
  maxSetMembersPerContext: number;
  /** Finished samples (timestamped DogStatsD points, check output) held for the next flush. */
  maxPassThroughSamples: number;
  maxEventsPerFlush: number;
  maxServiceChecksPerFlush: number;
  /** Host given to samples, events and checks that carry none (no `host:` tag / `h:` field). */
  hostname?: string;
  /** Milliseconds since the epoch; injectable for tests. */
  clock: () => number;
}

export const DEFAULT_AGGREGATOR_OPTIONS: Readonly<AggregatorOptions> = {
  flushIntervalSeconds: 10,
  maxContexts: 100_000,
  contextExpirySeconds: 300,
  histogramAggregates: ['max', 'median', 'avg', 'count'],
  histogramPercentiles: [0.95],
  distributionPercentiles: [0.5, 0.75, 0.9, 0.95, 0.99],
  distributionRelativeAccuracy: 0.01,
  maxHistogramSamplesPerContext: 10_000,
  maxSetMembersPerContext: 10_000,
  maxPassThroughSamples: 100_000,
  maxEventsPerFlush: 1_000,
  maxServiceChecksPerFlush: 10_000,
  clock: () => Date.now(),
};

function positiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`aggregator: ${name} must be a positive integer, got ${value}`);
}

function fractions(name: string, values: readonly number[]): void {
  for (const value of values) {
    if (!(value > 0 && value <= 1))
      throw new Error(`aggregator: ${name} must be fractions in (0, 1], got ${value}`);
  }
}

/** Fills defaults and rejects settings that cannot work, with a message naming the setting. */
export function resolveAggregatorOptions(options: Partial<AggregatorOptions> = {}): AggregatorOptions {
  const resolved: AggregatorOptions = { ...DEFAULT_AGGREGATOR_OPTIONS };
  for (const [key, value] of Object.entries(options) as [keyof AggregatorOptions, unknown][]) {
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value;
  }
  for (const key of [
    'flushIntervalSeconds',
    'maxContexts',
    'contextExpirySeconds',
    'maxHistogramSamplesPerContext',
    'maxSetMembersPerContext',
    'maxPassThroughSamples',
    'maxEventsPerFlush',
    'maxServiceChecksPerFlush',
  ] as const) {
    positiveInteger(key, resolved[key]);
  }
  for (const aggregate of resolved.histogramAggregates) {
    if (!HISTOGRAM_AGGREGATES.includes(aggregate)) {
      throw new Error(
        `aggregator: unknown histogram aggregate '${aggregate}' (use ${HISTOGRAM_AGGREGATES.join(', ')})`,
      );
    }
  }
  fractions('histogramPercentiles', resolved.histogramPercentiles);
  fractions('distributionPercentiles', resolved.distributionPercentiles);
  if (!(resolved.distributionRelativeAccuracy > 0 && resolved.distributionRelativeAccuracy < 1)) {
    throw new Error('aggregator: distributionRelativeAccuracy must be in (0, 1)');
  }
  return resolved;
}
