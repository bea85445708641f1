// The one typed configuration object the SDK runs on, produced by resolveConfig().
import type { TracerProvider } from '@opentelemetry/api';
import type { ConsumerSpanRelation, LogLevel, PropagatorName, SamplerName, TraceExporterName } from './options';

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
    endpoint: string;
    headers: Readonly<Record<string, string>>;
    sampler: SamplerName;
    samplerArg: number;
    propagators: readonly PropagatorName[];
    tracerProvider: TracerProvider | undefined;
  };
  kafka: {
    ignoreTopics: readonly (string | RegExp)[];
    captureMessageKey: boolean;
    consumerSpanRelation: ConsumerSpanRelation;
    maxBatchLinks: number;
  };
}
