// The monitor engine: states per group, transitions and their notifications, NO DATA, the API's rules
// for file and API monitors, persistence, and bounded history.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  loadApiMonitors,
  MonitorEngine,
  parseMonitor,
  type MonitorNotification,
} from '../../src/agent/monitors';
import { HISTORY_CAPACITY, MonitorRequestError } from '../../src/agent/monitors/engine';
import type { MetricQuery, MetricQueryResult } from '../../src/agent/store/query';

type Groups = Record<string, [number, number][]>;

/** A fake store answering every query with the given groups (tag `client_id`). */
function harness(initial: Groups) {
  let groups = initial;
  let now = 1_000_000_000;
  const queries: MetricQuery[] = [];
  const notifications: MonitorNotification[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-engine-'));
  const engine = new MonitorEngine({
    query: (query) => {
      queries.push(query);
      const result: MetricQueryResult = {
        metric: query.metric,
        type: 'gauge',
        from: query.from,
        to: query.to,
        step: query.step,
        resolution: 'raw',
        rollup: 'avg',
        aggregation: 'avg',
        truncated: false,
        series: Object.entries(groups).map(([id, points]) => ({
          group: { client_id: id },
          groupTags: [`client_id:${id}`],
          seriesCount: 1,
          points,
        })),
      };
      return result;
    },
    flushIntervalSeconds: 10,
    notifier: { notify: (n) => notifications.push(n) },
    apiMonitorsPath: join(dir, 'monitors-api.json'),
    clock: () => now,
  });
  return {
    engine,
    queries,
    notifications,
    dir,
    set: (next: Groups) => (groups = next),
    advance: (ms: number) => (now += ms),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

const steady = (value: number): [number, number][] => [
  [10, value],
  [20, value],
  [30, value],
];

test('outlier monitor: the slow producer goes to ALERT (notified), recovers to OK (notified)', () => {
  const h = harness({ a: steady(5), b: steady(5.2), c: steady(4.9), slow: steady(50) });
  try {
    h.engine.create({
      id: 'send-latency',
      name: 'Send latency outlier',
      type: 'outlier',
      query: { metric: 'kafka.client.producer.send.duration.avg', group_by: ['client_id'] },
      window: '5m',
      every: '30s',
      outlier: { algorithm: 'mad', tolerance: 3, pct: 20 },
      message: 'look at it',
    });
    let detail = h.engine.evaluateNow('send-latency');
    assert.equal(detail.state, 'ALERT');
    assert.deepEqual(
      detail.groups.map((g) => [g.group, g.state]),
      [
        ['client_id:slow', 'ALERT'],
        ['client_id:a', 'OK'],
        ['client_id:b', 'OK'],
        ['client_id:c', 'OK'],
      ],
    );
    assert.equal(h.queries[0]!.to - h.queries[0]!.from, 300);
    assert.equal(h.queries[0]!.step, 10, 'the flush interval, as 300 s / 30 points is finer');
    assert.deepEqual(h.queries[0]!.groupBy, ['client_id']);
    assert.equal(h.notifications.length, 1);
    assert.deepEqual(
      {
        group: h.notifications[0]!.group,
        from: h.notifications[0]!.from,
        to: h.notifications[0]!.to,
        event: h.notifications[0]!.event,
      },
      { group: 'client_id:slow', from: 'OK', to: 'ALERT', event: 'triggered' },
    );
    assert.equal(h.notifications[0]!.message, 'look at it');

    h.set({ a: steady(5), b: steady(5.2), c: steady(4.9), slow: steady(5.1) });
    h.advance(30_000);
    detail = h.engine.evaluateNow('send-latency');
    assert.equal(detail.state, 'OK');
    assert.equal(h.notifications.length, 2);
    assert.equal(h.notifications[1]!.event, 'recovered');
    assert.deepEqual(
      detail.history.map((t) => `${t.group} ${t.from}→${t.to}`),
      ['client_id:slow ALERT→OK', 'client_id:slow OK→ALERT'],
    );
  } finally {
    h.cleanup();
  }
});

test('threshold monitor: WARN and ALERT per group; a group that stops reporting goes NO DATA, silently by default', () => {
  const h = harness({ a: steady(50), b: steady(500), c: steady(5000) });
  try {
    h.engine.create({
      id: 'lag',
      name: 'Lag',
      query: { metric: 'kafka.consumer_lag', group_by: ['client_id'] },
      threshold: { reducer: 'max', comparator: 'above', warning: 100, critical: 1000 },
    });
    const detail = h.engine.evaluateNow('lag');
    assert.deepEqual(Object.fromEntries(detail.groups.map((g) => [g.group, [g.state, g.value]])), {
      'client_id:a': ['OK', 50],
      'client_id:b': ['WARN', 500],
      'client_id:c': ['ALERT', 5000],
    });
    assert.equal(h.notifications.length, 2);

    h.set({ a: steady(50), b: steady(500), c: [] });
    const after = h.engine.evaluateNow('lag');
    assert.equal(after.groups.find((g) => g.group === 'client_id:c')!.state, 'NO DATA');
    assert.equal(h.notifications.length, 2, 'ALERT → NO DATA is not notified without notify_no_data');
    assert.equal(after.history[0]!.notified, false);
    // Groups the store lists but that never had data in a window are not this monitor's groups.
    h.set({ a: steady(50), b: steady(500), c: [], ghost: [] });
    assert.equal(
      h.engine.evaluateNow('lag').groups.some((g) => g.group === 'client_id:ghost'),
      false,
    );
  } finally {
    h.cleanup();
  }
});

test('fewer than three groups: an outlier monitor has NO DATA, with the reason', () => {
  const h = harness({ a: steady(1), b: steady(100) });
  try {
    h.engine.create({ id: 'o', name: 'o', type: 'outlier', query: { metric: 'm', group_by: ['client_id'] } });
    const detail = h.engine.evaluateNow('o');
    assert.equal(detail.state, 'NO DATA');
    assert.match(detail.groups[0]!.detail, /needs at least 3 groups with data, got 2/);
  } finally {
    h.cleanup();
  }
});

test('API monitors persist under run_path; file monitors cannot be changed through the API', () => {
  const h = harness({});
  try {
    h.engine.load([
      parseMonitor(
        { id: 'from-file', name: 'f', query: { metric: 'm' }, threshold: { critical: 1 } },
        { where: 'f', source: 'file' },
      ),
    ]);
    const created = h.engine.create({
      name: 'Generated id',
      query: { metric: 'm' },
      threshold: { critical: 1 },
    });
    assert.match(created.id, /^monitor-[0-9a-f]{8}$/);
    const saved = loadApiMonitors(join(h.dir, 'monitors-api.json'));
    assert.deepEqual(
      saved.monitors.map((m) => m.id),
      [created.id],
    );
    assert.match(readFileSync(join(h.dir, 'monitors-api.json'), 'utf8'), /"version": 1/);
    const refused = (work: () => unknown, status: number) =>
      assert.throws(
        work,
        (error: unknown) => error instanceof MonitorRequestError && error.status === status,
      );
    refused(
      () => h.engine.update('from-file', { name: 'x', query: { metric: 'm' }, threshold: { critical: 1 } }),
      409,
    );
    refused(() => h.engine.delete('from-file'), 409);
    refused(
      () =>
        h.engine.create({ id: created.id, name: 'dup', query: { metric: 'm' }, threshold: { critical: 1 } }),
      409,
    );
    refused(() => h.engine.create({ name: 'bad' }), 400);
    refused(() => h.engine.delete('nope'), 404);
    h.engine.delete(created.id);
    assert.deepEqual(loadApiMonitors(join(h.dir, 'monitors-api.json')).monitors, []);
  } finally {
    h.cleanup();
  }
});

test('history is bounded', () => {
  const h = harness({ a: steady(0) });
  try {
    h.engine.create({
      id: 'flap',
      name: 'flap',
      query: { metric: 'm', group_by: ['client_id'] },
      threshold: { critical: 1 },
    });
    for (let i = 0; i < HISTORY_CAPACITY + 50; i += 1) {
      h.set({ a: steady(i % 2 === 0 ? 5 : 0) });
      h.engine.evaluateNow('flap');
    }
    assert.equal(h.engine.get('flap')!.history.length, HISTORY_CAPACITY);
  } finally {
    h.cleanup();
  }
});
