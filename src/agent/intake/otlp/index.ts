// OTLP/HTTP intake: traces and logs (JSON or protobuf, gzip) → SpanRecord / OtlpLogRecord for the store.
export {
  fromLogRecord,
  flattenAttributes,
  OTLP_LOG_SOURCE,
  toLogRecord,
  type ToLogRecordOptions,
} from './convert/log-record';
export { levelOf, severityNumberOf } from './convert/severity';
export { durationNanos, millisToNanos, nanosToMillis } from './convert/time';
export { isValidSpanId, isValidTraceId } from './convert/ids';
export type { Decoded, DecodedMetrics } from './decoded';
export { decodeLogs, decodeMetrics, decodeSpans, decodeSpansSliced } from './decode';
export { OtlpDecodeError } from './errors';
export {
  SPAN_KIND_NAMES,
  UNKNOWN_SERVICE,
  type AttributeValue,
  type Attributes,
  type InstrumentationScope,
  type OtlpLogRecord,
  type OtlpSink,
  type SpanEventRecord,
  type SpanKindName,
  type SpanLinkRecord,
  type SpanRecord,
  type SpanStatusCode,
} from './model';
export { WireReader } from './protobuf/reader';
export { WireWriter } from './protobuf/writer';
export {
  createOtlpHandler,
  OTLP_RECEIVER_DEFAULTS,
  OtlpReceiver,
  type OtlpReceiverOptions,
} from './receiver';
export {
  createOtlpServer,
  DEFAULT_OTLP_HOST,
  DEFAULT_OTLP_PORT,
  OtlpServer,
  type OtlpServerOptions,
} from './server';
export { CONTENT_TYPES, OTLP_PATHS, type OtlpEncoding, type OtlpSignal } from './signals';
export { fanOutOtlp } from './sink';
export type { OtlpReceiverStats, RecordCounters } from './stats';
export { formatOtlpReceiverStatus } from './status';
