// DogStatsD intake: datagram parser and UDP / Unix-socket server.
export { DogStatsDParser, parseDatagram, type ParsedDatagram, type ParserStats } from './parser';
export {
  DEFAULT_DOGSTATSD_HOST,
  DEFAULT_DOGSTATSD_PORT,
  DogStatsDServer,
  type DogStatsDAddresses,
  type DogStatsDDrops,
  type DogStatsDServerOptions,
  type DogStatsDServerStats,
  type TransportStats,
} from './server';
export { formatDogStatsDStatus } from './status';
export {
  DEFAULT_PARSER_LIMITS,
  PARSE_ERROR_REASONS,
  TAG_DROP_REASONS,
  type DogStatsDHandler,
  type DogStatsDMetricType,
  type ParseErrorReason,
  type ParsedEvent,
  type ParsedMetric,
  type ParsedNumericMetric,
  type ParsedServiceCheck,
  type ParsedSetMetric,
  type ParserLimits,
  type TagDropReason,
} from './types';
