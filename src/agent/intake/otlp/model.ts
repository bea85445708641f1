// What the OTLP receiver turns requests into: flat records the store, the UI and the exporter share.
// Ids are lowercase hex, times are decimal strings of Unix nanoseconds (exact: a double cannot hold them).

/** OTLP AnyValue as plain data; bytes become base64 text, 64-bit integers beyond 2^53 decimal text. */
export type AttributeValue =
  string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

/** OTLP span kinds, by their enum number. */
export const SPAN_KIND_NAMES = [
  'unspecified',
  'internal',
  'server',
  'client',
  'producer',
  'consumer',
] as const;
export type SpanKindName = (typeof SPAN_KIND_NAMES)[number];

/** 0 unset, 1 ok, 2 error (OTLP StatusCode). */
export type SpanStatusCode = 0 | 1 | 2;

export interface InstrumentationScope {
  name: string;
  version?: string;
}

export interface SpanEventRecord {
  timeUnixNano: string;
  name: string;
  attributes: Attributes;
}

export interface SpanLinkRecord {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
}

export interface SpanRecord {
  /** 32 lowercase hex digits. */
  traceId: string;
  /** 16 lowercase hex digits. */
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  /** OTLP SpanKind number, 0–5 (see SPAN_KIND_NAMES). */
  kind: number;
  /** The resource's `service.name` (`unknown_service` when absent). */
  service: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** end − start, never negative. */
  durationNs: number;
  status: { code: SpanStatusCode; message?: string };
  attributes: Attributes;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
  resource: Attributes;
  scope: InstrumentationScope;
}

/** An OTLP log record, kept whole so it can be forwarded; `toLogRecord` gives the collector's LogRecord. */
export interface OtlpLogRecord {
  /** The event time, or the observed time when the event time is unset (0). */
  timeUnixNano: string;
  observedTimeUnixNano?: string;
  /** OTLP SeverityNumber, 0 (unspecified) – 24. */
  severityNumber: number;
  severityText?: string;
  /** The body: a string body as is, structured bodies as their JSON text. */
  message: string;
  /** The body as sent, for forwarding (undefined when there was none). */
  body?: AttributeValue;
  eventName?: string;
  service: string;
  /** The resource's `host.name`. */
  host?: string;
  traceId?: string;
  spanId?: string;
  attributes: Attributes;
  resource: Attributes;
  scope: InstrumentationScope;
}

/** Where receivers hand decoded records. Each call returns how many records it could not take. */
export interface OtlpSink {
  offerSpans(spans: readonly SpanRecord[]): number;
  offerLogs(logs: readonly OtlpLogRecord[]): number;
  /**
   * True when the sink would refuse every record of this kind right now (its queue is full): the receiver
   * then answers 503 without decoding the request, instead of decoding it to drop it.
   */
  refusesAll?(kind: 'spans' | 'logs'): boolean;
}

export const UNKNOWN_SERVICE = 'unknown_service';
