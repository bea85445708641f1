// Public API of the kinstrument SDK.
export { init, shutdown } from './sdk/init';
export type { KinstrumentHandle, KinstrumentStats } from './sdk/handle';
export type {
  KinstrumentOptions,
  SamplerName,
  TraceExporterName,
  PropagatorName,
  ConsumerSpanRelation,
  LogLevel,
} from './config/options';
export type { ResolvedConfig } from './config/resolved';
export { ConfigError } from './config/errors';
export { CONFIG_KEYS } from './catalog/config-keys';
export { SPAN_ATTRIBUTES } from './catalog/span-attributes';
export { VERSION } from './version';
