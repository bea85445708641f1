// ExportLogsServiceRequest (OTLP/JSON) → OtlpLogRecords.
import { OtlpDecodeError } from '../errors';
import { idFromJson } from '../convert/ids';
import { buildLog, emptyLogDraft, resourceContext, type LogDraft } from '../convert/records';
import { nanosText } from '../convert/time';
import type { Decoded } from '../decoded';
import type { OtlpLogRecord } from '../model';
import {
  anyValue,
  arrayField,
  attributesField,
  integerField,
  objectField,
  objects,
  parseRequestJson,
  scopeOf,
  stringField,
  type JsonObject,
} from './common';

function nanos(parent: JsonObject, key: string): string {
  const value = parent[key];
  if (value === undefined || value === null) return '0';
  const text = nanosText(value);
  if (text === undefined) throw new OtlpDecodeError(`logRecord.${key} must be Unix nanoseconds`);
  return text;
}

function logDraft(record: JsonObject): LogDraft {
  const draft = emptyLogDraft();
  draft.timeUnixNano = nanos(record, 'timeUnixNano');
  draft.observedTimeUnixNano = nanos(record, 'observedTimeUnixNano');
  draft.severityNumber = integerField(record, 'severityNumber', 'logRecord');
  draft.severityText = stringField(record, 'severityText', 'logRecord');
  if (record.body !== undefined && record.body !== null) draft.body = anyValue(record.body);
  draft.eventName = stringField(record, 'eventName', 'logRecord');
  draft.traceId = idFromJson(record.traceId);
  draft.spanId = idFromJson(record.spanId);
  draft.attributes = attributesField(record, 'logRecord');
  return draft;
}

export function decodeLogsJson(body: Buffer, receivedAtMs: number): Decoded<OtlpLogRecord> {
  const decoded: Decoded<OtlpLogRecord> = { records: [], rejected: 0 };
  const request = parseRequestJson(body);
  for (const resourceLogs of objects(arrayField(request, 'resourceLogs', 'request'), 'resourceLogs')) {
    const context = resourceContext(
      attributesField(objectField(resourceLogs, 'resource', 'resourceLogs'), 'resource'),
    );
    for (const scopeLogs of objects(arrayField(resourceLogs, 'scopeLogs', 'resourceLogs'), 'scopeLogs')) {
      const scope = scopeOf(scopeLogs, 'scopeLogs');
      for (const record of objects(arrayField(scopeLogs, 'logRecords', 'scopeLogs'), 'logRecords')) {
        decoded.records.push(buildLog(logDraft(record), context, scope, receivedAtMs));
      }
    }
  }
  return decoded;
}
