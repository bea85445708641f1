import type { ResolvedConfig } from '../config/resolved';
import type { LogSinkStats } from '../signals/logs/log-sink';
import type { MetricsStats } from '../signals/metrics/setup';
import type { SpanExportStats } from '../signals/traces/export/encoding-span-processor';

export interface KinstrumentStats {
  /** Failures inside kinstrument, by place; each was caught and logged, none reached the app. */
  internalErrors: Record<string, number>;
  /** kafkajs copies patched so far. */
  patchedKafkajsCopies: number;
  /** Where the tracer provider came from, when traces are on. */
  tracerProvider: 'option' | 'app' | 'kinstrument' | undefined;
  /** Telemetry that could not be delivered (agent unreachable, DNS, missing socket, log file), by destination. */
  deliveryErrors: Record<string, number>;
  /** Span export counters, when kinstrument's own tracer provider exports OTLP/HTTP protobuf. */
  traces: SpanExportStats | undefined;
  /** When metrics are on. */
  metrics: MetricsStats | undefined;
  /** When logs are on: lines dropped by a full or unwritable destination. */
  logs: LogSinkStats | undefined;
}

/** What init() returns. */
export interface KinstrumentHandle {
  readonly config: ResolvedConfig;
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, stops publishing telemetry and removes the patches. */
  shutdown(): Promise<void>;
  stats(): KinstrumentStats;
}
