// ESM entry: the implementation is CommonJS (kafkajs is CommonJS and is patched through require hooks);
// this re-exports it so `import { init } from 'kinstrument'` reaches the same single instance.
export {
  init,
  shutdown,
  ConfigError,
  CONFIG_KEYS,
  SPAN_ATTRIBUTES,
  VERSION,
  CLIENT_METRICS,
  CLIENT_METRIC_COMMON_TAGS,
  PRODUCE_TIME_HEADER,
  TAG_OVERFLOW_VALUE,
  logCorrelation,
  pinoMixin,
  correlatedConsole,
} from './index.js';
export type * from './index.js';
