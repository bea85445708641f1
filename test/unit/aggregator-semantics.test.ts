import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aggregator, type AggregatorOptions } from '../../src/agent/aggregator';
import { DogStatsDParser } from '../../src/agent/intake/dogstatsd';
import type { Flush, MetricSample } from '../../src/agent/model';

const START_MS = 1_700_000_000_000; // a multiple of 10 s
const START_S = START_MS / 1000;

/** An aggregator on a fake clock, fed through the real parser. */
function setup(options: Partial<AggregatorOptions> = {}) {
  let now = START_MS;
  const aggregator = new Aggregator({ clock: () => now, ...options });
  const parser = new DogStatsDParser();
  return {
    aggregator,
    send(datagram: string) {
      parser.parsePacket(Buffer.from(datagram), aggregator);
    },
    advance(ms: number) {
      now += ms;
    },
    flush(): Flush {
      now += 10_000;
      return aggregator.flush();
    },
  };
}

/** name → value, for the common case of one series per name. */
function values(flush: Flush): Record<string, number> {
  return Object.fromEntries(flush.metrics.map((m) => [m.name, m.value]));
}

function only(flush: Flush, name: string): MetricSample {
  const matches = flush.metrics.filter((m) => m.name === name);
  assert.equal(matches.length, 1, `exactly one ${name} in ${JSON.stringify(flush.metrics)}`);
  return matches[0] as MetricSample;
}

test('count: summed, scaled by 1/sample_rate, flushed as a per-second rate with its interval', () => {
  const { send, flush } = setup();
  send('page.views:1|c\npage.views:1|c\npage.views:1|c\npage.views:2|c|@0.5');
  const sample = only(flush(), 'page.views');
  assert.deepEqual(sample, {
    name: 'page.views',
    type: 'rate',
    value: 0.7, // (1 + 1 + 1 + 2 / 0.5) / 10 s
    timestamp: START_S, // the window start
    tags: [],
    source: 'dogstatsd',
    intervalSeconds: 10,
  });
});

test('count: reports 0 while idle, then expires after contextExpirySeconds', () => {
  const { aggregator, send, flush, advance } = setup({ contextExpirySeconds: 60 });
  send('retries:4|c');
  assert.equal(only(flush(), 'retries').value, 0.4);
  assert.equal(only(flush(), 'retries').value, 0);
  advance(60_000);
  assert.deepEqual(flush().metrics, []);
  assert.equal(aggregator.stats().contexts, 0);
  assert.equal(aggregator.stats().contextsExpired, 1);
});

test('gauge: last value of the window; nothing when idle (no repeat)', () => {
  const { send, flush } = setup();
  send('queue.depth:1|g\nqueue.depth:5|g\nqueue.depth:3|g|@0.1');
  const sample = only(flush(), 'queue.depth');
  assert.equal(sample.type, 'gauge');
  assert.equal(sample.value, 3);
  assert.equal(sample.intervalSeconds, undefined);
  assert.deepEqual(flush().metrics, []);
});

test('set: distinct members as a gauge, reset every window', () => {
  const { send, flush } = setup();
  send('users:alice|s\nusers:bob|s\nusers:alice|s\nusers:carol|s');
  const sample = only(flush(), 'users');
  assert.equal(sample.type, 'gauge');
  assert.equal(sample.value, 3);
  send('users:dave|s');
  assert.equal(only(flush(), 'users').value, 1);
});

test('histogram: Datadog default aggregates and 95th percentile, exactly', () => {
  const { send, flush } = setup();
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
  // shuffled and split over packed and single lines
  send(`lat:${oneToHundred.slice(50).reverse().join(':')}|h`);
  send(
    oneToHundred
      .slice(0, 50)
      .map((v) => `lat:${v}|h`)
      .join('\n'),
  );
  const result = flush();
  assert.deepEqual(values(result), {
    'lat.max': 100,
    'lat.median': 50,
    'lat.avg': 50.5,
    'lat.count': 10, // 100 samples / 10 s
    'lat.95percentile': 95,
  });
  assert.equal(only(result, 'lat.count').type, 'rate');
  assert.equal(only(result, 'lat.count').intervalSeconds, 10);
  assert.equal(only(result, 'lat.max').type, 'gauge');
  assert.deepEqual(flush().metrics, [], 'idle histograms emit nothing');
});

test('histogram: sample rates weight count, avg, median and percentiles', () => {
  const { send, flush } = setup();
  send('h:10|h|@0.5\nh:20|h');
  // weights 2 and 1: count 3, sum 40
  assert.deepEqual(values(flush()), {
    'h.max': 20,
    'h.median': 10,
    'h.avg': 40 / 3,
    'h.count': 0.3,
    'h.95percentile': 20,
  });
});

test('histogram: a single sample is every statistic', () => {
  const { send, flush } = setup();
  send('one:7|h');
  assert.deepEqual(values(flush()), {
    'one.max': 7,
    'one.median': 7,
    'one.avg': 7,
    'one.count': 0.1,
    'one.95percentile': 7,
  });
});

test('timer (ms) is a histogram', () => {
  const { send, flush } = setup();
  send('t:4|ms\nt:2|ms');
  assert.deepEqual(values(flush()), {
    't.max': 4,
    't.median': 2,
    't.avg': 3,
    't.count': 0.2,
    't.95percentile': 4,
  });
});

test('histogram aggregates and percentiles are configurable', () => {
  const { send, flush } = setup({
    histogramAggregates: ['min', 'sum', 'count'],
    histogramPercentiles: [0.99, 0.5],
  });
  send('x:1:2:3:4|h');
  assert.deepEqual(values(flush()), {
    'x.min': 1,
    'x.sum': 10,
    'x.count': 0.4,
    'x.50percentile': 2,
    'x.99percentile': 4,
  });
});

test('fractional percentiles get an underscore in their suffix', () => {
  const { send, flush } = setup({ histogramAggregates: [], histogramPercentiles: [0.995, 0.29] });
  send(`x:${Array.from({ length: 1000 }, (_, i) => i + 1).join(':')}|h`);
  assert.deepEqual(values(flush()), { 'x.29percentile': 290, 'x.99_5percentile': 995 });
});

test('distribution: DDSketch percentiles within 1%, exact count/sum/min/max/avg', () => {
  const { send, flush } = setup();
  send(`d:${Array.from({ length: 100 }, (_, i) => i + 1).join(':')}|d|#svc:a`);
  const result = flush();
  const got = values(result);
  assert.equal(got['d.count'], 100);
  assert.equal(got['d.sum'], 5050);
  assert.equal(got['d.avg'], 50.5);
  assert.equal(got['d.min'], 1);
  assert.equal(got['d.max'], 100);
  for (const [name, expected] of [
    ['d.p50', 50],
    ['d.p75', 75],
    ['d.p90', 90],
    ['d.p95', 95],
    ['d.p99', 99],
  ] as const) {
    const actual = got[name] ?? NaN;
    assert.ok(Math.abs(actual - expected) <= expected * 0.02, `${name} = ${actual}, want ≈ ${expected}`);
  }
  assert.equal(only(result, 'd.count').type, 'count');
  assert.equal(only(result, 'd.p50').type, 'gauge');
  assert.deepEqual(only(result, 'd.p50').tags, ['svc:a']);
  assert.deepEqual(flush().metrics, [], 'a fresh sketch per window');
});

test('distribution: sample rate weights the sketch', () => {
  const { send, flush } = setup();
  send('d:5|d|@0.25\nd:-3|d');
  const got = values(flush());
  assert.equal(got['d.count'], 5);
  assert.equal(got['d.sum'], 17);
  assert.equal(got['d.min'], -3);
  assert.equal(got['d.max'], 5);
});

test('timestamped gauges and counts pass through unaggregated; other types ignore |T', () => {
  const { send, flush } = setup();
  send('g:5|g|T1600000000\ng:6|g|T1600000010\nc:3|c|@0.5|T1600000000\nh:1|h|T1600000000');
  const result = flush();
  const passed = result.metrics.filter((m) => m.timestamp !== START_S);
  assert.deepEqual(
    passed.map((m) => [m.name, m.type, m.value, m.timestamp, m.intervalSeconds]),
    [
      ['g', 'gauge', 5, 1600000000, undefined],
      ['g', 'gauge', 6, 1600000010, undefined],
      ['c', 'count', 6, 1600000000, undefined],
    ],
  );
  assert.equal(only(result, 'h.max').timestamp, START_S);
});

test('contexts: tag order and duplicates do not matter; host comes from a host: tag', () => {
  const { send, flush } = setup({ hostname: 'agent-host' });
  send(
    'x:1|c|#b,a\nx:2|c|#a,b,a\nx:4|c|#a,b,host:web-1\ny:1|g|#host:\nz:1|g|#dd.internal.entity_id:123,keep',
  );
  const result = flush();
  assert.deepEqual(
    result.metrics.map((m) => [m.name, m.value, m.tags, m.host]),
    [
      ['x', 0.3, ['a', 'b'], 'agent-host'],
      ['x', 0.4, ['a', 'b'], 'web-1'],
      ['y', 1, [], undefined],
      ['z', 1, ['keep'], 'agent-host'],
    ],
  );
});

test('a context keeps its first type: a later sample of another type is dropped and counted', () => {
  const { aggregator, send, flush } = setup();
  send('mixed:1|c\nmixed:5|g\nmixed:2|h\ntimer:1|h\ntimer:2|ms');
  assert.deepEqual(values(flush()), {
    mixed: 0.1,
    'timer.max': 2,
    'timer.median': 1,
    'timer.avg': 1.5,
    'timer.count': 0.2,
    'timer.95percentile': 2,
  });
  assert.equal(aggregator.stats().typeConflicts, 2);
});

test('events: defaults filled in, h: field beats the host: tag, tags normalised', () => {
  const { send, flush } = setup({ hostname: 'agent-host' });
  send(
    '_e{5,4}:title|text|#b,a,host:tagged\n_e{1,1}:a|b|h:explicit|#host:tagged|t:error|p:low|k:key|s:src|d:42',
  );
  const { events } = flush();
  assert.deepEqual(events, [
    {
      title: 'title',
      text: 'text',
      timestamp: START_S,
      tags: ['a', 'b'],
      host: 'tagged',
      alertType: 'info',
      priority: 'normal',
    },
    {
      title: 'a',
      text: 'b',
      timestamp: 42,
      tags: [],
      host: 'explicit',
      alertType: 'error',
      priority: 'low',
      aggregationKey: 'key',
      sourceTypeName: 'src',
    },
  ]);
});

test('service checks: defaults filled in, delivered once', () => {
  const { send, flush } = setup();
  send('_sc|app.up|1|#env:dev|m:slow');
  const { serviceChecks } = flush();
  assert.deepEqual(serviceChecks, [
    { name: 'app.up', status: 1, timestamp: START_S, tags: ['env:dev'], message: 'slow' },
  ]);
  assert.deepEqual(flush().serviceChecks, []);
});

test('finished samples (check output) ride along in the next flush unchanged', () => {
  const { aggregator, send, flush } = setup();
  const fromCheck: MetricSample = {
    name: 'kafka.consumer_lag',
    type: 'gauge',
    value: 12,
    timestamp: 1,
    tags: ['topic:t'],
    source: 'kafka_consumer',
  };
  aggregator.addFinished({
    metrics: [fromCheck],
    serviceChecks: [{ name: 'kafka.can_connect', status: 0, timestamp: 1, tags: [] }],
  });
  send('x:1|g');
  const result = flush();
  assert.deepEqual(result.metrics[0], fromCheck);
  assert.equal(result.metrics.length, 2);
  assert.equal(result.serviceChecks.length, 1);
});

test('window timestamps advance with each flush', () => {
  const { send, flush } = setup();
  send('g:1|g');
  assert.equal(only(flush(), 'g').timestamp, START_S);
  send('g:2|g');
  assert.equal(only(flush(), 'g').timestamp, START_S + 10);
});
