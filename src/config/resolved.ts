// The one typed configuration object the SDK runs on, produced by resolveConfig().
import type { TracerProvider } from '@opentelemetry/api';
import type {
  ConsumerSpanRelation,
  KafkaLogLevel,
  LogLevel,
  OtlpProtocol,
  PropagatorName,
  SamplerName,
  TraceExporterName,
} from './options';

/** Where DogStatsD lines go. */
export type StatsdTarget =
  { transport: 'udp'; host: string; port: number } | { transport: 'uds'; path: string };

/** Where JSON log records go. */
export type LogDestination = { kind: 'stdout' } | { kind: 'stderr' } | { kind: 'file'; path: string };

export interface ResolvedConfig {
  disabled: boolean;
  serviceName: string;
  env: string | undefined;
  version: string | undefined;
  /** Sorted `key:value` tags, without service/env/version. */
  tags: readonly string[];
  logLevel: LogLevel;
  flushOnExit: boolean;
  shutdownTimeoutMs: number;
  traces: {
    enabled: boolean;
    exporter: TraceExporterName;
    protocol: OtlpProtocol;
    endpoint: string;
    headers: Readonly<Record<string, string>>;
    sampler: SamplerName;
    samplerArg: number;
    propagators: readonly PropagatorName[];
    maxQueueBytes: number;
    tracerProvider: TracerProvider | undefined;
  };
  kafka: {
    ignoreTopics: readonly (string | RegExp)[];
    captureMessageKey: boolean;
    consumerSpanRelation: ConsumerSpanRelation;
    maxBatchLinks: number;
  };
  metrics: {
    enabled: boolean;
    target: StatsdTarget;
    partitionTag: boolean;
    maxTagValuesPerKey: number;
    flushIntervalMs: number;
    produceTimeHeader: boolean;
  };
  logs: {
    enabled: boolean;
    level: KafkaLogLevel;
    destination: LogDestination;
  };
}
