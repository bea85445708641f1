import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { Aggregator } from '../../src/agent/aggregator';
import type { Flush, FlushSink } from '../../src/agent/model';

function collecting(name: string): FlushSink & { flushes: Flush[] } {
  const flushes: Flush[] = [];
  return { name, flushes, write: (flush) => void flushes.push(flush) };
}

test('every sink gets the flush; a throwing or rejecting sink only costs itself', async () => {
  const aggregator = new Aggregator();
  const good = collecting('good');
  aggregator.addSink({
    name: 'throws',
    write() {
      throw new Error('disk full');
    },
  });
  aggregator.addSink({ name: 'rejects', write: () => Promise.reject(new Error('remote down')) });
  aggregator.addSink(good);
  aggregator.metric({ name: 'x', type: 'g', values: [1], sampleRate: 1, tags: [] });
  await aggregator.flushToSinks();
  assert.equal(good.flushes.length, 1);
  assert.equal(good.flushes[0]?.metrics[0]?.value, 1);
  const sinks = aggregator.stats().sinks;
  assert.deepEqual(sinks.throws, { writes: 0, errors: 1, skippedBusy: 0, lastError: 'disk full' });
  assert.deepEqual(sinks.rejects, { writes: 0, errors: 1, skippedBusy: 0, lastError: 'remote down' });
  assert.deepEqual(sinks.good, { writes: 1, errors: 0, skippedBusy: 0 });
});

test('a sink still busy with the previous flush skips the next one (no unbounded queue)', async () => {
  const aggregator = new Aggregator();
  let release: () => void = () => undefined;
  const slow: FlushSink = { name: 'slow', write: () => new Promise<void>((resolve) => (release = resolve)) };
  aggregator.addSink(slow);
  const first = aggregator.flushToSinks();
  await aggregator.flushToSinks();
  release();
  await first;
  assert.deepEqual(aggregator.stats().sinks.slow, { writes: 1, errors: 0, skippedBusy: 1 });
});

test('sink names are unique and sinks can be removed', async () => {
  const aggregator = new Aggregator();
  const sink = collecting('one');
  aggregator.addSink(sink);
  assert.throws(() => aggregator.addSink(collecting('one')), /already registered/);
  assert.equal(aggregator.removeSink('one'), true);
  await aggregator.flushToSinks();
  assert.equal(sink.flushes.length, 0);
});

test('start() flushes on interval boundaries; stop() makes a final flush', async () => {
  const aggregator = new Aggregator({ flushIntervalSeconds: 1 });
  const sink = collecting('loop');
  aggregator.addSink(sink);
  aggregator.start();
  aggregator.metric({ name: 'ticks', type: 'c', values: [3], sampleRate: 1, tags: [] });
  await sleep(1_300);
  assert.ok(sink.flushes.length >= 1, 'one flush within 1.3 s');
  const first = sink.flushes[0] as Flush;
  assert.equal(first.metrics[0]?.value, 3);
  assert.equal(first.metrics[0]?.timestamp, Math.floor(first.metrics[0]?.timestamp ?? 0), 'whole seconds');
  aggregator.metric({ name: 'last', type: 'g', values: [7], sampleRate: 1, tags: [] });
  const before = sink.flushes.length;
  await aggregator.stop();
  assert.equal(sink.flushes.length, before + 1);
  assert.ok(sink.flushes.at(-1)?.metrics.some((m) => m.name === 'last' && m.value === 7));
});
