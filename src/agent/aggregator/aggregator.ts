// The aggregator: DogStatsD samples in, one `Flush` per window out, fanned out to the sinks.
//
// Semantics (Datadog's, see the state classes for each type):
//   c          → `name` as a rate (window sum ÷ window length, interval attached); 0 while idle, until expiry
//   g          → `name` gauge, last value
//   s          → `name` gauge, distinct members
//   h, ms      → `name.max .median .avg .count(rate) .95percentile` (configurable)
//   d          → `name.avg .count .sum .min .max .p50 .p75 .p90 .p95 .p99` from a DDSketch
//   g, c + |T  → passed through untouched with their own timestamp (count as a raw `count`)
// Timestamps of aggregated series are the window start, as in Datadog.
import type { AgentEvent, Flush, FlushSink, MetricSample, MetricType, ServiceCheck } from '../model';
import type {
  DogStatsDHandler,
  ParsedEvent,
  ParsedMetric,
  ParsedServiceCheck,
} from '../intake/dogstatsd/types';
import { contextKey, resolveTags } from './context';
import { DistributionState } from './distribution-state';
import type { ContextKind, EmitSeries } from './emit';
import { HistogramState } from './histogram-state';
import { resolveAggregatorOptions, type AggregatorOptions } from './options';
import { CounterState, GaugeState, SetState } from './simple-states';
import { SinkFanout, type SinkStats } from './sink-fanout';

type ContextState = CounterState | GaugeState | SetState | HistogramState | DistributionState;

interface Context {
  name: string;
  tags: readonly string[];
  host: string | undefined;
  state: ContextState;
  lastSampleMs: number;
}

const SOURCE = 'dogstatsd';

export interface AggregatorStats {
  contexts: number;
  contextsByKind: Record<ContextKind, number>;
  contextLimit: number;
  /** Samples dropped because they would have opened a context past the limit. */
  contextOverflow: number;
  contextsExpired: number;
  /** Samples dropped because their context already exists with another type (e.g. `x:1|c` then `x:1|g`). */
  typeConflicts: number;
  /** Metric values aggregated (a packed line counts each value). */
  samples: number;
  /** Histogram samples counted in count/avg/min/max but not kept for percentiles (per-context cap). */
  histogramSamplesDropped: number;
  /** New set members not tracked because the set was full (its count is then a lower bound). */
  setMembersDropped: number;
  passThroughSamples: number;
  passThroughDropped: number;
  eventsDropped: number;
  serviceChecksDropped: number;
  flushes: number;
  seriesFlushed: number;
  eventsFlushed: number;
  serviceChecksFlushed: number;
  /** Unix seconds of the last flush. */
  lastFlushAt?: number;
  sinks: Record<string, SinkStats>;
}

export class Aggregator implements DogStatsDHandler {
  readonly options: Readonly<AggregatorOptions>;
  private readonly contexts = new Map<string, Context>();
  private readonly percents: number[];
  private passThrough: MetricSample[] = [];
  private events: AgentEvent[] = [];
  private serviceChecks: ServiceCheck[] = [];
  private windowStartMs: number;
  private readonly sinks = new SinkFanout();
  private timer: NodeJS.Timeout | undefined;
  private readonly counters = {
    contextOverflow: 0,
    contextsExpired: 0,
    typeConflicts: 0,
    samples: 0,
    histogramSamplesDropped: 0,
    setMembersDropped: 0,
    passThroughSamples: 0,
    passThroughDropped: 0,
    eventsDropped: 0,
    serviceChecksDropped: 0,
    flushes: 0,
    seriesFlushed: 0,
    eventsFlushed: 0,
    serviceChecksFlushed: 0,
  };
  private lastFlushAt: number | undefined;

  constructor(options: Partial<AggregatorOptions> = {}) {
    this.options = resolveAggregatorOptions(options);
    // Fractions to percents, rounded to 0.01 so 0.29 gives 29 and not 28.999999999999996.
    this.percents = [
      ...new Set(this.options.histogramPercentiles.map((f) => Math.round(f * 10_000) / 100)),
    ].sort((a, b) => a - b);
    this.windowStartMs = this.options.clock();
  }

  // ---- intake -------------------------------------------------------------------------------------

  metric(metric: ParsedMetric): void {
    if (metric.timestamp !== undefined && (metric.type === 'g' || metric.type === 'c')) {
      this.passThroughTimestamped(metric);
      return;
    }
    // Timestamps on other types are not part of the protocol (v1.3 covers gauges and counts): aggregate.
    const now = this.options.clock();
    const context = this.contextFor(metric, now);
    if (context === undefined) return;
    context.lastSampleMs = now;
    const state = context.state;
    if (state.kind === 'set') {
      if (metric.type !== 's') return; // unreachable: the kind matches the type
      this.counters.samples += 1;
      if (!state.add(metric.member)) this.counters.setMembersDropped += 1;
      return;
    }
    if (metric.type === 's') return;
    this.counters.samples += metric.values.length;
    for (const value of metric.values) {
      switch (state.kind) {
        case 'counter':
          state.add(value, metric.sampleRate);
          break;
        case 'gauge':
          state.add(value);
          break;
        case 'histogram':
          if (!state.add(value, metric.sampleRate)) this.counters.histogramSamplesDropped += 1;
          break;
        case 'distribution':
          state.add(value, metric.sampleRate);
          break;
      }
    }
  }

  event(parsed: ParsedEvent): void {
    if (this.events.length >= this.options.maxEventsPerFlush) {
      this.counters.eventsDropped += 1;
      return;
    }
    const { tags, host } = resolveTags(parsed.tags, this.options.hostname);
    const event: AgentEvent = {
      title: parsed.title,
      text: parsed.text,
      timestamp: parsed.timestamp ?? Math.floor(this.options.clock() / 1000),
      tags,
      // An explicit `h:` field beats a `host:` tag, which beats the default host.
      host: parsed.host ?? host,
      alertType: parsed.alertType ?? 'info',
      priority: parsed.priority ?? 'normal',
    };
    if (event.host === undefined) delete event.host;
    if (parsed.aggregationKey !== undefined) event.aggregationKey = parsed.aggregationKey;
    if (parsed.sourceTypeName !== undefined) event.sourceTypeName = parsed.sourceTypeName;
    this.events.push(event);
  }

  serviceCheck(parsed: ParsedServiceCheck): void {
    if (this.serviceChecks.length >= this.options.maxServiceChecksPerFlush) {
      this.counters.serviceChecksDropped += 1;
      return;
    }
    const { tags, host } = resolveTags(parsed.tags, this.options.hostname);
    const check: ServiceCheck = {
      name: parsed.name,
      status: parsed.status,
      timestamp: parsed.timestamp ?? Math.floor(this.options.clock() / 1000),
      tags,
    };
    const checkHost = parsed.host ?? host;
    if (checkHost !== undefined) check.host = checkHost;
    if (parsed.message !== undefined) check.message = parsed.message;
    this.serviceChecks.push(check);
  }

  /**
   * Adds finished data (check output, or anything already aggregated) to the next flush unchanged.
   * Bounded like everything else: past the limits, items are dropped and counted.
   */
  addFinished(data: Partial<Flush>): void {
    for (const sample of data.metrics ?? []) this.pushPassThrough(sample);
    for (const check of data.serviceChecks ?? []) {
      if (this.serviceChecks.length >= this.options.maxServiceChecksPerFlush)
        this.counters.serviceChecksDropped += 1;
      else this.serviceChecks.push(check);
    }
    for (const event of data.events ?? []) {
      if (this.events.length >= this.options.maxEventsPerFlush) this.counters.eventsDropped += 1;
      else this.events.push(event);
    }
  }

  // ---- flush --------------------------------------------------------------------------------------

  /**
   * Closes the current window and returns its data; the next window starts now. Does not call the
   * sinks (see `flushToSinks`), which makes it the entry point for tests and for callers with their
   * own scheduling.
   */
  flush(nowMs: number = this.options.clock()): Flush {
    const timestamp = Math.floor(this.windowStartMs / 1000);
    const intervalSeconds = this.options.flushIntervalSeconds;
    const expiredBefore = nowMs - this.options.contextExpirySeconds * 1000;
    const metrics: MetricSample[] = this.passThrough;
    let current: Context | undefined;
    const emit: EmitSeries = (suffix: string, type: MetricType, value: number) => {
      if (current === undefined) return;
      const sample: MetricSample = {
        name: current.name + suffix,
        type,
        value,
        timestamp,
        tags: current.tags,
        source: SOURCE,
      };
      if (current.host !== undefined) sample.host = current.host;
      if (type !== 'gauge') sample.intervalSeconds = intervalSeconds;
      metrics.push(sample);
    };
    for (const [key, context] of this.contexts) {
      if (!context.state.hasData && context.lastSampleMs < expiredBefore) {
        this.contexts.delete(key);
        this.counters.contextsExpired += 1;
        continue;
      }
      current = context;
      context.state.flush(emit, intervalSeconds);
    }
    const flush: Flush = { metrics, serviceChecks: this.serviceChecks, events: this.events };
    this.passThrough = [];
    this.serviceChecks = [];
    this.events = [];
    this.windowStartMs = nowMs;
    this.counters.flushes += 1;
    this.counters.seriesFlushed += metrics.length;
    this.counters.eventsFlushed += flush.events.length;
    this.counters.serviceChecksFlushed += flush.serviceChecks.length;
    this.lastFlushAt = Math.floor(nowMs / 1000);
    return flush;
  }

  /** Flushes and hands the result to every sink; resolves when all sinks are done (never rejects). */
  async flushToSinks(nowMs?: number): Promise<Flush> {
    const flush = this.flush(nowMs);
    await this.sinks.dispatch(flush);
    return flush;
  }

  addSink(sink: FlushSink): void {
    this.sinks.add(sink);
  }

  removeSink(name: string): boolean {
    return this.sinks.remove(name);
  }

  /**
   * Flushes to the sinks every `flushIntervalSeconds`, on wall-clock multiples of the interval (so
   * window timestamps line up across restarts, as in Datadog). The timer does not keep the process alive.
   */
  start(): void {
    if (this.timer !== undefined) return;
    const intervalMs = this.options.flushIntervalSeconds * 1000;
    const now = this.options.clock();
    this.windowStartMs = now - (now % intervalMs);
    const schedule = (): void => {
      const current = this.options.clock();
      this.timer = setTimeout(tick, intervalMs - (current % intervalMs));
      this.timer.unref();
    };
    const tick = (): void => {
      void this.flushToSinks();
      schedule();
    };
    schedule();
  }

  /** Stops the loop; by default flushes what the current window holds so nothing is lost on shutdown. */
  async stop(options: { finalFlush?: boolean } = {}): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (options.finalFlush ?? true) await this.flushToSinks();
  }

  stats(): AggregatorStats {
    const contextsByKind: Record<ContextKind, number> = {
      counter: 0,
      gauge: 0,
      histogram: 0,
      distribution: 0,
      set: 0,
    };
    for (const context of this.contexts.values()) contextsByKind[context.state.kind] += 1;
    const stats: AggregatorStats = {
      contexts: this.contexts.size,
      contextsByKind,
      contextLimit: this.options.maxContexts,
      ...this.counters,
      sinks: this.sinks.stats(),
    };
    if (this.lastFlushAt !== undefined) stats.lastFlushAt = this.lastFlushAt;
    return stats;
  }

  // ---- internals ----------------------------------------------------------------------------------

  private contextFor(metric: ParsedMetric, now: number): Context | undefined {
    const { tags, host } = resolveTags(metric.tags, this.options.hostname);
    const key = contextKey(metric.name, tags, host);
    const kind = kindOf(metric.type);
    const existing = this.contexts.get(key);
    if (existing !== undefined) {
      if (existing.state.kind === kind) return existing;
      this.counters.typeConflicts += 1;
      return undefined;
    }
    if (this.contexts.size >= this.options.maxContexts) {
      this.counters.contextOverflow += 1;
      return undefined;
    }
    const context: Context = { name: metric.name, tags, host, state: this.newState(kind), lastSampleMs: now };
    this.contexts.set(key, context);
    return context;
  }

  private newState(kind: ContextKind): ContextState {
    const options = this.options;
    switch (kind) {
      case 'counter':
        return new CounterState();
      case 'gauge':
        return new GaugeState();
      case 'set':
        return new SetState(options.maxSetMembersPerContext);
      case 'histogram':
        return new HistogramState({
          aggregates: options.histogramAggregates,
          percents: this.percents,
          maxSamples: options.maxHistogramSamplesPerContext,
        });
      case 'distribution':
        return new DistributionState({
          percentiles: options.distributionPercentiles,
          relativeAccuracy: options.distributionRelativeAccuracy,
        });
    }
  }

  private passThroughTimestamped(metric: ParsedMetric): void {
    if (metric.type === 's' || metric.timestamp === undefined) return;
    const { tags, host } = resolveTags(metric.tags, this.options.hostname);
    const type: MetricType = metric.type === 'c' ? 'count' : 'gauge';
    for (const raw of metric.values) {
      // Counts keep their sample-rate correction; a timestamped point is otherwise sent as is.
      const value = type === 'count' ? raw / metric.sampleRate : raw;
      const sample: MetricSample = {
        name: metric.name,
        type,
        value,
        timestamp: metric.timestamp,
        tags,
        source: SOURCE,
      };
      if (host !== undefined) sample.host = host;
      this.counters.samples += 1;
      this.pushPassThrough(sample);
    }
  }

  private pushPassThrough(sample: MetricSample): void {
    if (this.passThrough.length >= this.options.maxPassThroughSamples) {
      this.counters.passThroughDropped += 1;
      return;
    }
    this.counters.passThroughSamples += 1;
    this.passThrough.push(sample);
  }
}

function kindOf(type: ParsedMetric['type']): ContextKind {
  switch (type) {
    case 'c':
      return 'counter';
    case 'g':
      return 'gauge';
    case 's':
      return 'set';
    case 'h':
    case 'ms':
      return 'histogram';
    case 'd':
      return 'distribution';
  }
}
