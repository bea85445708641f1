// Checks a received DogStatsD line against the client metric catalog: known name, the catalog's type, only
// tag keys the catalog allows, and a `role` tag that fits the metric.
import assert from 'node:assert/strict';
import {
  CLIENT_METRIC_COMMON_TAGS,
  findClientMetric,
  type ClientMetricType,
} from '../../src/catalog/client-metrics';
import type { StatsdLine, StatsdType } from './dogstatsd';

const WIRE_TYPE: Record<ClientMetricType, StatsdType> = { count: 'c', gauge: 'g', distribution: 'd' };

/** `extraTagKeys`: the user's global tag keys the test configured (e.g. `team`). */
export function assertInCatalog(line: StatsdLine, extraTagKeys: readonly string[] = []): void {
  const metric = findClientMetric(line.name);
  assert.ok(metric, `${line.name} is in the client metric catalog (${line.raw})`);
  assert.equal(line.type, WIRE_TYPE[metric.type], `${line.name} is sent as a ${metric.type}`);
  const allowed = new Set<string>([...CLIENT_METRIC_COMMON_TAGS, ...metric.tags, ...extraTagKeys]);
  for (const key of Object.keys(line.tags)) {
    assert.ok(allowed.has(key), `${line.name}: tag ${key} is allowed by the catalog (${line.raw})`);
  }
  if (metric.role === 'none') {
    assert.equal(line.tags.role, undefined, `${line.name} has no role`);
  } else if (metric.role === 'any') {
    assert.match(line.tags.role ?? '', /^(producer|consumer)$/, `${line.name} has a role`);
  } else {
    assert.equal(line.tags.role, metric.role, `${line.name} has role ${metric.role}`);
  }
}
