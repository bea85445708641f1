// What users may pass to init(). Every field mirrors a key of src/catalog/config-keys.ts.
import type { TracerProvider } from '@opentelemetry/api';
import type {
  CONSUMER_SPAN_RELATIONS,
  KAFKA_LOG_LEVELS,
  LOG_LEVELS,
  OTLP_PROTOCOLS,
  PROPAGATORS,
  SAMPLERS,
  TRACE_EXPORTERS,
} from '../catalog/config-keys';

export type SamplerName = (typeof SAMPLERS)[number];
export type TraceExporterName = (typeof TRACE_EXPORTERS)[number];
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];
export type PropagatorName = (typeof PROPAGATORS)[number];
export type ConsumerSpanRelation = (typeof CONSUMER_SPAN_RELATIONS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type KafkaLogLevel = (typeof KAFKA_LOG_LEVELS)[number];

export interface KinstrumentOptions {
  disabled?: boolean;
  serviceName?: string;
  env?: string;
  version?: string;
  /** `{ team: 'growth' }` or `['team:growth']`. */
  tags?: Record<string, string> | readonly string[];
  logLevel?: LogLevel;
  flushOnExit?: boolean;
  shutdownTimeoutMs?: number;
  traces?: {
    enabled?: boolean;
    exporter?: TraceExporterName;
    /** OTLP/HTTP encoding: `http/protobuf` (default) or `http/json`. */
    protocol?: OtlpProtocol;
    endpoint?: string;
    headers?: Record<string, string>;
    sampler?: SamplerName;
    samplerArg?: number;
    propagators?: readonly PropagatorName[];
    /** Bytes of encoded spans that may wait for export (protobuf export); more are dropped and counted. */
    maxQueueBytes?: number;
    /**
     * Use this provider instead of creating one. Without it, a provider the app registered globally is used
     * when there is one; otherwise kinstrument creates and registers its own.
     */
    tracerProvider?: TracerProvider;
  };
  kafka?: {
    ignoreTopics?: readonly (string | RegExp)[];
    captureMessageKey?: boolean;
    consumerSpanRelation?: ConsumerSpanRelation;
    maxBatchLinks?: number;
  };
  metrics?: {
    enabled?: boolean;
    /** `udp://host:port`, `unix:///path` or an absolute socket path. */
    statsdUrl?: string;
    statsdHost?: string;
    statsdPort?: number;
    partitionTag?: boolean;
    maxTagValuesPerKey?: number;
    flushIntervalMs?: number;
    produceTimeHeader?: boolean;
  };
  logs?: {
    enabled?: boolean;
    level?: KafkaLogLevel;
    /** `stdout`, `stderr` or a file path. */
    destination?: string;
  };
}
