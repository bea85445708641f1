// Export requests in binary protobuf. Field numbers: opentelemetry/proto (trace, logs, metrics, common).
import type {
  AttributeValue,
  Attributes,
  InstrumentationScope,
  OtlpLogRecord,
  SpanRecord,
} from '../../../intake/otlp/model';
import { WIRE_LENGTH_DELIMITED, WIRE_VARINT } from '../../../intake/otlp/protobuf/reader';
import { WireWriter } from '../../../intake/otlp/protobuf/writer';
import { groupByResource } from './group';
import { AGGREGATION_TEMPORALITY_DELTA, type OtlpResourceMetrics } from './metrics';

function hexBytes(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

/** AnyValue { string 1, bool 2, int 3, double 4, array 5, kvlist 6 } — always set, even for '' / false / 0. */
export function writeAnyValue(writer: WireWriter, value: AttributeValue): void {
  if (value === null) return;
  if (typeof value === 'string') writer.tag(1, WIRE_LENGTH_DELIMITED).string(value);
  else if (typeof value === 'boolean') writer.tag(2, WIRE_VARINT).varint(value ? 1 : 0);
  else if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) writer.tag(3, WIRE_VARINT).varintBig(BigInt(value));
    else writer.doubleField(4, value);
  } else if (Array.isArray(value)) {
    writer.messageField(5, (array) => {
      for (const item of value) array.messageField(1, (inner) => writeAnyValue(inner, item));
    });
  } else writer.messageField(6, (list) => writeKeyValues(list, 1, value));
}

/** repeated KeyValue { key 1, value 2 } at `field`. */
function writeKeyValues(writer: WireWriter, field: number, attributes: Attributes): void {
  for (const [key, value] of Object.entries(attributes)) {
    writer.messageField(field, (kv) => {
      kv.tag(1, WIRE_LENGTH_DELIMITED).string(key);
      kv.messageField(2, (inner) => writeAnyValue(inner, value));
    });
  }
}

function writeResource(writer: WireWriter, resource: Attributes): void {
  writer.messageField(1, (inner) => writeKeyValues(inner, 1, resource));
}

function writeScope(writer: WireWriter, scope: InstrumentationScope): void {
  writer.messageField(1, (inner) => inner.stringField(1, scope.name).stringField(2, scope.version));
}

function writeSpan(writer: WireWriter, span: SpanRecord): void {
  writer
    .bytesField(1, hexBytes(span.traceId))
    .bytesField(2, hexBytes(span.spanId))
    .stringField(3, span.traceState);
  if (span.parentSpanId !== undefined) writer.bytesField(4, hexBytes(span.parentSpanId));
  writer.stringField(5, span.name).uintField(6, span.kind);
  writer.fixed64Field(7, span.startTimeUnixNano).fixed64Field(8, span.endTimeUnixNano);
  writeKeyValues(writer, 9, span.attributes);
  for (const event of span.events) {
    writer.messageField(11, (inner) => {
      inner.fixed64Field(1, event.timeUnixNano).stringField(2, event.name);
      writeKeyValues(inner, 3, event.attributes);
    });
  }
  for (const link of span.links) {
    writer.messageField(13, (inner) => {
      inner
        .bytesField(1, hexBytes(link.traceId))
        .bytesField(2, hexBytes(link.spanId))
        .stringField(3, link.traceState);
      writeKeyValues(inner, 4, link.attributes);
    });
  }
  writer.messageField(15, (status) =>
    status.stringField(2, span.status.message).uintField(3, span.status.code),
  );
}

function writeLog(writer: WireWriter, log: OtlpLogRecord): void {
  writer.fixed64Field(1, log.timeUnixNano).uintField(2, log.severityNumber).stringField(3, log.severityText);
  writer.messageField(5, (body) => writeAnyValue(body, log.body ?? log.message));
  writeKeyValues(writer, 6, log.attributes);
  if (log.traceId !== undefined) writer.bytesField(9, hexBytes(log.traceId));
  if (log.spanId !== undefined) writer.bytesField(10, hexBytes(log.spanId));
  writer.fixed64Field(11, log.observedTimeUnixNano).stringField(12, log.eventName);
}

/** ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1 }. */
export function traceRequestProtobuf(spans: readonly SpanRecord[]): Buffer {
  const writer = new WireWriter();
  for (const group of groupByResource(spans)) {
    writer.messageField(1, (resourceSpans) => {
      writeResource(resourceSpans, group.resource);
      for (const scope of group.scopes) {
        resourceSpans.messageField(2, (scopeSpans) => {
          writeScope(scopeSpans, scope.scope);
          for (const span of scope.records) scopeSpans.messageField(2, (inner) => writeSpan(inner, span));
        });
      }
    });
  }
  return writer.finish();
}

/** ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1 }. */
export function logsRequestProtobuf(logs: readonly OtlpLogRecord[]): Buffer {
  const writer = new WireWriter();
  for (const group of groupByResource(logs)) {
    writer.messageField(1, (resourceLogs) => {
      writeResource(resourceLogs, group.resource);
      for (const scope of group.scopes) {
        resourceLogs.messageField(2, (scopeLogs) => {
          writeScope(scopeLogs, scope.scope);
          for (const log of scope.records) scopeLogs.messageField(2, (inner) => writeLog(inner, log));
        });
      }
    });
  }
  return writer.finish();
}

/**
 * ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1 }; Metric { name 1, gauge 5,
 * sum 7 }; Sum { data_points 1, aggregation_temporality 2, is_monotonic 3 }; NumberDataPoint
 * { start_time_unix_nano 2, time_unix_nano 3, as_double 4, attributes 7 }.
 */
export function metricsRequestProtobuf(
  resources: readonly OtlpResourceMetrics[],
  scope: InstrumentationScope,
): Buffer {
  const writer = new WireWriter();
  for (const resource of resources) {
    writer.messageField(1, (resourceMetrics) => {
      writeResource(resourceMetrics, resource.resource);
      resourceMetrics.messageField(2, (scopeMetrics) => {
        writeScope(scopeMetrics, scope);
        for (const metric of resource.metrics) {
          scopeMetrics.messageField(2, (inner) => {
            inner.stringField(1, metric.name);
            inner.messageField(metric.kind === 'gauge' ? 5 : 7, (data) => {
              for (const point of metric.points) {
                data.messageField(1, (dataPoint) => {
                  dataPoint.fixed64Field(2, point.startTimeUnixNano).fixed64Field(3, point.timeUnixNano);
                  dataPoint.doubleField(4, point.value);
                  writeKeyValues(dataPoint, 7, point.attributes);
                });
              }
              if (metric.kind === 'sum')
                data.uintField(2, AGGREGATION_TEMPORALITY_DELTA).boolField(3, metric.monotonic);
            });
          });
        }
      });
    });
  }
  return writer.finish();
}
