// OTLP log records → the collector's LogRecord (src/agent/logs/record.ts), so OTLP logs and tailed files
// are stored, searched and shown the same way. And back, so tailed logs can be forwarded over OTLP.
import type { LogAttributeValue, LogRecord } from '../../../logs/record';
import type { AttributeValue, Attributes, OtlpLogRecord } from '../model';
import { levelOf, severityNumberOf } from './severity';
import { millisToNanos, nanosToMillis } from './time';

export const OTLP_LOG_SOURCE = 'otlp';

export interface ToLogRecordOptions {
  /** Host for records whose resource names none (the agent's hostname). */
  host: string;
  /** Agent tags, put first as for tailed logs. */
  tags?: readonly string[];
}

/** Nested values become dotted keys; lists become JSON text (LogRecord attributes are flat scalars). */
export function flattenAttributes(attributes: Attributes): Record<string, LogAttributeValue> {
  const flat: Record<string, LogAttributeValue> = {};
  const visit = (prefix: string, value: AttributeValue): void => {
    if (Array.isArray(value)) flat[prefix] = JSON.stringify(value);
    else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) visit(`${prefix}.${key}`, inner);
    } else flat[prefix] = value;
  };
  for (const [key, value] of Object.entries(attributes)) visit(key, value);
  return flat;
}

function resourceTags(resource: Attributes): string[] {
  const tags: string[] = [];
  const env = resource['deployment.environment.name'] ?? resource['deployment.environment'];
  const version = resource['service.version'];
  if (typeof env === 'string' && env !== '') tags.push(`env:${env}`);
  if (typeof version === 'string' && version !== '') tags.push(`version:${version}`);
  return tags;
}

export function toLogRecord(record: OtlpLogRecord, options: ToLogRecordOptions): LogRecord {
  const attributes = flattenAttributes(record.attributes);
  if (record.eventName !== undefined) attributes['event.name'] = record.eventName;
  const tags = [...new Set([...(options.tags ?? []), ...resourceTags(record.resource)])];
  const log: LogRecord = {
    timestamp: nanosToMillis(record.timeUnixNano),
    level: levelOf(record.severityNumber, record.severityText),
    message: record.message,
    service: record.service,
    source: OTLP_LOG_SOURCE,
    host: record.host ?? options.host,
    tags,
    attributes,
    file: '',
  };
  if (record.scope.name !== '') log.logger = record.scope.name;
  if (record.traceId !== undefined) log.traceId = record.traceId;
  if (record.spanId !== undefined) log.spanId = record.spanId;
  return log;
}

/** A collected log as an OTLP record, for forwarding tailed logs upstream. */
export function fromLogRecord(log: LogRecord): OtlpLogRecord {
  const resource: Attributes = { 'service.name': log.service, 'host.name': log.host };
  const attributes: Attributes = { 'log.source': log.source, ...log.attributes };
  if (log.file !== '') attributes['log.file.path'] = log.file;
  for (const tag of log.tags) {
    const colon = tag.indexOf(':');
    if (colon > 0 && !(tag.slice(0, colon) in attributes))
      attributes[tag.slice(0, colon)] = tag.slice(colon + 1);
  }
  const record: OtlpLogRecord = {
    timeUnixNano: millisToNanos(log.timestamp),
    severityNumber: severityNumberOf(log.level),
    severityText: log.level.toUpperCase(),
    message: log.message,
    body: log.message,
    service: log.service,
    host: log.host,
    attributes,
    resource,
    scope: { name: log.logger ?? '' },
  };
  if (log.traceId !== undefined) record.traceId = log.traceId;
  if (log.spanId !== undefined) record.spanId = log.spanId;
  return record;
}
