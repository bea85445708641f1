// Builds the metrics signal from the resolved configuration: DogStatsD sink, guard, lag tracker, listener.
import type { ResolvedConfig, StatsdTarget } from '../../config/resolved';
import { diagnostics } from '../../diagnostics/diagnostics';
import type { KafkaListener } from '../../instrumentation/events';
import { AggregatingSink } from './aggregating-sink';
import { ClientTagger } from './client-tags';
import { LagTracker } from './lag-tracker';
import { createMetricsListener } from './metrics-listener';
import { MetricRecorder } from './recorder';
import { createStatsdSink, type MetricSink } from './statsd-sink';

/** Partitions one consumer's lag is tracked for; more are counted in `lagPartitionsDropped`. */
const MAX_TRACKED_PARTITIONS_PER_CLIENT = 10_000;
/** Distribution samples sent per series per flush interval; beyond, a uniform sample of them. */
const MAX_SAMPLES_PER_SERIES = 1000;
/** Series aggregated per interval before an early flush. */
const MAX_SERIES = 20_000;

export interface MetricsStats {
  /** `udp://host:port` or `unix:///path`. */
  target: string;
  /** Tag values sent as `other`, per tag key. */
  tagValuesOverflowed: Record<string, number>;
  lagPartitionsDropped: number;
  /** Distribution samples left out by the per-series bound (percentiles come from a uniform sample). */
  samplesDropped: number;
}

export interface MetricsSetup {
  listener: KafkaListener;
  flush(): Promise<void>;
  shutdown(): Promise<void>;
  stats(): MetricsStats;
}

/** `sink` replaces the DogStatsD client (tests); aggregation stays in front of it. */
export function setUpMetrics(config: ResolvedConfig, sink?: MetricSink): MetricsSetup {
  const target = config.metrics.target;
  const statsd = new AggregatingSink(
    sink ??
      createStatsdSink({
        target,
        globalTags: globalTags(config),
        flushIntervalMs: config.metrics.flushIntervalMs,
        onError: (error) => diagnostics.deliveryError(`metrics ${describeTarget(target)}`, error),
      }),
    {
      flushIntervalMs: config.metrics.flushIntervalMs,
      maxSamplesPerSeries: MAX_SAMPLES_PER_SERIES,
      maxSeries: MAX_SERIES,
    },
  );
  const recorder = new MetricRecorder(statsd, config.metrics.maxTagValuesPerKey);
  const lag = new LagTracker(MAX_TRACKED_PARTITIONS_PER_CLIENT);
  const listener = createMetricsListener({
    recorder,
    tags: new ClientTagger(recorder.guard, config.metrics.partitionTag),
    lag,
    produceTimeHeader: config.metrics.produceTimeHeader,
  });
  return {
    listener,
    flush: () => statsd.flush(),
    shutdown: () => statsd.close(),
    stats: () => ({
      target: describeTarget(target),
      tagValuesOverflowed: recorder.guard.overflowCounts(),
      lagPartitionsDropped: lag.dropped,
      samplesDropped: statsd.samplesDropped,
    }),
  };
}

/** service/env/version and the user's tags, on every line. */
export function globalTags(config: ResolvedConfig): string[] {
  const tags = [`service:${config.serviceName}`];
  if (config.env) tags.push(`env:${config.env}`);
  if (config.version) tags.push(`version:${config.version}`);
  return [...tags, ...config.tags];
}

export function describeTarget(target: StatsdTarget): string {
  if (target.transport === 'uds') return `unix://${target.path}`;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `udp://${host}:${target.port}`;
}
