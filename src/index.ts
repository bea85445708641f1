// Public API of the kinstrument SDK.
export { init, shutdown } from './sdk/init';
export type { KinstrumentHandle, KinstrumentStats } from './sdk/handle';
export type {
  KinstrumentOptions,
  SamplerName,
  TraceExporterName,
  OtlpProtocol,
  PropagatorName,
  ConsumerSpanRelation,
  LogLevel,
  KafkaLogLevel,
} from './config/options';
export type { ResolvedConfig } from './config/resolved';
export { ConfigError } from './config/errors';
export { CONFIG_KEYS } from './catalog/config-keys';
export { SPAN_ATTRIBUTES } from './catalog/span-attributes';
export {
  CLIENT_METRICS,
  CLIENT_METRIC_COMMON_TAGS,
  PRODUCE_TIME_HEADER,
  TAG_OVERFLOW_VALUE,
} from './catalog/client-metrics';
export type { ClientMetricDefinition, ClientMetricType, ClientMetricRole } from './catalog/client-metrics';
export { logCorrelation, pinoMixin, correlatedConsole } from './signals/logs/public-api';
export type { LogCorrelation, DatadogCorrelation } from './signals/logs/correlation';
export type { MetricsStats } from './signals/metrics/setup';
export type { LogSinkStats } from './signals/logs/log-sink';
export { VERSION } from './version';
