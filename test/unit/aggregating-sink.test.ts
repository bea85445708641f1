// Aggregation in front of hot-shots: one call per series per interval, bounded samples and series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AggregatingSink } from '../../src/signals/metrics/aggregating-sink';
import { MemorySink } from '../support/memory-sink';

function sinks(options: Partial<ConstructorParameters<typeof AggregatingSink>[1]> = {}) {
  const target = new MemorySink();
  const sink = new AggregatingSink(target, {
    flushIntervalMs: 60_000,
    maxSamplesPerSeries: 1000,
    maxSeries: 1000,
    ...options,
  });
  return { target, sink };
}

test('counts are summed, gauges keep the last value, samples are all sent, per series', async () => {
  const { target, sink } = sinks();
  const a = ['topic:a'];
  for (let i = 0; i < 5; i += 1) sink.count('c', 2, a);
  sink.count('c', 1, ['topic:b']);
  sink.count('c', 1, ['topic:a']); // an equal array that is not the same one: same series
  sink.gauge('g', 3, a);
  sink.gauge('g', 7, a);
  sink.distribution('d', 1.5, a);
  sink.distribution('d', 2.5, a);
  assert.equal(target.recorded.length, 0, 'nothing reaches hot-shots before the flush');
  await sink.flush();
  assert.deepEqual(target.values('c', { topic: 'a' }), [11]);
  assert.deepEqual(target.values('c', { topic: 'b' }), [1]);
  assert.deepEqual(target.values('g'), [7]);
  assert.deepEqual(target.values('d'), [1.5, 2.5]);
  await sink.flush();
  assert.equal(target.recorded.length, 5, 'an interval without data sends nothing');
  await sink.close();
});

test('past the sample bound a uniform sample is kept, and the rest counted', async () => {
  const { target, sink } = sinks({ maxSamplesPerSeries: 100 });
  const tags = ['x:1'];
  for (let i = 0; i < 10_000; i += 1) sink.distribution('d', i, tags);
  await sink.flush();
  const sent = target.values('d');
  assert.equal(sent.length, 100);
  assert.equal(sink.samplesDropped, 9_900);
  const mean = sent.reduce((a, b) => a + b, 0) / sent.length;
  assert.ok(mean > 2_000 && mean < 8_000, `a uniform sample, not the first 100 (mean ${mean})`);
  await sink.close();
});

test('past the series bound the interval is flushed early: memory stays bounded, nothing is lost', async () => {
  const { target, sink } = sinks({ maxSeries: 10 });
  for (let i = 0; i < 25; i += 1) sink.count('c', 1, [`topic:${i}`]);
  assert.ok(sink.pendingSeries <= 10);
  await sink.close();
  assert.equal(target.recorded.length, 25);
  assert.equal(
    target.recorded.reduce((sum, r) => sum + r.value, 0),
    25,
  );
});
