// The shape of a check's metric catalog: plain data, read by the checks themselves, by tests (every submitted
// name must be listed with its type) and by the README generator (one table per check).

/**
 * How a check submits a value, with Datadog's meaning:
 * - `gauge`: the value as read;
 * - `rate`: the per-second derivative between two runs (first run: nothing), flushed as a gauge;
 * - `monotonic_count`: the increase since the previous run (first run and counter resets: nothing), flushed
 *   as a count;
 * - `count`: a number of occurrences during this run, flushed as a count.
 */
export type CheckMetricType = 'gauge' | 'count' | 'rate' | 'monotonic_count';

export interface CheckMetricDefinition {
  /** Metric name as submitted, e.g. `kafka.net.bytes_in.rate`. */
  readonly name: string;
  /**
   * For families whose members are only known at run time (e.g. every `mntr` key): a regular expression
   * (source text, anchored by the reader) that the submitted names match. `name` then shows the pattern
   * to humans, e.g. `zookeeper.<mntr key>`.
   */
  readonly namePattern?: string;
  readonly type: CheckMetricType;
  /** Datadog unit name (`byte`, `millisecond`, `message`, `offset`, `second`, `fraction`, …) or '' if none. */
  readonly unit: string;
  readonly description: string;
  /** Tag keys set by the check itself (instance `tags` come on top). */
  readonly tags: readonly string[];
  /** Where the value comes from: `MBean → attribute`, a four-letter word, or an admin API call. */
  readonly source: string;
  /** Names Datadog also uses keep dashboards portable; `kinstrument` marks our own additions. */
  readonly origin: 'datadog' | 'kinstrument';
}

export interface CheckServiceCheckDefinition {
  readonly name: string;
  readonly statuses: readonly ('OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN')[];
  readonly tags: readonly string[];
  readonly description: string;
}

export interface CheckCatalog {
  /** Check name as used in `conf.d/<name>.d/conf.yaml` and in instance ids. */
  readonly check: string;
  readonly description: string;
  readonly metrics: readonly CheckMetricDefinition[];
  readonly serviceChecks: readonly CheckServiceCheckDefinition[];
  /** Metadata keys the check reports (`version`, …), shown by `kinstrument status`. */
  readonly metadata: readonly string[];
}

/** Finds the catalog entry a submitted metric name belongs to (exact names first, then patterns). */
export function findCatalogMetric(catalog: CheckCatalog, name: string): CheckMetricDefinition | undefined {
  const exact = catalog.metrics.find((metric) => metric.namePattern === undefined && metric.name === name);
  if (exact) return exact;
  return catalog.metrics.find(
    (metric) => metric.namePattern !== undefined && new RegExp(`^(?:${metric.namePattern})$`).test(name),
  );
}
