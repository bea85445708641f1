// ExportMetricsServiceRequest (binary protobuf): the receiver does not store OTLP metrics (DogStatsD is the
// metric path), but it reads the request through to count data points for the partial-success answer and
// to reject malformed bodies like the other signals do.
// Metric { gauge = 5; sum = 7; histogram = 9; exponential_histogram = 10; summary = 11 }, each with
// `repeated … data_points = 1`.
import type { DecodedMetrics } from '../decoded';
import { WIRE_LENGTH_DELIMITED, WireReader } from './reader';

const DATA_FIELDS = new Set([5, 7, 9, 10, 11]);

export function decodeMetricsRequest(body: Buffer): DecodedMetrics {
  let dataPoints = 0;
  const request = new WireReader(body);
  while (!request.done) {
    if (request.nextField() !== 1) {
      request.skip();
      continue;
    }
    request.expect(WIRE_LENGTH_DELIMITED, 'ExportMetricsServiceRequest.resource_metrics');
    const resourceMetrics = request.message();
    while (!resourceMetrics.done) {
      if (resourceMetrics.nextField() !== 2) {
        resourceMetrics.skip();
        continue;
      }
      resourceMetrics.expect(WIRE_LENGTH_DELIMITED, 'ResourceMetrics.scope_metrics');
      const scopeMetrics = resourceMetrics.message();
      while (!scopeMetrics.done) {
        if (scopeMetrics.nextField() !== 2) {
          scopeMetrics.skip();
          continue;
        }
        scopeMetrics.expect(WIRE_LENGTH_DELIMITED, 'ScopeMetrics.metrics');
        dataPoints += countMetricPoints(scopeMetrics.message());
      }
    }
  }
  return { dataPoints };
}

function countMetricPoints(metric: WireReader): number {
  let count = 0;
  while (!metric.done) {
    const field = metric.nextField();
    if (!DATA_FIELDS.has(field)) {
      metric.skip();
      continue;
    }
    metric.expect(WIRE_LENGTH_DELIMITED, 'Metric.data');
    const data = metric.message();
    while (!data.done) {
      if (data.nextField() === 1) count += 1;
      data.skip();
    }
  }
  return count;
}
