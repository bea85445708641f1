// OTLP payloads made by the OpenTelemetry JS SDK's own serializers (otlp-transformer), so receiver tests
// check our decoders against an independent encoder; and a raw HTTP client for posting them.
import { request, type IncomingHttpHeaders } from 'node:http';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';

type SdkSpan = Parameters<typeof ProtobufTraceSerializer.serializeRequest>[0][number];
type SdkLog = Parameters<typeof ProtobufLogsSerializer.serializeRequest>[0][number];
type HrTime = [number, number];
type Attrs = Record<string, string | number | boolean | (string | number | boolean)[]>;

export function hrTime(ns: bigint): HrTime {
  return [Number(ns / 1_000_000_000n), Number(ns % 1_000_000_000n)];
}

export interface SpanSpec {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind?: number;
  startNs: bigint;
  endNs: bigint;
  attributes?: Attrs;
  events?: { name: string; timeNs: bigint; attributes?: Attrs }[];
  links?: { traceId: string; spanId: string; attributes?: Attrs }[];
  status?: { code: 0 | 1 | 2; message?: string };
  service?: string;
  resource?: Attrs;
  scope?: { name: string; version?: string };
}

export function sdkSpan(spec: SpanSpec): SdkSpan {
  const resource = resourceFromAttributes({
    'service.name': spec.service ?? 'svc',
    ...(spec.resource ?? {}),
  });
  const span = {
    name: spec.name,
    kind: spec.kind ?? 1,
    spanContext: () => ({ traceId: spec.traceId, spanId: spec.spanId, traceFlags: 1 }),
    parentSpanContext:
      spec.parentSpanId === undefined
        ? undefined
        : { traceId: spec.traceId, spanId: spec.parentSpanId, traceFlags: 1 },
    startTime: hrTime(spec.startNs),
    endTime: hrTime(spec.endNs),
    status: spec.status ?? { code: 0 },
    attributes: spec.attributes ?? {},
    links: (spec.links ?? []).map((link) => ({
      context: { traceId: link.traceId, spanId: link.spanId, traceFlags: 1 },
      attributes: link.attributes ?? {},
    })),
    events: (spec.events ?? []).map((event) => ({
      name: event.name,
      time: hrTime(event.timeNs),
      attributes: event.attributes ?? {},
    })),
    duration: hrTime(spec.endNs - spec.startNs),
    ended: true,
    resource,
    instrumentationScope: spec.scope ?? { name: 'test-scope', version: '1.2.3' },
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
  return span as unknown as SdkSpan;
}

export interface LogSpec {
  timeNs: bigint;
  observedNs?: bigint;
  body?: string | Record<string, unknown>;
  severityNumber?: number;
  severityText?: string;
  attributes?: Attrs;
  traceId?: string;
  spanId?: string;
  service?: string;
  resource?: Attrs;
  scope?: { name: string; version?: string };
}

export function sdkLog(spec: LogSpec): SdkLog {
  const log = {
    hrTime: hrTime(spec.timeNs),
    hrTimeObserved: hrTime(spec.observedNs ?? spec.timeNs),
    spanContext:
      spec.traceId === undefined
        ? undefined
        : { traceId: spec.traceId, spanId: spec.spanId ?? '', traceFlags: 1 },
    severityText: spec.severityText,
    severityNumber: spec.severityNumber,
    body: spec.body,
    resource: resourceFromAttributes({ 'service.name': spec.service ?? 'svc', ...(spec.resource ?? {}) }),
    instrumentationScope: spec.scope ?? { name: 'test-logger' },
    attributes: spec.attributes ?? {},
    droppedAttributesCount: 0,
  };
  return log as unknown as SdkLog;
}

export const sdkTraces = {
  protobuf: (spans: SdkSpan[]): Buffer =>
    Buffer.from(ProtobufTraceSerializer.serializeRequest(spans) ?? new Uint8Array()),
  json: (spans: SdkSpan[]): Buffer =>
    Buffer.from(JsonTraceSerializer.serializeRequest(spans) ?? new Uint8Array()),
};

export const sdkLogs = {
  protobuf: (logs: SdkLog[]): Buffer =>
    Buffer.from(ProtobufLogsSerializer.serializeRequest(logs) ?? new Uint8Array()),
  json: (logs: SdkLog[]): Buffer =>
    Buffer.from(JsonLogsSerializer.serializeRequest(logs) ?? new Uint8Array()),
};

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** A raw POST (node:http): the body is streamed as given; the reply is read whole. */
export function post(
  url: string,
  body: Buffer | Buffer[],
  headers: Record<string, string> = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    for (const chunk of Array.isArray(body) ? body : [body]) req.write(chunk);
    req.end();
  });
}

export function randomHex(bytes: number): string {
  let text = '';
  for (let index = 0; index < bytes; index += 1)
    text += Math.floor(Math.random() * 256)
      .toString(16)
      .padStart(2, '0');
  return text;
}
