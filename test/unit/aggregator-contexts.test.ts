// How the aggregator finds contexts: grouped by tag set, found again by the raw text of a line's tag field.
// Whatever the path, the same name + tags + host must be the same context, and expiry must forget it all.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aggregator, type AggregatorOptions } from '../../src/agent/aggregator';
import { Interner } from '../../src/agent/aggregator/interner';
import { DogStatsDParser } from '../../src/agent/intake/dogstatsd';

function setup(options: Partial<AggregatorOptions> = {}) {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, hostname: 'h', ...options });
  const parser = new DogStatsDParser();
  return {
    aggregator,
    send: (text: string) => parser.parsePacket(Buffer.from(text), aggregator),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

test('contexts: every ordering of a tag field reaches the same context, past the remembered orderings', () => {
  const { aggregator, send } = setup();
  const orderings = ['a,b,c', 'a,c,b', 'b,a,c', 'b,c,a', 'c,a,b', 'c,b,a', 'c,b,a,a'];
  for (let round = 0; round < 2; round += 1)
    for (const tags of orderings) send(`x:1|c|#${tags}\ny:2|g|#${tags}`);
  assert.equal(aggregator.stats().contexts, 2);
  const flushed = aggregator.flush();
  assert.deepEqual(
    flushed.metrics.map((m) => [m.name, m.value, m.tags, m.host]),
    [
      ['x', 1.4, ['a', 'b', 'c'], 'h'],
      ['y', 2, ['a', 'b', 'c'], 'h'],
    ],
  );
});

test('contexts: the tag field decides the host too; a host: tag makes another context', () => {
  const { aggregator, send } = setup();
  send('x:1|c|#a,host:web-1\nx:1|c|#a\nx:1|c|#host:web-1,a\nx:1|c|#a,host:');
  const flushed = aggregator.flush();
  assert.deepEqual(
    flushed.metrics.map((m) => [m.value, m.tags, m.host]),
    [
      [0.2, ['a'], 'web-1'],
      [0.1, ['a'], 'h'],
      [0.1, ['a'], undefined],
    ],
  );
});

test('contexts: an expired tag set is forgotten with its remembered field texts', () => {
  const { aggregator, send, advance } = setup({ contextExpirySeconds: 30, maxContexts: 2 });
  send('g:1|g|#b,a');
  aggregator.flush();
  advance(31_000);
  aggregator.flush(); // the gauge had no data this window and is past expiry
  assert.equal(aggregator.stats().contexts, 0);
  assert.equal(aggregator.stats().contextsExpired, 1);
  send('g:2|g|#b,a\nc:1|c|#b,a\nd:1|c|#a,b');
  assert.equal(aggregator.stats().contexts, 2);
  assert.equal(aggregator.stats().contextOverflow, 1, 'the limit still counts contexts, not field texts');
  assert.deepEqual(
    aggregator.flush().metrics.map((m) => [m.name, m.value, m.tags]),
    [
      ['g', 2, ['a', 'b']],
      ['c', 0.1, ['a', 'b']],
    ],
  );
});

test('contexts: a type conflict found through a remembered field text is still counted', () => {
  const { aggregator, send } = setup();
  send('x:1|c|#t:1\nx:1|g|#t:1');
  assert.equal(aggregator.stats().typeConflicts, 1);
});

test('contexts: two # fields take the slow path and still aggregate together', () => {
  const { aggregator, send } = setup();
  send('x:1|c|#a|#b\nx:1|c|#a,b\nx:1|c|#b|#a');
  assert.equal(aggregator.stats().contexts, 1);
  assert.equal(aggregator.flush().metrics[0]?.value, 0.3);
});

test('interner: equal strings give one copy; past its limit it starts over without losing anything', () => {
  const interner = new Interner(2);
  const line = 'x:1|c|#topic:orders-with-a-long-name,partition:0';
  const first = interner.intern(line.slice(7, 36));
  assert.equal(first, 'topic:orders-with-a-long-name');
  assert.equal(interner.intern('topic:orders-with-a-long-name'), first);
  interner.intern('b');
  interner.intern('c'); // over the limit: the table starts over
  assert.equal(interner.intern('topic:orders-with-a-long-name'), 'topic:orders-with-a-long-name');
});
