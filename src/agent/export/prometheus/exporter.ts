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
import type { Flush, FlushSink, MetricSample } from '../../model';
import { renderLabels } from './labels';
import { escapeHelp, formatSampleValue, sanitizeMetricName } from './names';

export type PrometheusFamilyType = 'gauge' | 'counter';

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

const DEFAULTS: PrometheusExporterOptions = {
  maxSeries: 100_000,
  staleAfterSeconds: 300,
  rateExposition: 'both',
  clock: () => Date.now(),
};

interface Series {
  value: number;
  updatedMs: number;
}

interface Family {
  type: PrometheusFamilyType;
  help: string;
  /** Keyed by the rendered label text, which is what the sample line needs. */
  series: Map<string, Series>;
}

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

function totalName(base: string): string {
  return base.endsWith('_total') ? base : `${base}_total`;
}

export class PrometheusExporter implements FlushSink {
  readonly name = 'prometheus';
  readonly options: Readonly<PrometheusExporterOptions>;
  private readonly families = new Map<string, Family>();
  private seriesCount = 0;
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
    this.expire(now);
  }

  /** The whole exposition, text format 0.0.4. */
  render(): string {
    this.expire(this.options.clock());
    const lines: string[] = [];
    for (const name of [...this.families.keys()].sort()) {
      const family = this.families.get(name);
      if (family === undefined || family.series.size === 0) continue;
      lines.push(`# HELP ${name} ${escapeHelp(family.help)}`, `# TYPE ${name} ${family.type}`);
      for (const [labels, series] of family.series)
        lines.push(`${name}${labels} ${formatSampleValue(series.value)}`);
    }
    lines.push(...this.selfMetrics());
    return `${lines.join('\n')}\n`;
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
    const base = sanitizeMetricName(sample.name);
    const labels = renderLabels(sample.tags, sample.host);
    const exposition = this.options.rateExposition;
    switch (sample.type) {
      case 'gauge':
        this.upsert(base, 'gauge', `${sample.name} (gauge)`, labels, now, sample.value, false);
        break;
      case 'count':
        this.upsert(
          totalName(base),
          'counter',
          `${sample.name} (count), running total`,
          labels,
          now,
          sample.value,
          true,
        );
        break;
      case 'rate': {
        const help = `${sample.name} (rate)`;
        const asCounter = exposition !== 'gauge' && sample.intervalSeconds !== undefined;
        if (exposition !== 'counter' || !asCounter) {
          this.upsert(
            base,
            'gauge',
            `${help}, per second over each flush interval`,
            labels,
            now,
            sample.value,
            false,
          );
        }
        if (asCounter) {
          const increment = sample.value * (sample.intervalSeconds ?? 0);
          this.upsert(totalName(base), 'counter', `${help}, running total`, labels, now, increment, true);
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
      family = { type, help, series: new Map() };
      this.families.set(name, family);
    } else if (family.type !== type) {
      this.droppedTypeConflict += 1;
      return;
    }
    const series = family.series.get(labels);
    if (series !== undefined) {
      series.value = accumulate ? series.value + value : value;
      series.updatedMs = now;
      return;
    }
    if (this.seriesCount >= this.options.maxSeries) {
      this.droppedSeriesLimit += 1;
      return;
    }
    family.series.set(labels, { value, updatedMs: now });
    this.seriesCount += 1;
  }

  private expire(now: number): void {
    const cutoff = now - this.options.staleAfterSeconds * 1000;
    for (const [name, family] of this.families) {
      for (const [labels, series] of family.series) {
        if (series.updatedMs < cutoff) {
          family.series.delete(labels);
          this.seriesCount -= 1;
          this.expiredSeries += 1;
        }
      }
      if (family.series.size === 0) this.families.delete(name);
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
