// ExportLogsServiceRequest (binary protobuf) → OtlpLogRecords.
// Field numbers: opentelemetry/proto/logs/v1/logs.proto.
import { idFromBytes } from '../convert/ids';
import {
  buildLog,
  emptyLogDraft,
  resourceContext,
  type LogDraft,
  type ResourceContext,
} from '../convert/records';
import type { Decoded } from '../decoded';
import type { Attributes, InstrumentationScope, OtlpLogRecord } from '../model';
import { decodeAnyValue, decodeKeyValue, decodeResource, decodeScope } from './common';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, WireReader } from './reader';

export function decodeLogsRequest(body: Buffer, receivedAtMs: number): Decoded<OtlpLogRecord> {
  const decoded: Decoded<OtlpLogRecord> = { records: [], rejected: 0 };
  const request = new WireReader(body);
  while (!request.done) {
    if (request.nextField() === 1) {
      request.expect(WIRE_LENGTH_DELIMITED, 'ExportLogsServiceRequest.resource_logs');
      decodeResourceLogs(request.message(), decoded, receivedAtMs);
    } else request.skip();
  }
  return decoded;
}

function decodeResourceLogs(reader: WireReader, decoded: Decoded<OtlpLogRecord>, receivedAtMs: number): void {
  let resource: Attributes = {};
  const scopes: WireReader[] = [];
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ResourceLogs.resource');
      resource = decodeResource(reader.message());
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ResourceLogs.scope_logs');
      scopes.push(reader.message());
    } else reader.skip();
  }
  const context = resourceContext(resource);
  for (const scope of scopes) decodeScopeLogs(scope, context, decoded, receivedAtMs);
}

function decodeScopeLogs(
  reader: WireReader,
  context: ResourceContext,
  decoded: Decoded<OtlpLogRecord>,
  receivedAtMs: number,
): void {
  let scope: InstrumentationScope = { name: '' };
  const records: WireReader[] = [];
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ScopeLogs.scope');
      scope = decodeScope(reader.message());
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ScopeLogs.log_records');
      records.push(reader.message());
    } else reader.skip();
  }
  for (const record of records)
    decoded.records.push(buildLog(decodeLogDraft(record), context, scope, receivedAtMs));
}

function decodeLogDraft(reader: WireReader): LogDraft {
  const draft = emptyLogDraft();
  while (!reader.done) {
    const field = reader.nextField();
    switch (field) {
      case 1:
        reader.expect(WIRE_FIXED64, 'LogRecord.time_unix_nano');
        draft.timeUnixNano = reader.fixed64Text();
        break;
      case 2:
        reader.expect(WIRE_VARINT, 'LogRecord.severity_number');
        draft.severityNumber = reader.varint();
        break;
      case 3:
        reader.expect(WIRE_LENGTH_DELIMITED, 'LogRecord.severity_text');
        draft.severityText = reader.string();
        break;
      case 5:
        reader.expect(WIRE_LENGTH_DELIMITED, 'LogRecord.body');
        draft.body = decodeAnyValue(reader.message());
        break;
      case 6:
        reader.expect(WIRE_LENGTH_DELIMITED, 'LogRecord.attributes');
        decodeKeyValue(reader.message(), draft.attributes);
        break;
      case 9:
        reader.expect(WIRE_LENGTH_DELIMITED, 'LogRecord.trace_id');
        draft.traceId = idFromBytes(reader.bytes());
        break;
      case 10:
        reader.expect(WIRE_LENGTH_DELIMITED, 'LogRecord.span_id');
        draft.spanId = idFromBytes(reader.bytes());
        break;
      case 11:
        reader.expect(WIRE_FIXED64, 'LogRecord.observed_time_unix_nano');
        draft.observedTimeUnixNano = reader.fixed64Text();
        break;
      case 12:
        reader.expect(WIRE_LENGTH_DELIMITED, 'LogRecord.event_name');
        draft.eventName = reader.string();
        break;
      default:
        reader.skip();
    }
  }
  return draft;
}
