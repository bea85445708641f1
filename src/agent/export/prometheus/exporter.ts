// A flush sink that keeps the latest value of every series and renders them for Prometheus to scrape.
//
// How the agent's metric types are exposed (what Prometheus users expect):
//   gauge → gauge `name`.
//   count → counter `name_total`: each flushed count is a delta, so it is added to a running total
//           (the value Prometheus' rate()/increase() are built for). A gauge of per-window deltas would
//           be wrong whenever the scrape interval differs from the flush interval.
//   rate  → gauge `name` with the per-second value, exactly what Datadog graphs; and, when the sample
//           carries its interval (DogStatsD counters and histogram `.count` do), also counter
//           `name_total` accumulating value × interval, so `rate(name_total[1m])` works as usual.
//           (`rateExposition` picks one of the two instead.)
// Series that get no update for `staleAfterSeconds` disappear (a counter that comes back restarts at
// 0, which Prometheus treats as a counter reset). Samples carry no timestamps: Prometheus stamps them
// at scrape time, which keeps its staleness handling working.
//
// Cost: a flush of N samples is N map lookups and number writes. The label text comes from a cache keyed by
// the tags array (label-cache.ts), the family names and HELP texts from one per metric name
// (family-names.ts), label texts are numbered once for all families (label-numbers.ts), and series live in
// typed-array columns (family.ts): at tens of thousands of contexts,
// re-rendering every label set on every flush was most of the agent's CPU and garbage.
import type { Flush, FlushSink, MetricSample } from '../../model';
import { ExpositionBuffer } from './exposition-buffer';
import { Family, type PrometheusFamilyType } from './family';
import { FamilyNamesCache } from './family-names';
import { LabelCache } from './label-cache';
import { LabelNumbers } from './label-numbers';
import { escapeHelp } from './names';

export type { PrometheusFamilyType } from './family';

export interface PrometheusExporterOptions {
  /** Series exposed at once; samples for new series past it are dropped and counted. */
  maxSeries: number;
  /** A series with no update for this long is removed. Default 300 (Prometheus' own lookback). */
  staleAfterSeconds: number;
  /** How `rate` samples are exposed; see the file comment. */
  rateExposition: 'both' | 'gauge' | 'counter';
  /** Milliseconds since the epoch; injectable for tests. */
  clock: () => number;
}

// The series limit is a memory bound, not a cardinality policy: the aggregator's context limit
// (`dogstatsd_context_limit`, 100,000) is the one users set. A context is 1 to 10 series (a distribution
// is `.avg .count .sum .min .max` + 5 percentiles; a counter is a gauge and a `_total`), so a limit of
// 100,000 series cut the exposition off at ~30,000 contexts of kinstrument's own client metrics, silently
// for anyone not watching the dropped counter. 500,000 (as the store's series limit) leaves the context
// limit in charge for usual mixes; at ~70 bytes a series it bounds the exporter near 35 MB.
const DEFAULTS: PrometheusExporterOptions = {
  maxSeries: 500_000,
  staleAfterSeconds: 300,
  rateExposition: 'both',
  clock: () => Date.now(),
};

export interface PrometheusExporterStats {
  families: number;
  series: number;
  seriesLimit: number;
  /** Samples dropped because they would have opened a series past the limit. */
  droppedSeriesLimit: number;
  /** Samples dropped because their family already exists with the other type. */
  droppedTypeConflict: number;
  /** Series removed after `staleAfterSeconds` without an update. */
  expiredSeries: number;
}

const SELF_SERIES = 'kinstrument_prometheus_series';
const SELF_DROPPED = 'kinstrument_prometheus_samples_dropped_total';
const SELF_EXPIRED = 'kinstrument_prometheus_series_expired_total';
const RESERVED_FAMILIES = new Set([SELF_SERIES, SELF_DROPPED, SELF_EXPIRED]);
// Distinct metric names whose exposition names are kept (see family-names.ts).
const FAMILY_NAMES_LIMIT = 50_000;
const EXPIRE_INTERVAL_MS = 1_000;

export class PrometheusExporter implements FlushSink {
  readonly name = 'prometheus';
  /** `write` is synchronous and takes partial flushes (see the aggregator's sink-fanout.ts). */
  readonly acceptsChunkedFlushes = true;
  readonly options: Readonly<PrometheusExporterOptions>;
  private readonly families = new Map<string, Family>();
  private readonly labelCache = new LabelCache();
  private readonly labelNumbers = new LabelNumbers();
  private readonly familyNames = new FamilyNamesCache(FAMILY_NAMES_LIMIT);
  private seriesCount = 0;
  private lastExpireMs = -Infinity;
  /** Size of the last exposition, to size the next one's buffer. */
  private lastRenderBytes = 0;
  private droppedSeriesLimit = 0;
  private droppedTypeConflict = 0;
  private expiredSeries = 0;

  constructor(options: Partial<PrometheusExporterOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxSeries) || this.options.maxSeries < 1) {
      throw new Error('prometheus exporter: maxSeries must be a positive integer');
    }
    if (!(this.options.staleAfterSeconds > 0)) {
      throw new Error('prometheus exporter: staleAfterSeconds must be positive');
    }
  }

  write(flush: Flush): void {
    const now = this.options.clock();
    for (const sample of flush.metrics) this.record(sample, now);
    // A window may come in many chunked writes; one staleness sweep per second is plenty (render() always
    // sweeps, so a scrape never shows a stale series).
    if (now - this.lastExpireMs >= EXPIRE_INTERVAL_MS) this.expire(now);
  }

  /** The whole exposition, text format 0.0.4. */
  render(): string {
    return this.renderBuffer().toString('utf8');
  }

  /** The exposition as UTF-8 bytes, without building it as one string first (see exposition-buffer.ts). */
  renderBuffer(): Buffer {
    this.expire(this.options.clock());
    const out = new ExpositionBuffer(this.lastRenderBytes);
    for (const name of [...this.families.keys()].sort()) {
      const family = this.families.get(name);
      if (family === undefined || family.size === 0) continue;
      out.text(`# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${family.type}\n`);
      family.render(name, out);
    }
    for (const line of this.selfMetrics()) out.text(`${line}\n`);
    const bytes = out.finish();
    this.lastRenderBytes = bytes.length;
    return bytes;
  }

  stats(): PrometheusExporterStats {
    return {
      families: this.families.size,
      series: this.seriesCount,
      seriesLimit: this.options.maxSeries,
      droppedSeriesLimit: this.droppedSeriesLimit,
      droppedTypeConflict: this.droppedTypeConflict,
      expiredSeries: this.expiredSeries,
    };
  }

  private record(sample: MetricSample, now: number): void {
    const names = this.familyNames.get(sample.name);
    const labels = this.labelCache.labels(sample.tags, sample.host);
    const exposition = this.options.rateExposition;
    switch (sample.type) {
      case 'gauge':
        this.upsert(names.base, 'gauge', names.gaugeHelp, labels, now, sample.value, false);
        break;
      case 'count':
        this.upsert(names.total, 'counter', names.countHelp, labels, now, sample.value, true);
        break;
      case 'rate': {
        const asCounter = exposition !== 'gauge' && sample.intervalSeconds !== undefined;
        if (exposition !== 'counter' || !asCounter) {
          this.upsert(names.base, 'gauge', names.rateGaugeHelp, labels, now, sample.value, false);
        }
        if (asCounter) {
          const increment = sample.value * (sample.intervalSeconds ?? 0);
          this.upsert(names.total, 'counter', names.rateCounterHelp, labels, now, increment, true);
        }
        break;
      }
    }
  }

  private upsert(
    name: string,
    type: PrometheusFamilyType,
    help: string,
    labels: string,
    now: number,
    value: number,
    accumulate: boolean,
  ): void {
    let family = this.families.get(name);
    if (family === undefined) {
      if (RESERVED_FAMILIES.has(name)) {
        this.droppedTypeConflict += 1;
        return;
      }
      if (this.seriesCount >= this.options.maxSeries) {
        this.droppedSeriesLimit += 1;
        return;
      }
      family = new Family(type, help, this.labelNumbers);
      this.families.set(name, family);
    } else if (family.type !== type) {
      this.droppedTypeConflict += 1;
      return;
    }
    const label = this.labelNumbers.find(labels);
    if (label !== undefined && family.update(label, value, accumulate, now)) return;
    if (this.seriesCount >= this.options.maxSeries) {
      this.droppedSeriesLimit += 1;
      return;
    }
    family.create(labels, value, now);
    this.seriesCount += 1;
  }

  private expire(now: number): void {
    this.lastExpireMs = now;
    const cutoff = now - this.options.staleAfterSeconds * 1000;
    for (const [name, family] of this.families) {
      const removed = family.expire(cutoff);
      this.seriesCount -= removed;
      this.expiredSeries += removed;
      if (family.size === 0) this.families.delete(name);
    }
  }

  private selfMetrics(): string[] {
    return [
      `# HELP ${SELF_SERIES} Series currently exposed by the kinstrument agent's Prometheus exporter.`,
      `# TYPE ${SELF_SERIES} gauge`,
      `${SELF_SERIES} ${this.seriesCount}`,
      `# HELP ${SELF_DROPPED} Samples the exporter could not expose, by reason.`,
      `# TYPE ${SELF_DROPPED} counter`,
      `${SELF_DROPPED}{reason="series_limit"} ${this.droppedSeriesLimit}`,
      `${SELF_DROPPED}{reason="type_conflict"} ${this.droppedTypeConflict}`,
      `# HELP ${SELF_EXPIRED} Series removed after receiving no update for the staleness period.`,
      `# TYPE ${SELF_EXPIRED} counter`,
      `${SELF_EXPIRED} ${this.expiredSeries}`,
    ];
  }
}
