// The data the agent moves around: what intake and checks produce, what the aggregator flushes,
// and what outputs (Prometheus, store, OTLP) consume. Shapes follow Datadog's submission model.

/** A finished, flushable metric point. `rate` values are per second over `intervalSeconds`. */
export type MetricType = 'gauge' | 'count' | 'rate';

export interface MetricSample {
  name: string;
  type: MetricType;
  value: number;
  /** Unix time, seconds. */
  timestamp: number;
  /** `key:value` (or bare `value`) tags, sorted and de-duplicated. */
  tags: readonly string[];
  host?: string;
  /** For counts and rates: the length of the aggregation interval. */
  intervalSeconds?: number;
  /** Where it came from: 'dogstatsd' or a check name (kafka, kafka_consumer, zk, …). */
  source?: string;
}

/** Datadog service-check statuses. */
export enum ServiceCheckStatus {
  OK = 0,
  WARNING = 1,
  CRITICAL = 2,
  UNKNOWN = 3,
}

export interface ServiceCheck {
  name: string;
  status: ServiceCheckStatus;
  timestamp: number;
  tags: readonly string[];
  host?: string;
  message?: string;
}

export interface AgentEvent {
  title: string;
  text: string;
  timestamp: number;
  tags: readonly string[];
  host?: string;
  alertType?: 'error' | 'warning' | 'info' | 'success';
  priority?: 'normal' | 'low';
  aggregationKey?: string;
  sourceTypeName?: string;
}

/** One flush of everything produced during an interval. */
export interface Flush {
  metrics: MetricSample[];
  serviceChecks: ServiceCheck[];
  events: AgentEvent[];
}

/** Outputs implement this; the agent fans every flush out to all registered sinks. */
export interface FlushSink {
  readonly name: string;
  write(flush: Flush): void | Promise<void>;
}
