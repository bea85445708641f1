// JSON lines: the SDK's log records, and any JSON logger (pino, bunyan, winston, dd-trace log injection).
// Well-known fields become the record's fields (`ddtags`, Datadog's comma-separated tags, join the tags);
// everything else stays as attributes (flattened: the SDK's `logger: {name, namespace}` gives `logger` and the
// attribute `logger.namespace`). Datadog's correlation fields `dd.*` also stay as attributes, because users search
// for them by those names.
import { normaliseLevel, type LogAttributeValue } from '../record';
import { flattenInto } from './attributes';
import { normaliseSpanId, normaliseTraceId } from './trace-ids';
import type { LogParser, ParsedLog, ParseResult } from './types';

const MESSAGE_KEYS = ['message', 'msg'];
const LEVEL_KEYS = ['level', 'status', 'severity', 'log.level', 'levelname'];
const TIME_KEYS = ['timestamp', 'time', '@timestamp', 'date', 'ts'];
const SERVICE_KEYS = ['service', 'service.name', 'dd.service'];
const LOGGER_KEYS = ['logger', 'logger.name', 'logger_name'];
const TRACE_KEYS = ['trace_id', 'traceId', 'trace.id', 'otel.trace_id', 'dd.trace_id'];
const SPAN_KEYS = ['span_id', 'spanId', 'span.id', 'otel.span_id', 'dd.span_id'];

export const jsonParser: LogParser = {
  name: 'json',
  parse(text: string): ParseResult {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      return { ok: false, reason: `invalid JSON: ${(error as Error).message}` };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      return { ok: false, reason: 'not a JSON object' };
    }
    return { ok: true, log: fromJsonObject(value as Record<string, unknown>, text) };
  },
};

/** True when the text is worth trying as JSON (for sources with no parser of their own). */
export function looksLikeJsonObject(text: string): boolean {
  return text.startsWith('{') && text.trimEnd().endsWith('}');
}

function fromJsonObject(object: Record<string, unknown>, text: string): ParsedLog {
  const fields: Record<string, LogAttributeValue> = {};
  flattenInto(fields, object);
  const take = (keys: readonly string[], keep = (key: string) => key.startsWith('dd.')) => {
    for (const key of keys) {
      if (!(key in fields) || fields[key] === null || fields[key] === '') continue;
      const value = fields[key];
      if (!keep(key)) delete fields[key];
      return value;
    }
    return undefined;
  };
  const message = take(MESSAGE_KEYS);
  const log: ParsedLog = {
    message: message === undefined ? text : String(message),
    attributes: fields,
  };
  const level = normaliseLevel(take(LEVEL_KEYS));
  if (level) log.level = level;
  const timestamp = parseJsonTime(take(TIME_KEYS));
  if (timestamp !== undefined) log.timestamp = timestamp;
  const service = take(SERVICE_KEYS);
  if (typeof service === 'string') log.service = service;
  const logger = take(LOGGER_KEYS);
  if (typeof logger === 'string') log.logger = logger;
  const traceId = normaliseTraceId(take(TRACE_KEYS));
  if (traceId) log.traceId = traceId;
  const spanId = normaliseSpanId(take(SPAN_KEYS));
  if (spanId) log.spanId = spanId;
  const ddtags = take(['ddtags']);
  if (typeof ddtags === 'string') {
    const tags = ddtags
      .split(',')
      .map((tag) => tag.trim())
      .filter((tag) => tag !== '');
    if (tags.length > 0) log.tags = tags;
  }
  return log;
}

/** Epoch seconds, milliseconds, microseconds or nanoseconds (told apart by size), or a date string. */
export function parseJsonTime(value: unknown): number | undefined {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return parseJsonTime(Number(value));
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    if (value < 1e11) return Math.round(value * 1000);
    if (value < 1e14) return Math.round(value);
    if (value < 1e17) return Math.round(value / 1e3);
    return Math.round(value / 1e6);
  }
  if (typeof value === 'string') {
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? undefined : parsed;
  }
  return undefined;
}
