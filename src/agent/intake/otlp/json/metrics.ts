// ExportMetricsServiceRequest (OTLP/JSON): counted, not stored (see protobuf/metrics.ts for why).
import type { DecodedMetrics } from '../decoded';
import { arrayField, objectField, objects, parseRequestJson } from './common';

const DATA_KEYS = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'] as const;

export function decodeMetricsJson(body: Buffer): DecodedMetrics {
  let dataPoints = 0;
  const request = parseRequestJson(body);
  for (const resourceMetrics of objects(
    arrayField(request, 'resourceMetrics', 'request'),
    'resourceMetrics',
  )) {
    for (const scopeMetrics of objects(
      arrayField(resourceMetrics, 'scopeMetrics', 'resourceMetrics'),
      'scopeMetrics',
    )) {
      for (const metric of objects(arrayField(scopeMetrics, 'metrics', 'scopeMetrics'), 'metrics')) {
        for (const key of DATA_KEYS) {
          if (metric[key] === undefined || metric[key] === null) continue;
          dataPoints += arrayField(objectField(metric, key, 'metric'), 'dataPoints', key).length;
        }
      }
    }
  }
  return { dataPoints };
}
