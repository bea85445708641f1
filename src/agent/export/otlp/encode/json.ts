// Export requests in OTLP/JSON: hex ids, 64-bit integers as decimal strings, enums as numbers.
import type {
  AttributeValue,
  Attributes,
  InstrumentationScope,
  OtlpLogRecord,
  SpanRecord,
} from '../../../intake/otlp/model';
import { groupByResource } from './group';
import { AGGREGATION_TEMPORALITY_DELTA, type OtlpResourceMetrics } from './metrics';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export function anyValueJson(value: AttributeValue): Json {
  if (value === null) return {};
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number')
    return Number.isSafeInteger(value)
      ? { intValue: String(value) }
      : { doubleValue: Number.isFinite(value) ? value : String(value) };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValueJson) } };
  return { kvlistValue: { values: keyValuesJson(value) } };
}

function keyValuesJson(attributes: Attributes): Json[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValueJson(value) }));
}

function scopeJson(scope: InstrumentationScope): Json {
  return scope.version === undefined ? { name: scope.name } : { name: scope.name, version: scope.version };
}

function spanJson(span: SpanRecord): Json {
  const json: { [key: string]: Json } = {
    traceId: span.traceId,
    spanId: span.spanId,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    attributes: keyValuesJson(span.attributes),
    events: span.events.map((event) => ({
      timeUnixNano: event.timeUnixNano,
      name: event.name,
      attributes: keyValuesJson(event.attributes),
    })),
    links: span.links.map((link) => ({
      traceId: link.traceId,
      spanId: link.spanId,
      ...(link.traceState === undefined ? {} : { traceState: link.traceState }),
      attributes: keyValuesJson(link.attributes),
    })),
    status:
      span.status.message === undefined
        ? { code: span.status.code }
        : { code: span.status.code, message: span.status.message },
  };
  if (span.parentSpanId !== undefined) json.parentSpanId = span.parentSpanId;
  if (span.traceState !== undefined) json.traceState = span.traceState;
  return json;
}

function logJson(log: OtlpLogRecord): Json {
  const json: { [key: string]: Json } = {
    timeUnixNano: log.timeUnixNano,
    severityNumber: log.severityNumber,
    body: anyValueJson(log.body ?? log.message),
    attributes: keyValuesJson(log.attributes),
  };
  if (log.observedTimeUnixNano !== undefined) json.observedTimeUnixNano = log.observedTimeUnixNano;
  if (log.severityText !== undefined) json.severityText = log.severityText;
  if (log.eventName !== undefined) json.eventName = log.eventName;
  if (log.traceId !== undefined) json.traceId = log.traceId;
  if (log.spanId !== undefined) json.spanId = log.spanId;
  return json;
}

export function traceRequestJson(spans: readonly SpanRecord[]): Buffer {
  const resourceSpans = groupByResource(spans).map((group) => ({
    resource: { attributes: keyValuesJson(group.resource) },
    scopeSpans: group.scopes.map((scope) => ({
      scope: scopeJson(scope.scope),
      spans: scope.records.map(spanJson),
    })),
  }));
  return Buffer.from(JSON.stringify({ resourceSpans }));
}

export function logsRequestJson(logs: readonly OtlpLogRecord[]): Buffer {
  const resourceLogs = groupByResource(logs).map((group) => ({
    resource: { attributes: keyValuesJson(group.resource) },
    scopeLogs: group.scopes.map((scope) => ({
      scope: scopeJson(scope.scope),
      logRecords: scope.records.map(logJson),
    })),
  }));
  return Buffer.from(JSON.stringify({ resourceLogs }));
}

export function metricsRequestJson(
  resources: readonly OtlpResourceMetrics[],
  scope: InstrumentationScope,
): Buffer {
  const resourceMetrics = resources.map((resource) => ({
    resource: { attributes: keyValuesJson(resource.resource) },
    scopeMetrics: [
      {
        scope: scopeJson(scope),
        metrics: resource.metrics.map((metric) => {
          const dataPoints = metric.points.map((point) => ({
            attributes: keyValuesJson(point.attributes),
            ...(point.startTimeUnixNano === undefined ? {} : { startTimeUnixNano: point.startTimeUnixNano }),
            timeUnixNano: point.timeUnixNano,
            asDouble: point.value,
          }));
          return metric.kind === 'gauge'
            ? { name: metric.name, gauge: { dataPoints } }
            : {
                name: metric.name,
                sum: {
                  dataPoints,
                  aggregationTemporality: AGGREGATION_TEMPORALITY_DELTA,
                  isMonotonic: metric.monotonic,
                },
              };
        }),
      },
    ],
  }));
  return Buffer.from(JSON.stringify({ resourceMetrics }));
}
