// ExportTraceServiceRequest (OTLP/JSON) → SpanRecords. Ids are hex; 64-bit times decimal strings or numbers.
import { OtlpDecodeError } from '../errors';
import { idFromJson } from '../convert/ids';
import { buildSpan, emptySpanDraft, resourceContext, spanProblem, type SpanDraft } from '../convert/records';
import { nanosText } from '../convert/time';
import { rejectInto, type Decoded } from '../decoded';
import type { SpanRecord } from '../model';
import {
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

function nanos(parent: JsonObject, key: string, where: string): string {
  const value = parent[key];
  if (value === undefined || value === null) return '0';
  const text = nanosText(value);
  if (text === undefined) throw new OtlpDecodeError(`${where}.${key} must be Unix nanoseconds`);
  return text;
}

function spanDraft(span: JsonObject): SpanDraft {
  const draft = emptySpanDraft();
  draft.traceId = idFromJson(span.traceId);
  draft.spanId = idFromJson(span.spanId);
  draft.parentSpanId = idFromJson(span.parentSpanId);
  draft.traceState = stringField(span, 'traceState', 'span');
  draft.name = stringField(span, 'name', 'span') ?? '';
  draft.kind = integerField(span, 'kind', 'span');
  draft.startTimeUnixNano = nanos(span, 'startTimeUnixNano', 'span');
  draft.endTimeUnixNano = nanos(span, 'endTimeUnixNano', 'span');
  draft.attributes = attributesField(span, 'span');
  const status = objectField(span, 'status', 'span');
  draft.statusCode = integerField(status, 'code', 'status');
  draft.statusMessage = stringField(status, 'message', 'status');
  draft.events = objects(arrayField(span, 'events', 'span'), 'events').map((event) => ({
    timeUnixNano: nanos(event, 'timeUnixNano', 'event'),
    name: stringField(event, 'name', 'event') ?? '',
    attributes: attributesField(event, 'event'),
  }));
  draft.links = objects(arrayField(span, 'links', 'span'), 'links').map((link) => {
    const traceState = stringField(link, 'traceState', 'link');
    return {
      traceId: idFromJson(link.traceId) ?? '',
      spanId: idFromJson(link.spanId) ?? '',
      ...(traceState ? { traceState } : {}),
      attributes: attributesField(link, 'link'),
    };
  });
  return draft;
}

export function decodeTraceJson(body: Buffer): Decoded<SpanRecord> {
  const decoded: Decoded<SpanRecord> = { records: [], rejected: 0 };
  const request = parseRequestJson(body);
  for (const resourceSpans of objects(arrayField(request, 'resourceSpans', 'request'), 'resourceSpans')) {
    const context = resourceContext(
      attributesField(objectField(resourceSpans, 'resource', 'resourceSpans'), 'resource'),
    );
    for (const scopeSpans of objects(
      arrayField(resourceSpans, 'scopeSpans', 'resourceSpans'),
      'scopeSpans',
    )) {
      const scope = scopeOf(scopeSpans, 'scopeSpans');
      for (const span of objects(arrayField(scopeSpans, 'spans', 'scopeSpans'), 'spans')) {
        const draft = spanDraft(span);
        const problem = spanProblem(draft);
        if (problem === undefined) decoded.records.push(buildSpan(draft, context, scope));
        else rejectInto(decoded, problem);
      }
    }
  }
  return decoded;
}
