// Per-window aggregation with Datadog semantics, and the fan-out of each flush to the sinks.
export { Aggregator, type AggregatorStats } from './aggregator';
export { resolveTags, type ResolvedTags } from './context';
export type { ContextKind } from './emit';
export {
  DEFAULT_AGGREGATOR_OPTIONS,
  HISTOGRAM_AGGREGATES,
  resolveAggregatorOptions,
  type AggregatorOptions,
  type HistogramAggregate,
} from './options';
export type { ChunkedFlushSink, SinkStats } from './sink-fanout';
