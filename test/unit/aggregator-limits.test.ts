import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aggregator, resolveAggregatorOptions, type AggregatorOptions } from '../../src/agent/aggregator';
import { DogStatsDParser } from '../../src/agent/intake/dogstatsd';

function setup(options: Partial<AggregatorOptions>) {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, ...options });
  const parser = new DogStatsDParser();
  return {
    aggregator,
    send: (datagram: string) => parser.parsePacket(Buffer.from(datagram), aggregator),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

test('context limit: samples for new contexts past it are dropped and counted; known contexts still update', () => {
  const { aggregator, send } = setup({ maxContexts: 3 });
  send(['a:1|c', 'b:1|c', 'c:1|g', 'd:1|c', 'a:1|c|#new', 'e:1|h'].join('\n'));
  assert.equal(aggregator.stats().contexts, 3);
  assert.equal(aggregator.stats().contextOverflow, 3);
  send('a:5|c\nc:9|g');
  const flushed = aggregator.flush();
  assert.deepEqual(
    flushed.metrics.map((m) => [m.name, m.value]),
    [
      ['a', 0.6],
      ['b', 0.1],
      ['c', 9],
    ],
  );
  assert.deepEqual(aggregator.stats().contextsByKind, {
    counter: 2,
    gauge: 1,
    histogram: 0,
    distribution: 0,
    set: 0,
  });
});

test('context limit: expired contexts free their slots', () => {
  const { aggregator, send, advance } = setup({ maxContexts: 2, contextExpirySeconds: 30 });
  send('a:1|g\nb:1|g');
  aggregator.flush();
  send('c:1|g');
  assert.equal(aggregator.stats().contextOverflow, 1);
  advance(31_000);
  aggregator.flush(); // a and b expire here
  send('c:1|g\nd:1|g');
  assert.equal(aggregator.stats().contextOverflow, 1);
  assert.deepEqual(
    aggregator.flush().metrics.map((m) => m.name),
    ['c', 'd'],
  );
  assert.equal(aggregator.stats().contextsExpired, 2);
});

test('histogram sample cap: count/avg/min/max stay exact, percentiles use the kept samples', () => {
  const { aggregator, send } = setup({
    maxHistogramSamplesPerContext: 10,
    histogramAggregates: ['max', 'min', 'avg', 'count'],
  });
  send(`h:${Array.from({ length: 20 }, (_, i) => i + 1).join(':')}|h`);
  const got = Object.fromEntries(aggregator.flush().metrics.map((m) => [m.name, m.value]));
  assert.deepEqual(got, { 'h.max': 20, 'h.min': 1, 'h.avg': 10.5, 'h.count': 2, 'h.95percentile': 10 });
  assert.equal(aggregator.stats().histogramSamplesDropped, 10);
});

test('set member cap: the count becomes a lower bound and the overflow is counted', () => {
  const { aggregator, send } = setup({ maxSetMembersPerContext: 2 });
  send('s:a|s\ns:b|s\ns:c|s\ns:a|s\ns:d|s');
  assert.equal(aggregator.flush().metrics[0]?.value, 2);
  assert.equal(aggregator.stats().setMembersDropped, 2);
});

test('pass-through, event and service-check buffers are bounded per flush', () => {
  const { aggregator, send } = setup({
    maxPassThroughSamples: 2,
    maxEventsPerFlush: 1,
    maxServiceChecksPerFlush: 1,
  });
  send('g:1|g|T1\ng:2|g|T2\ng:3|g|T3\n_e{1,1}:a|b\n_e{1,1}:c|d\n_sc|x|0\n_sc|y|0');
  aggregator.addFinished({
    metrics: [{ name: 'm', type: 'gauge', value: 1, timestamp: 1, tags: [] }],
    events: [{ title: 't', text: '', timestamp: 1, tags: [] }],
  });
  const flushed = aggregator.flush();
  assert.equal(flushed.metrics.length, 2);
  assert.equal(flushed.events.length, 1);
  assert.equal(flushed.serviceChecks.length, 1);
  const stats = aggregator.stats();
  assert.equal(stats.passThroughDropped, 2);
  assert.equal(stats.eventsDropped, 2);
  assert.equal(stats.serviceChecksDropped, 1);
  // the next window starts empty
  send('_e{1,1}:a|b');
  assert.equal(aggregator.flush().events.length, 1);
});

test('many contexts: 100 000 live contexts at the default limit, the next one overflows', () => {
  const { aggregator, send } = setup({});
  const batch: string[] = [];
  for (let i = 0; i < 100_000; i += 1) {
    batch.push(`load.c:1|c|#id:${i}`);
    if (batch.length === 500) send(batch.splice(0).join('\n'));
  }
  send('load.c:1|c|#id:overflow');
  const stats = aggregator.stats();
  assert.equal(stats.contexts, 100_000);
  assert.equal(stats.contextOverflow, 1);
  assert.equal(aggregator.flush().metrics.length, 100_000);
});

test('options are validated with messages that name the setting', () => {
  assert.throws(() => resolveAggregatorOptions({ maxContexts: 0 }), /maxContexts must be a positive integer/);
  assert.throws(() => resolveAggregatorOptions({ flushIntervalSeconds: 2.5 }), /flushIntervalSeconds/);
  assert.throws(
    () => resolveAggregatorOptions({ histogramAggregates: ['p99' as 'max'] }),
    /unknown histogram aggregate 'p99'/,
  );
  assert.throws(() => resolveAggregatorOptions({ histogramPercentiles: [95] }), /fractions in \(0, 1\]/);
  assert.equal(resolveAggregatorOptions({ maxContexts: undefined }).maxContexts, 100_000);
});
