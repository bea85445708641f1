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
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { AgentEvent, Flush, FlushSink, MetricSample, MetricType, ServiceCheck } from '../model';
import type {
  DogStatsDHandler,
  ParsedEvent,
  ParsedMetric,
  ParsedServiceCheck,
} from '../intake/dogstatsd/types';
import { resolveTags, type ResolvedTags } from './context';
import { ContextTable, type Context, type ContextState } from './context-table';
import { DistributionState, distributionSettings, type DistributionSettings } from './distribution-state';
import type { ContextKind, EmitSeries } from './emit';
import { flushedSample } from './flushed-sample';
import { HistogramState } from './histogram-state';
import { Interner, SeriesNamesRegistry } from './interner';
import { resolveAggregatorOptions, type AggregatorOptions } from './options';
import { CounterState, GaugeState, SetState } from './simple-states';
import { SinkFanout, type ChunkedWindow, type SinkStats } from './sink-fanout';

const SOURCE = 'dogstatsd';
// Distinct tags and metric names shared between contexts before the interners start over (see interner.ts).
const INTERNED_STRINGS_LIMIT = 200_000;
const SERIES_NAMES_LIMIT = 20_000;
// Samples per chunk for sinks that take chunked flushes (see flushWindowToSinks): small next to V8's
// young generation, large enough that per-write costs do not matter.
const FLUSH_CHUNK_SAMPLES = 4096;
// A chunked flush gives the event loop a turn after this much work. A turn reads at most 32 datagrams per
// socket (libuv), ~1 ms of parsing: with 1 ms slices the intake keeps ~half the thread while a flush is
// made, ~140,000 lines/s on the benchmark machine; with a turn per 4,096-sample chunk (~8 ms) it kept 1/9.
const FLUSH_SLICE_MS = 1;
const FLUSH_CLOCK_EVERY_CONTEXTS = 32;

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
  private readonly contexts: ContextTable;
  private readonly percents: number[];
  private readonly distribution: DistributionSettings;
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
  /** The flush loop's flush being made, if any (see flushWindowToSinks). */
  private flushing: Promise<void> | undefined;

  constructor(options: Partial<AggregatorOptions> = {}) {
    this.options = resolveAggregatorOptions(options);
    // Fractions to percents, rounded to 0.01 so 0.29 gives 29 and not 28.999999999999996.
    this.percents = [
      ...new Set(this.options.histogramPercentiles.map((f) => Math.round(f * 10_000) / 100)),
    ].sort((a, b) => a - b);
    this.distribution = distributionSettings(
      this.options.distributionPercentiles,
      this.options.distributionRelativeAccuracy,
    );
    const interner = new Interner(INTERNED_STRINGS_LIMIT);
    this.contexts = new ContextTable(
      interner,
      new SeriesNamesRegistry(interner, SERIES_NAMES_LIMIT),
      this.options.hostname,
    );
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
    return this.closeWindow(nowMs, undefined);
  }

  /** Flushes and hands the result to every sink; resolves when all sinks are done (never rejects). */
  async flushToSinks(nowMs?: number): Promise<Flush> {
    const flush = this.flush(nowMs);
    await this.sinks.dispatch(flush);
    return flush;
  }

  /**
   * The flush loop's path: like `flushToSinks`, but sinks that take chunked flushes (the Prometheus
   * exporter, the store) get the window's metrics a few thousand samples at a time while they are made.
   * Why: at tens of thousands of contexts one flush is ~150,000 sample objects; built all at once they
   * outlive a young-generation GC or two and are promoted, and the old generation (the agent's RSS) grew by
   * their size every flush. In chunks, each is garbage before the next is made. Only sinks that need the
   * whole flush in one piece make the aggregator keep it.
   *
   * The window is made in slices of the event loop's time (see FLUSH_SLICE_MS): a flush of 50,000
   * contexts takes ~300 ms on a busy 2-core machine, longer than a 4 MiB receive buffer holds datagrams at
   * 100,000 lines/s, and made in one go it lost lines every flush. Samples arriving meanwhile go to the
   * closing window for contexts not yet flushed and to the next one for the others: windows end within one
   * flush's time of each other, and no value is lost or counted twice. Flushes never overlap: one due while
   * another is being made waits for it. Resolves with the number of series the window had.
   */
  async flushWindowToSinks(nowMs: number = this.options.clock()): Promise<number> {
    const previous = this.flushing;
    let series = 0;
    const current = (async () => {
      // A flush that failed is the caller's error, not this one's.
      await previous?.catch(() => undefined);
      const before = this.counters.seriesFlushed;
      const window = this.sinks.openWindow();
      if (window === undefined) {
        series = (await this.flushToSinks(nowMs)).metrics.length;
        return;
      }
      const steps = this.closeWindowSteps(nowMs, window);
      let step = steps.next();
      while (step.done !== true) {
        await yieldToEventLoop();
        step = steps.next();
      }
      series = this.counters.seriesFlushed - before;
      await window.dispatchWhole(step.value);
    })();
    this.flushing = current;
    try {
      await current;
    } finally {
      if (this.flushing === current) this.flushing = undefined;
    }
    return series;
  }

  /** Ends the window: every context's series, to `chunks` as they come when given, or all in the result. */
  private closeWindow(nowMs: number, chunks: ChunkedWindow | undefined): Flush {
    const steps = this.closeWindowSteps(nowMs, chunks);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /** `closeWindow` in steps: with `chunks`, it yields whenever it has worked FLUSH_SLICE_MS. */
  private *closeWindowSteps(nowMs: number, chunks: ChunkedWindow | undefined): Generator<void, Flush, void> {
    const timestamp = Math.floor(this.windowStartMs / 1000);
    const intervalSeconds = this.options.flushIntervalSeconds;
    const expiredBefore = nowMs - this.options.contextExpirySeconds * 1000;
    // Without chunks, `metrics` collects everything. With chunks it holds the current chunk, and `all`
    // gathers the whole window only if some sink needs it in one piece.
    const all: MetricSample[] | undefined = chunks?.needsWholeFlush === true ? [] : undefined;
    // What this window holds is taken now: anything added while its chunks are made belongs to the next.
    let metrics: MetricSample[] = this.passThrough;
    const { serviceChecks, events } = this;
    this.passThrough = [];
    this.serviceChecks = [];
    this.events = [];
    let count = 0;
    const handOver = (): void => {
      count += metrics.length;
      if (all !== undefined) for (const sample of metrics) all.push(sample);
      if (chunks !== undefined) chunks.write(metrics);
      metrics = [];
    };
    let current: Context | undefined;
    const emit: EmitSeries = (suffix: string, type: MetricType, value: number) => {
      if (current === undefined) return;
      const { tagSet } = current;
      // The name string and the tags array are the same objects every flush (see interner.ts).
      metrics.push(
        flushedSample(
          current.names.with(suffix),
          type,
          value,
          timestamp,
          tagSet.tags,
          SOURCE,
          tagSet.host,
          type === 'gauge' ? undefined : intervalSeconds,
        ),
      );
    };
    const visit = (context: Context): boolean => {
      if (!context.state.hasData && context.lastSampleMs < expiredBefore) {
        this.counters.contextsExpired += 1;
        return false;
      }
      current = context;
      context.state.flush(emit, intervalSeconds);
      if (chunks !== undefined && metrics.length >= FLUSH_CHUNK_SAMPLES) handOver();
      return true;
    };
    // Only a chunked window is made in steps; the clock is read every few contexts, not every one.
    let visited = 0;
    let sliceStart = performance.now();
    const pauseHere = (): boolean => {
      if (chunks === undefined || ++visited % FLUSH_CLOCK_EVERY_CONTEXTS !== 0) return false;
      const now = performance.now();
      if (now - sliceStart < FLUSH_SLICE_MS) return false;
      sliceStart = now;
      return true;
    };
    yield* this.contexts.sweepSteps(visit, pauseHere);
    let flush: Flush;
    if (chunks === undefined) {
      count = metrics.length;
      flush = { metrics, serviceChecks, events };
    } else {
      // The last chunk goes out with the window's events and service checks.
      const last = metrics;
      count += last.length;
      if (all !== undefined) for (const sample of last) all.push(sample);
      flush = { metrics: all ?? last, serviceChecks, events };
      chunks.end(last, flush.serviceChecks, flush.events);
    }
    this.windowStartMs = nowMs;
    this.counters.flushes += 1;
    this.counters.seriesFlushed += count;
    this.counters.eventsFlushed += flush.events.length;
    this.counters.serviceChecksFlushed += flush.serviceChecks.length;
    this.lastFlushAt = Math.floor(nowMs / 1000);
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
   * `afterFlush` gets the number of series of each flush once its sinks have it.
   */
  start(afterFlush?: (series: number) => void): void {
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
      void this.flushWindowToSinks().then(afterFlush);
      schedule();
    };
    schedule();
  }

  /** Stops the loop; by default flushes what the current window holds so nothing is lost on shutdown. */
  async stop(options: { finalFlush?: boolean } = {}): Promise<void> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing?.catch(() => undefined);
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
    for (const context of this.contexts.contexts()) contextsByKind[context.state.kind] += 1;
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
    const kind = kindOf(metric.type);
    const field = metric.tagField;
    // Fast path: a tag-field text seen before names its tag set without sorting the tags again.
    let tagSet = field === undefined ? undefined : this.contexts.tagSetOfField(field);
    let resolved: ResolvedTags | undefined;
    if (tagSet === undefined) {
      resolved = resolveTags(metric.tags, this.options.hostname);
      tagSet = this.contexts.tagSet(resolved.tags, resolved.host);
      if (tagSet !== undefined && field !== undefined) this.contexts.addAlias(field, tagSet);
    }
    const existing = tagSet?.contexts.get(metric.name);
    if (existing !== undefined) {
      if (existing.state.kind === kind) return existing;
      this.counters.typeConflicts += 1;
      return undefined;
    }
    if (this.contexts.size >= this.options.maxContexts) {
      this.counters.contextOverflow += 1;
      return undefined;
    }
    if (tagSet === undefined) {
      resolved ??= resolveTags(metric.tags, this.options.hostname);
      tagSet = this.contexts.createTagSet(resolved.tags, resolved.host);
      if (field !== undefined) this.contexts.addAlias(field, tagSet);
    }
    return this.contexts.add(metric.name, this.newState(kind), now, tagSet);
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
        return new DistributionState(this.distribution);
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
