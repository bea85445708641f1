// Shared by the JSON and protobuf decoders: a span or log as read off the wire (a draft) becomes a record,
// after the checks the rest of the agent relies on (valid ids, times as nanosecond text).
import { millisToNanos, durationNanos } from './time';
import { isValidSpanId, isValidTraceId } from './ids';
import {
  UNKNOWN_SERVICE,
  type AttributeValue,
  type Attributes,
  type InstrumentationScope,
  type OtlpLogRecord,
  type SpanEventRecord,
  type SpanLinkRecord,
  type SpanRecord,
  type SpanStatusCode,
} from '../model';

export interface ResourceContext {
  resource: Attributes;
  service: string;
  host?: string;
}

export function resourceContext(resource: Attributes): ResourceContext {
  const service = resource['service.name'];
  const host = resource['host.name'];
  return {
    resource,
    service: typeof service === 'string' && service !== '' ? service : UNKNOWN_SERVICE,
    ...(typeof host === 'string' && host !== '' ? { host } : {}),
  };
}

export interface SpanDraft {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  statusCode: number;
  statusMessage?: string;
  attributes: Attributes;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
}

export function emptySpanDraft(): SpanDraft {
  return {
    name: '',
    kind: 0,
    startTimeUnixNano: '0',
    endTimeUnixNano: '0',
    statusCode: 0,
    attributes: {},
    events: [],
    links: [],
  };
}

/** Why a span cannot be kept, or undefined when it can. */
export function spanProblem(draft: SpanDraft): string | undefined {
  if (!isValidTraceId(draft.traceId)) return 'invalid trace id';
  if (!isValidSpanId(draft.spanId)) return 'invalid span id';
  return undefined;
}

export function buildSpan(
  draft: SpanDraft,
  context: ResourceContext,
  scope: InstrumentationScope,
): SpanRecord {
  const span: SpanRecord = {
    traceId: draft.traceId ?? '',
    spanId: draft.spanId ?? '',
    name: draft.name,
    kind: Number.isInteger(draft.kind) && draft.kind >= 0 && draft.kind <= 5 ? draft.kind : 0,
    service: context.service,
    startTimeUnixNano: draft.startTimeUnixNano,
    endTimeUnixNano: draft.endTimeUnixNano,
    durationNs: durationNanos(draft.startTimeUnixNano, draft.endTimeUnixNano),
    status: { code: statusCode(draft.statusCode) },
    attributes: draft.attributes,
    events: draft.events,
    links: draft.links.filter((link) => isValidTraceId(link.traceId) && isValidSpanId(link.spanId)),
    resource: context.resource,
    scope,
  };
  // A root span's parent is empty; some senders write zeros instead.
  if (isValidSpanId(draft.parentSpanId)) span.parentSpanId = draft.parentSpanId;
  if (draft.traceState) span.traceState = draft.traceState;
  if (draft.statusMessage) span.status.message = draft.statusMessage;
  return span;
}

function statusCode(code: number): SpanStatusCode {
  return code === 1 || code === 2 ? code : 0;
}

export interface LogDraft {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText?: string;
  body?: AttributeValue;
  eventName?: string;
  traceId?: string;
  spanId?: string;
  attributes: Attributes;
}

export function emptyLogDraft(): LogDraft {
  return { timeUnixNano: '0', observedTimeUnixNano: '0', severityNumber: 0, attributes: {} };
}

/** A body as message text: strings as they are, structured bodies as JSON. */
export function messageOf(body: AttributeValue | undefined): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (typeof body === 'number' || typeof body === 'boolean') return String(body);
  return JSON.stringify(body);
}

export function buildLog(
  draft: LogDraft,
  context: ResourceContext,
  scope: InstrumentationScope,
  receivedAtMs: number,
): OtlpLogRecord {
  // Event time, else the time the sender observed it, else when we received it (never "1970").
  const time =
    draft.timeUnixNano !== '0'
      ? draft.timeUnixNano
      : draft.observedTimeUnixNano !== '0'
        ? draft.observedTimeUnixNano
        : millisToNanos(receivedAtMs);
  const record: OtlpLogRecord = {
    timeUnixNano: time,
    severityNumber:
      Number.isInteger(draft.severityNumber) && draft.severityNumber >= 0 && draft.severityNumber <= 24
        ? draft.severityNumber
        : 0,
    message: messageOf(draft.body),
    service: context.service,
    attributes: draft.attributes,
    resource: context.resource,
    scope,
  };
  if (draft.observedTimeUnixNano !== '0') record.observedTimeUnixNano = draft.observedTimeUnixNano;
  if (draft.severityText) record.severityText = draft.severityText;
  if (draft.body !== undefined) record.body = draft.body;
  if (draft.eventName) record.eventName = draft.eventName;
  if (context.host !== undefined) record.host = context.host;
  if (isValidTraceId(draft.traceId)) record.traceId = draft.traceId;
  if (isValidSpanId(draft.spanId)) record.spanId = draft.spanId;
  return record;
}
