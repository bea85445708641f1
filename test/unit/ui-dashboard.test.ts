// Dashboards: the shipped Kafka template is valid and names only metrics kinstrument produces; variables
// become tag filters only where a widget asks; tables join queries; pivots find the right service.
import { DEFAULT_LOG_METRICS } from '../../src/catalog/log-metrics';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLIENT_METRICS } from '../../src/catalog/client-metrics';
import { KAFKA_CATALOG } from '../../src/catalog/checks/kafka';
import { KAFKA_CONSUMER_CATALOG } from '../../src/catalog/checks/kafka-consumer';
import { SYSTEM_CATALOG } from '../../src/catalog/checks/system';
import { ZK_CATALOG } from '../../src/catalog/checks/zk';
import { parseDashboard } from '../../src/agent/web/dashboards/schema';
import type { Dashboard, MetricSeries } from '../../src/ui/api/types';
import {
  joinTable,
  lagStatusName,
  pivotTargetFor,
  queryFilters,
  thresholdClass,
} from '../../src/ui/dashboard/model';
import { projectRoot } from '../support/processes';

const template = JSON.parse(
  readFileSync(join(projectRoot, 'dashboards', 'kafka-overview.json'), 'utf8'),
) as unknown;

/** Every series name the agent can store: check metrics, and client metrics as the aggregator flushes them. */
function knownMetricNames(): Set<string> {
  const names = new Set<string>();
  for (const catalog of [KAFKA_CATALOG, KAFKA_CONSUMER_CATALOG, ZK_CATALOG, SYSTEM_CATALOG])
    for (const metric of catalog.metrics) names.add(metric.name);
  for (const metric of CLIENT_METRICS) {
    if (metric.type === 'distribution')
      for (const suffix of ['avg', 'count', 'sum', 'min', 'max', 'p50', 'p75', 'p90', 'p95', 'p99'])
        names.add(`${metric.name}.${suffix}`);
    else names.add(metric.name);
  }
  for (const rule of DEFAULT_LOG_METRICS) names.add(rule.name);
  return names;
}

test('the Kafka overview template is a valid dashboard', () => {
  const dashboard = parseDashboard(template);
  assert.equal(dashboard.id, 'kafka-overview');
  assert.deepEqual(
    dashboard.variables.map((v) => v.tag),
    ['service', 'env', 'role', 'topic', 'consumer_group'],
  );
  const titles = dashboard.rows.map((r) => r.title);
  for (const expected of ['Consumer lag', 'ZooKeeper', 'Host', 'Clients: producers'])
    assert.ok(titles.includes(expected), expected);
});

test('every metric of the template exists in a kinstrument catalog', () => {
  const known = knownMetricNames();
  const dashboard = parseDashboard(template);
  const unknown = dashboard.rows
    .flatMap((r) => r.widgets.flatMap((w) => w.queries.map((q) => q.metric)))
    .filter((m) => !known.has(m));
  assert.deepEqual(unknown, []);
});

test('schema problems name their path', () => {
  assert.throws(
    () =>
      parseDashboard({
        id: 'x',
        title: 'X',
        variables: [],
        rows: [{ title: 'r', widgets: [{ title: 'w', type: 'pie', queries: [], variables: ['nope'] }] }],
      }),
    (error: Error) =>
      /rows\[0\]\.widgets\[0\]\.type must be one of/.test(error.message) &&
      /queries needs at least one query/.test(error.message) &&
      /unknown variable "nope"/.test(error.message),
  );
  assert.throws(() => parseDashboard({ id: '../etc', title: 'X', rows: [] }), /id has an invalid value/);
});

const DASHBOARD: Dashboard = {
  id: 'd',
  title: 'D',
  variables: [
    { name: 'service', tag: 'service' },
    { name: 'topic', tag: 'topic' },
  ],
  defaultRange: '1h',
  rows: [],
};

test('variables become tag filters only for the widgets that name them', () => {
  const widget = {
    title: 'w',
    type: 'timeseries' as const,
    variables: ['topic'],
    queries: [{ metric: 'm', filters: ['env:prod'] }],
  };
  assert.deepEqual(queryFilters(DASHBOARD, widget, widget.queries[0]!, { service: 'a', topic: 'orders' }), [
    'env:prod',
    'topic:orders',
  ]);
  assert.deepEqual(queryFilters(DASHBOARD, widget, widget.queries[0]!, {}), ['env:prod']);
});

function series(group: Record<string, string>, value: number): MetricSeries {
  return {
    group,
    groupTags: Object.entries(group).map(([k, v]) => `${k}:${v}`),
    seriesCount: 1,
    points: [
      [1, value - 1],
      [2, value],
    ],
  };
}

test('tables: rows from the first query, other columns matched on the keys they share', () => {
  const rows = joinTable([
    [series({ consumer_group: 'g1', topic: 'a' }, 10), series({ consumer_group: 'g2', topic: 'a' }, 20)],
    [series({ consumer_group: 'g2', topic: 'a' }, 2.5)],
    [series({ consumer_group: 'g1' }, 1), series({ consumer_group: 'g2' }, 3)],
  ]);
  assert.deepEqual(
    rows.map((r) => [r.key, r.cells]),
    [
      ['consumer_group:g1,topic:a', [10, undefined, 1]],
      ['consumer_group:g2,topic:a', [20, 2.5, 3]],
    ],
  );
  assert.deepEqual([0, 1, 2, 3, 4, undefined].map(lagStatusName), [
    'OK',
    'WARN',
    'STALL',
    'STOP',
    'ERR',
    '—',
  ]);
});

test('pivot targets: the series’ service, else the variable (where it applies), else the widget’s', () => {
  const widget = {
    title: 'w',
    type: 'timeseries' as const,
    variables: ['service'],
    queries: [],
    pivot: { service: 'kafka', source: 'kafka' },
  };
  assert.deepEqual(pivotTargetFor(widget, series({ service: 'billing' }, 1), { service: 'x' }), {
    service: 'billing',
  });
  assert.deepEqual(pivotTargetFor(widget, series({}, 1), { service: 'x' }), {
    service: 'x',
    source: 'kafka',
  });
  assert.deepEqual(pivotTargetFor({ ...widget, variables: [] }, undefined, { service: 'x' }), {
    service: 'kafka',
    source: 'kafka',
  });
});

test('value colours follow the thresholds and their direction', () => {
  assert.equal(thresholdClass(1, { critical: 0 }), 'alert');
  assert.equal(thresholdClass(0, { critical: 0 }), 'ok');
  assert.equal(thresholdClass(0.2, { warning: 0.3, critical: 0.1, direction: 'below' }), 'warn');
  assert.equal(thresholdClass(undefined, { critical: 0 }), '');
});
