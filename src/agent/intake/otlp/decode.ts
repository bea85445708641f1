// Picks the decoder for a signal and encoding.
import type { Decoded, DecodedMetrics } from './decoded';
import { decodeLogsJson } from './json/logs';
import { decodeMetricsJson } from './json/metrics';
import { decodeTraceJson } from './json/traces';
import type { OtlpLogRecord, SpanRecord } from './model';
import { decodeLogsRequest } from './protobuf/logs';
import { decodeMetricsRequest } from './protobuf/metrics';
import { decodeTraceRequest, decodeTraceRequestSliced } from './protobuf/traces';
import type { OtlpEncoding } from './signals';

export function decodeSpans(body: Buffer, encoding: OtlpEncoding): Decoded<SpanRecord> {
  return encoding === 'json' ? decodeTraceJson(body) : decodeTraceRequest(body);
}

/** As `decodeSpans`, letting the event loop run between slices of a large protobuf request (JSON is parsed whole). */
export function decodeSpansSliced(
  body: Buffer,
  encoding: OtlpEncoding,
  pause: () => Promise<void>,
): Promise<Decoded<SpanRecord>> {
  return encoding === 'json' ? Promise.resolve(decodeTraceJson(body)) : decodeTraceRequestSliced(body, pause);
}

export function decodeLogs(
  body: Buffer,
  encoding: OtlpEncoding,
  receivedAtMs: number,
): Decoded<OtlpLogRecord> {
  return encoding === 'json' ? decodeLogsJson(body, receivedAtMs) : decodeLogsRequest(body, receivedAtMs);
}

export function decodeMetrics(body: Buffer, encoding: OtlpEncoding): DecodedMetrics {
  return encoding === 'json' ? decodeMetricsJson(body) : decodeMetricsRequest(body);
}
