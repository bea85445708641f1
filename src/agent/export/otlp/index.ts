// Forwarding to an upstream OTLP/HTTP endpoint, with a bounded disk buffer and retries.
export { backoffDelay, parseRetryAfter } from './backoff';
export { logsRequestJson, metricsRequestJson, traceRequestJson } from './encode/json';
export {
  tagsToAttributes,
  toResourceMetrics,
  type OtlpMetric,
  type OtlpResourceMetrics,
} from './encode/metrics';
export { logsRequestProtobuf, metricsRequestProtobuf, traceRequestProtobuf } from './encode/protobuf';
export { OtlpExporter, startOtlpExporter } from './exporter';
export {
  DEFAULT_OTLP_EXPORTER_OPTIONS,
  resolveOtlpExporterOptions,
  type OtlpExportProtocol,
  type OtlpExporterOptions,
  type OtlpExporterOptionsInput,
} from './options';
export type { SpoolStats } from './spool';
export type { OtlpExporterStats, SignalCounters } from './stats';
export { formatOtlpExportStatus } from './status';
