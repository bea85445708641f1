// Aggregation in front of hot-shots, per series (name + tags) and flush interval: counts are summed, gauges
// keep their last value, distribution samples are collected (at most `maxSamplesPerSeries` per interval,
// a uniform sample of them beyond that). Recording is a map update; hot-shots, whose per-call formatting
// costs microseconds, is called once per series per interval instead of several times per message.
import type { MetricSink } from './statsd-sink';

export interface AggregatingSinkOptions {
  flushIntervalMs: number;
  /** Distribution samples kept per series per interval; more are sampled down uniformly (and counted). */
  maxSamplesPerSeries: number;
  /** Series held per interval; a new one past this flushes early, so memory stays bounded. */
  maxSeries: number;
  random?: () => number;
}

interface Series {
  kind: 'count' | 'gauge' | 'distribution';
  name: string;
  tags: readonly string[];
  value: number;
  samples: number[];
  /** Samples recorded this interval, kept or not. */
  seen: number;
}

export class AggregatingSink implements MetricSink {
  /** Series by tags, then by kind and name: no key is built per call for the tagger's reused arrays. */
  private series = new Map<string, Map<string, Series>>();
  private seriesCount = 0;
  private readonly joinedTags = new WeakMap<readonly string[], string>();
  private readonly timer: NodeJS.Timeout;
  /** Distribution samples left out by the per-series bound, since start. */
  samplesDropped = 0;

  constructor(
    private readonly target: MetricSink,
    private readonly options: AggregatingSinkOptions,
  ) {
    this.timer = setInterval(() => this.send(), options.flushIntervalMs);
    // Never what keeps the app's process alive.
    this.timer.unref();
  }

  count(name: string, value: number, tags: readonly string[]): void {
    this.at('count', name, tags).value += value;
  }

  gauge(name: string, value: number, tags: readonly string[]): void {
    this.at('gauge', name, tags).value = value;
  }

  distribution(name: string, value: number, tags: readonly string[]): void {
    const series = this.at('distribution', name, tags);
    series.seen += 1;
    if (series.samples.length < this.options.maxSamplesPerSeries) {
      series.samples.push(value);
      return;
    }
    this.samplesDropped += 1;
    // Reservoir sampling: every sample of the interval has the same chance to be among those sent.
    const slot = Math.floor((this.options.random ?? Math.random)() * series.seen);
    if (slot < series.samples.length) series.samples[slot] = value;
  }

  distributions(name: string, values: readonly number[], tags: readonly string[]): void {
    for (const value of values) this.distribution(name, value, tags);
  }

  async flush(): Promise<void> {
    this.send();
    await this.target.flush();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.send();
    await this.target.close();
  }

  /** Series waiting for the next flush. */
  get pendingSeries(): number {
    return this.seriesCount;
  }

  private at(kind: Series['kind'], name: string, tags: readonly string[]): Series {
    let tagKey = this.joinedTags.get(tags);
    if (tagKey === undefined) {
      tagKey = tags.join(',');
      this.joinedTags.set(tags, tagKey);
    }
    let byName = this.series.get(tagKey);
    let series = byName?.get(name);
    if (series === undefined || series.kind !== kind) {
      if (this.seriesCount >= this.options.maxSeries) {
        this.send();
        byName = undefined;
      }
      series = { kind, name, tags, value: 0, samples: [], seen: 0 };
      if (byName === undefined) {
        byName = new Map();
        this.series.set(tagKey, byName);
      }
      byName.set(name, series);
      this.seriesCount += 1;
    }
    return series;
  }

  /** Hands every series of the interval to hot-shots and starts a new interval. */
  private send(): void {
    if (this.seriesCount === 0) return;
    const all = this.series;
    this.series = new Map();
    this.seriesCount = 0;
    for (const byName of all.values()) {
      for (const { kind, name, tags, value, samples } of byName.values()) {
        if (kind === 'count') this.target.count(name, value, tags);
        else if (kind === 'gauge') this.target.gauge(name, value, tags);
        else if (samples.length > 0) this.target.distributions(name, samples, tags);
      }
    }
  }
}
