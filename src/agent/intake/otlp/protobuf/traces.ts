// ExportTraceServiceRequest (binary protobuf) → SpanRecords.
// Field numbers: opentelemetry/proto/trace/v1/trace.proto and collector/trace/v1/trace_service.proto.
import { idFromBytes } from '../convert/ids';
import {
  buildSpan,
  emptySpanDraft,
  resourceContext,
  spanProblem,
  type ResourceContext,
} from '../convert/records';
import { rejectInto, type Decoded } from '../decoded';
import type { Attributes, InstrumentationScope, SpanEventRecord, SpanLinkRecord, SpanRecord } from '../model';
import { decodeKeyValue, decodeResource, decodeScope } from './common';
import { WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT, WireReader } from './reader';

/** Spans converted between two chances for the event loop to run, in `decodeTraceRequestSliced`. */
export const SPANS_PER_SLICE = 512;

export function decodeTraceRequest(body: Buffer): Decoded<SpanRecord> {
  const steps = decodeSteps(body);
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}

/**
 * The same, `pause` awaited after every SPANS_PER_SLICE spans: a request of 4,096 spans (~2 MB) takes
 * 45–120 ms to decode, which in one piece would hold every other request, the health probe and the
 * store's hand-offs behind it.
 */
export async function decodeTraceRequestSliced(
  body: Buffer,
  pause: () => Promise<void>,
): Promise<Decoded<SpanRecord>> {
  const steps = decodeSteps(body);
  let step = steps.next();
  while (step.done !== true) {
    await pause();
    step = steps.next();
  }
  return step.value;
}

// Yields after every SPANS_PER_SLICE spans converted.
function* decodeSteps(body: Buffer): Generator<void, Decoded<SpanRecord>> {
  const decoded: Decoded<SpanRecord> = { records: [], rejected: 0 };
  const request = new WireReader(body);
  const progress = { sinceYield: 0 };
  while (!request.done) {
    if (request.nextField() === 1) {
      request.expect(WIRE_LENGTH_DELIMITED, 'ExportTraceServiceRequest.resource_spans');
      yield* decodeResourceSpans(request.message(), decoded, progress);
    } else request.skip();
  }
  return decoded;
}

function* decodeResourceSpans(
  reader: WireReader,
  decoded: Decoded<SpanRecord>,
  progress: { sinceYield: number },
): Generator<void, void> {
  // The resource may come after the scopes on the wire: keep the scopes' bytes until it is known.
  let resource: Attributes = {};
  const scopes: WireReader[] = [];
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ResourceSpans.resource');
      resource = decodeResource(reader.message());
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ResourceSpans.scope_spans');
      scopes.push(reader.message());
    } else reader.skip();
  }
  const context = resourceContext(resource);
  for (const scope of scopes) yield* decodeScopeSpans(scope, context, decoded, progress);
}

function* decodeScopeSpans(
  reader: WireReader,
  context: ResourceContext,
  decoded: Decoded<SpanRecord>,
  progress: { sinceYield: number },
): Generator<void, void> {
  let scope: InstrumentationScope = { name: '' };
  const spans: WireReader[] = [];
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ScopeSpans.scope');
      scope = decodeScope(reader.message());
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'ScopeSpans.spans');
      spans.push(reader.message());
    } else reader.skip();
  }
  for (const span of spans) {
    const draft = decodeSpanDraft(span);
    const problem = spanProblem(draft);
    if (problem === undefined) decoded.records.push(buildSpan(draft, context, scope));
    else rejectInto(decoded, problem);
    progress.sinceYield += 1;
    if (progress.sinceYield >= SPANS_PER_SLICE) {
      progress.sinceYield = 0;
      yield;
    }
  }
}

function decodeSpanDraft(reader: WireReader): ReturnType<typeof emptySpanDraft> {
  const draft = emptySpanDraft();
  while (!reader.done) {
    const field = reader.nextField();
    switch (field) {
      case 1:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.trace_id');
        draft.traceId = idFromBytes(reader.bytes());
        break;
      case 2:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.span_id');
        draft.spanId = idFromBytes(reader.bytes());
        break;
      case 3:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.trace_state');
        draft.traceState = reader.string();
        break;
      case 4:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.parent_span_id');
        draft.parentSpanId = idFromBytes(reader.bytes());
        break;
      case 5:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.name');
        draft.name = reader.string();
        break;
      case 6:
        reader.expect(WIRE_VARINT, 'Span.kind');
        draft.kind = reader.varint();
        break;
      case 7:
        reader.expect(WIRE_FIXED64, 'Span.start_time_unix_nano');
        draft.startTimeUnixNano = reader.fixed64Text();
        break;
      case 8:
        reader.expect(WIRE_FIXED64, 'Span.end_time_unix_nano');
        draft.endTimeUnixNano = reader.fixed64Text();
        break;
      case 9:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.attributes');
        decodeKeyValue(reader.message(), draft.attributes);
        break;
      case 11:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.events');
        draft.events.push(decodeEvent(reader.message()));
        break;
      case 13:
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.links');
        draft.links.push(decodeLink(reader.message()));
        break;
      case 15: {
        reader.expect(WIRE_LENGTH_DELIMITED, 'Span.status');
        // Status { string message = 2; StatusCode code = 3 }
        const status = reader.message();
        while (!status.done) {
          const statusField = status.nextField();
          if (statusField === 2) {
            status.expect(WIRE_LENGTH_DELIMITED, 'Status.message');
            draft.statusMessage = status.string();
          } else if (statusField === 3) {
            status.expect(WIRE_VARINT, 'Status.code');
            draft.statusCode = status.varint();
          } else status.skip();
        }
        break;
      }
      default:
        reader.skip();
    }
  }
  return draft;
}

function decodeEvent(reader: WireReader): SpanEventRecord {
  const event: SpanEventRecord = { timeUnixNano: '0', name: '', attributes: {} };
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_FIXED64, 'Event.time_unix_nano');
      event.timeUnixNano = reader.fixed64Text();
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Event.name');
      event.name = reader.string();
    } else if (field === 3) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Event.attributes');
      decodeKeyValue(reader.message(), event.attributes);
    } else reader.skip();
  }
  return event;
}

function decodeLink(reader: WireReader): SpanLinkRecord {
  const link: SpanLinkRecord = { traceId: '', spanId: '', attributes: {} };
  while (!reader.done) {
    const field = reader.nextField();
    if (field === 1) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Link.trace_id');
      link.traceId = idFromBytes(reader.bytes()) ?? '';
    } else if (field === 2) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Link.span_id');
      link.spanId = idFromBytes(reader.bytes()) ?? '';
    } else if (field === 3) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Link.trace_state');
      const traceState = reader.string();
      if (traceState !== '') link.traceState = traceState;
    } else if (field === 4) {
      reader.expect(WIRE_LENGTH_DELIMITED, 'Link.attributes');
      decodeKeyValue(reader.message(), link.attributes);
    } else reader.skip();
  }
  return link;
}
