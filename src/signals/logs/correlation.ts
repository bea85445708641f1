// Trace correlation for log records: the active span's ids in OpenTelemetry form (`trace_id`, `span_id`,
// hex) and Datadog form (`dd.trace_id`, `dd.span_id`, decimal, next to `dd.service`/`env`/`version`, the
// shape dd-trace's own log injection writes, so Datadog's pipelines link logs and traces unchanged).
import { context, isSpanContextValid, trace, TraceFlags } from '@opentelemetry/api';
import { datadogId } from './datadog-ids';

export interface LogIdentity {
  service: string;
  env: string | undefined;
  version: string | undefined;
  /** `key:value` user tags. */
  tags: readonly string[];
}

export interface DatadogCorrelation {
  trace_id?: string;
  span_id?: string;
  service?: string;
  env?: string;
  version?: string;
}

/** Fields to merge into a log record. Trace fields are present only inside an active, valid span. */
export interface LogCorrelation {
  trace_id?: string;
  span_id?: string;
  /** `01` when the span is sampled. */
  trace_flags?: string;
  dd?: DatadogCorrelation;
}

let identity: LogIdentity | undefined;

/** Set by init(): the service the correlation fields name. */
export function setCorrelationIdentity(value: LogIdentity | undefined): void {
  identity = value;
}

export function correlationIdentity(): LogIdentity | undefined {
  return identity;
}

/** Correlation fields for the current context, with `service`/`env`/`version` of `who` (default: init()'s). */
export function currentCorrelation(who: LogIdentity | undefined = identity): LogCorrelation {
  const dd: DatadogCorrelation = {};
  const result: LogCorrelation = {};
  const span = trace.getSpanContext(context.active());
  if (span && isSpanContextValid(span)) {
    result.trace_id = span.traceId;
    result.span_id = span.spanId;
    result.trace_flags = span.traceFlags & TraceFlags.SAMPLED ? '01' : '00';
    const ddTrace = datadogId(span.traceId);
    const ddSpan = datadogId(span.spanId);
    if (ddTrace) dd.trace_id = ddTrace;
    if (ddSpan) dd.span_id = ddSpan;
  }
  if (who) {
    dd.service = who.service;
    if (who.env) dd.env = who.env;
    if (who.version) dd.version = who.version;
  }
  if (Object.keys(dd).length > 0) result.dd = dd;
  return result;
}
