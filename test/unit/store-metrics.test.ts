// Metric storage and queries with exact numbers: rollups, tag filters, group-by, table choice.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MetricSample } from '../../src/agent/model';
import { QueryError, Store, StoreSink } from '../../src/agent/store';

const T = 1_700_002_800; // a whole hour (1_700_002_800 % 3600 === 0)

function gauge(
  value: number,
  offset: number,
  tags: string[],
  host = 'h1',
  name = 'kafka.consumer_lag',
): MetricSample {
  return { name, type: 'gauge', value, timestamp: T + offset, tags, host };
}

/** Three series over two minutes, one point every 10 s: values chosen so every aggregate is easy to check. */
async function seeded(): Promise<Store> {
  const store = new Store({ path: ':memory:' });
  const samples: MetricSample[] = [];
  for (let i = 0; i < 12; i += 1) {
    samples.push(gauge(i, i * 10, ['partition:0', 'topic:a']));
    samples.push(gauge(10 * i, i * 10, ['partition:1', 'topic:a']));
    samples.push(gauge(100, i * 10, ['partition:0', 'topic:b'], 'h2'));
  }
  samples.push(gauge(7, 0, ['canary', 'topic:c'], 'h3'));
  store.offerMetrics(samples);
  await store.flush();
  return store;
}

test('avg rollup per minute, grouped by topic: the mean of each series, then of the group', async () => {
  const store = await seeded();
  const result = store.query.metrics({
    metric: 'kafka.consumer_lag',
    from: T,
    to: T + 120,
    step: 60,
    groupBy: ['topic'],
  });
  assert.equal(result.resolution, '1m');
  assert.equal(result.type, 'gauge');
  assert.deepEqual(
    result.series.map((s) => [s.group, s.seriesCount, s.points]),
    [
      // partition 0: mean(0..5)=2.5 and mean(6..11)=8.5; partition 1: 25 and 85; group avg: (2.5+25)/2, (8.5+85)/2
      [
        { topic: 'a' },
        2,
        [
          [T, 13.75],
          [T + 60, 46.75],
        ],
      ],
      [
        { topic: 'b' },
        1,
        [
          [T, 100],
          [T + 60, 100],
        ],
      ],
      [{ topic: 'c' }, 1, [[T, 7]]],
    ],
  );
  await store.close();
});

test('every rollup and aggregation is exact, and raw, 1m and 1h tables agree', async () => {
  const store = await seeded();
  const base = {
    metric: 'kafka.consumer_lag',
    from: T,
    to: T + 3600,
    step: 3600,
    filters: ['topic:a'],
  } as const;
  const value = (extra: object) => store.query.metrics({ ...base, ...extra }).series[0]?.points[0]?.[1];
  // Within each series over the hour: p0 = 0..11, p1 = 0,10..110.
  assert.equal(value({ rollup: 'sum', aggregation: 'sum' }), 66 + 660);
  assert.equal(value({ rollup: 'min', aggregation: 'min' }), 0);
  assert.equal(value({ rollup: 'max', aggregation: 'max' }), 110);
  assert.equal(value({ rollup: 'count', aggregation: 'sum' }), 24);
  assert.equal(value({ rollup: 'avg', aggregation: 'avg' }), (5.5 + 55) / 2);
  assert.equal(value({ rollup: 'max', aggregation: 'sum' }), 11 + 110);
  for (const rollup of ['avg', 'sum', 'min', 'max', 'count'] as const) {
    const answers = (['raw', '1m', '1h'] as const).map(
      (resolution) => store.query.metrics({ ...base, rollup, resolution }).series,
    );
    assert.deepEqual(answers[0], answers[1], `${rollup}: raw = 1m`);
    assert.deepEqual(answers[1], answers[2], `${rollup}: 1m = 1h`);
  }
  assert.equal(store.query.metrics({ ...base }).resolution, '1h');
  assert.equal(store.query.metrics({ ...base, step: 20 }).resolution, 'raw');
  await store.close();
});

test('raw points at a 20 s step, range rounded to whole steps', async () => {
  const store = await seeded();
  const result = store.query.metrics({
    metric: 'kafka.consumer_lag',
    from: T + 5,
    to: T + 55,
    step: 20,
    filters: ['topic:a', 'partition:0'],
  });
  assert.equal(result.from, T, 'from rounded down to the step');
  assert.equal(result.to, T + 60);
  assert.deepEqual(result.series[0]?.points, [
    [T, 0.5],
    [T + 20, 2.5],
    [T + 40, 4.5],
  ]);
  await store.close();
});

test('tag filters: exact, negated, wildcard, any value, bare tag, host', async () => {
  const store = await seeded();
  const groups = (filters: string[]) =>
    store.query
      .metrics({
        metric: 'kafka.consumer_lag',
        from: T,
        to: T + 60,
        step: 60,
        filters,
        groupBy: ['topic', 'partition'],
      })
      .series.map((s) => s.groupTags.join(' '));
  assert.deepEqual(groups(['topic:a']), ['topic:a partition:0', 'topic:a partition:1']);
  assert.deepEqual(groups(['!topic:a']), ['topic:b partition:0', 'topic:c']);
  assert.deepEqual(groups(['-partition:1', 'topic:*']), [
    'topic:a partition:0',
    'topic:b partition:0',
    'topic:c',
  ]);
  assert.deepEqual(groups(['partition:*']), [
    'topic:a partition:0',
    'topic:a partition:1',
    'topic:b partition:0',
  ]);
  assert.deepEqual(groups(['topic:[ab]']), [], '[ is literal, only * is a wildcard');
  assert.deepEqual(groups(['canary']), ['topic:c']);
  assert.deepEqual(groups(['host:h2']), ['topic:b partition:0']);
  assert.deepEqual(groups(['topic:*', 'topic:b*']), ['topic:b partition:0']);
  assert.throws(() => groups(['!']), QueryError);
  const byHost = store.query.metrics({
    metric: 'kafka.consumer_lag',
    from: T,
    to: T + 60,
    step: 60,
    groupBy: ['host'],
    aggregation: 'sum',
  });
  assert.deepEqual(
    byHost.series.map((s) => [s.group.host, s.points[0]?.[1]]),
    [
      ['h1', 2.5 + 25],
      ['h2', 100],
      ['h3', 7],
    ],
  );
  await store.close();
});

test('counts add up at the same second; NaN is dropped and counted; the series limit holds', async () => {
  const store = new Store({ path: ':memory:', maxSeries: 2 });
  const count = (value: number, tags: string[]): MetricSample => ({
    name: 'kafka.messages',
    type: 'count',
    value,
    timestamp: T,
    tags,
    intervalSeconds: 10,
  });
  store.offerMetrics([
    count(3, ['topic:a']),
    count(4, ['topic:a']),
    { ...count(1, ['topic:b']), value: Number.NaN },
  ]);
  store.offerMetrics([count(1, ['topic:b']), count(1, ['topic:c']), count(1, ['topic:d'])]);
  await store.flush();
  const result = store.query.metrics({
    metric: 'kafka.messages',
    from: T,
    to: T + 10,
    step: 10,
    groupBy: ['topic'],
    rollup: 'sum',
  });
  assert.deepEqual(
    result.series.map((s) => [s.group.topic, s.points]),
    [
      ['a', [[T, 7]]],
      ['b', [[T, 1]]],
    ],
  );
  const stats = store.stats().metrics;
  assert.equal(stats.droppedInvalidValue, 1);
  assert.equal(stats.droppedSeriesLimit, 2);
  assert.equal(stats.series, 2);
  await store.close();
});

test('metric names, tag keys and tag values for the UI pickers', async () => {
  const store = await seeded();
  store.offerMetrics([gauge(1, 0, ['topic:a'], 'h1', 'kafka.net.bytes_in.rate')]);
  await store.flush();
  assert.deepEqual(
    store.query.metricNames().map((m) => [m.name, m.series]),
    [
      ['kafka.consumer_lag', 4],
      ['kafka.net.bytes_in.rate', 1],
    ],
  );
  assert.deepEqual(
    store.query.metricNames({ prefix: 'kafka.net' }).map((m) => m.name),
    ['kafka.net.bytes_in.rate'],
  );
  assert.deepEqual(store.query.tagKeys({ metric: 'kafka.consumer_lag' }), [
    'canary',
    'host',
    'partition',
    'topic',
  ]);
  assert.deepEqual(store.query.tagValues('topic'), ['a', 'b', 'c']);
  assert.deepEqual(store.query.tagValues('topic', { metric: 'kafka.net.bytes_in.rate' }), ['a']);
  assert.deepEqual(store.query.tagValues('host', { prefix: 'h' }), ['h1', 'h2', 'h3']);
  await store.close();
});

test('bad queries are QueryErrors', async () => {
  const store = await seeded();
  const q = { metric: 'kafka.consumer_lag', from: T, to: T + 60, step: 60 };
  assert.throws(() => store.query.metrics({ ...q, step: 0 }), QueryError);
  assert.throws(() => store.query.metrics({ ...q, to: T }), QueryError);
  assert.throws(() => store.query.metrics({ ...q, step: 1, to: T + 10_000_000 }), QueryError);
  assert.throws(() => store.query.metrics({ ...q, step: 90, resolution: '1m' }), QueryError);
  assert.deepEqual(store.query.metrics({ ...q, metric: 'nope' }).series, []);
  await store.close();
});

test('StoreSink takes the aggregator flush without waiting on the database', async () => {
  const store = new Store({ path: ':memory:' });
  const sink = new StoreSink(store);
  sink.write({ metrics: [gauge(1, 0, ['topic:a'])], serviceChecks: [], events: [] });
  assert.equal(store.stats().queue.records, 1, 'queued, not yet written');
  await store.flush();
  assert.equal(store.stats().written.metrics, 1);
  await store.close();
});
