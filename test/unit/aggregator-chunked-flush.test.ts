// The flush loop's chunked delivery (Aggregator.flushWindowToSinks): sinks that accept chunks get the
// window in parts as it is made, the others the whole flush, and both see exactly the same samples.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Aggregator } from '../../src/agent/aggregator';
import { DogStatsDParser } from '../../src/agent/intake/dogstatsd';
import type { Flush, FlushSink, MetricSample } from '../../src/agent/model';

function chunkSink(name: string): FlushSink & { acceptsChunkedFlushes: true; writes: Flush[] } {
  const writes: Flush[] = [];
  return { name, acceptsChunkedFlushes: true, writes, write: (flush) => void writes.push(flush) };
}

function key(sample: MetricSample): string {
  return `${sample.name}|${sample.tags.join(',')}|${sample.value}`;
}

function setup() {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, hostname: 'h' });
  const parser = new DogStatsDParser();
  // 3,000 distribution contexts: 30,000 samples, several chunks.
  const lines: string[] = [];
  for (let i = 0; i < 3_000; i += 1) lines.push(`lat:${i}|d|#partition:${i}`);
  return {
    aggregator,
    fill: () => {
      for (let i = 0; i < lines.length; i += 100)
        parser.parsePacket(Buffer.from(lines.slice(i, i + 100).join('\n')), aggregator);
      aggregator.event({ title: 'deploy', text: 'v2', tags: [] });
      aggregator.serviceCheck({ name: 'ok', status: 0, tags: [] });
      aggregator.addFinished({
        metrics: [{ name: 'check.metric', type: 'gauge', value: 1, timestamp: 1, tags: [] }],
      });
    },
    advance: (ms: number) => (now += ms),
  };
}

test('chunked window: chunk sinks get every sample in parts, events and checks once with the last part', async () => {
  const { aggregator, fill, advance } = setup();
  const chunks = chunkSink('chunks');
  const whole: Flush[] = [];
  aggregator.addSink(chunks);
  aggregator.addSink({ name: 'whole', write: (flush) => void whole.push(flush) });
  fill();
  advance(10_000);
  await aggregator.flushWindowToSinks();
  assert.ok(chunks.writes.length > 2, `several parts (${chunks.writes.length})`);
  assert.equal(whole.length, 1);
  const parts = chunks.writes.flatMap((flush) => flush.metrics);
  assert.equal(parts.length, 30_001);
  assert.deepEqual(parts.map(key).sort(), whole[0]!.metrics.map(key).sort());
  assert.equal(parts[0]?.name, 'check.metric', 'finished samples come first');
  for (const flush of chunks.writes.slice(0, -1)) {
    assert.equal(flush.events.length + flush.serviceChecks.length, 0);
  }
  assert.equal(chunks.writes.at(-1)?.events.length, 1);
  assert.equal(chunks.writes.at(-1)?.serviceChecks.length, 1);
  const stats = aggregator.stats();
  assert.deepEqual(stats.sinks.chunks, { writes: 1, errors: 0, skippedBusy: 0 });
  assert.deepEqual(stats.sinks.whole, { writes: 1, errors: 0, skippedBusy: 0 });
  assert.equal(stats.seriesFlushed, 30_001);
  assert.equal(stats.flushes, 1);
});

test('chunked window: without other sinks the aggregator keeps nothing; a failing chunk sink stops for the window', async () => {
  const { aggregator, fill, advance } = setup();
  const chunks = chunkSink('chunks');
  let calls = 0;
  aggregator.addSink(chunks);
  aggregator.addSink({
    name: 'broken',
    acceptsChunkedFlushes: true,
    write() {
      calls += 1;
      throw new Error('boom');
    },
  } as FlushSink);
  fill();
  advance(10_000);
  await aggregator.flushWindowToSinks();
  assert.equal(calls, 1, 'no more parts after the first failure');
  assert.deepEqual(aggregator.stats().sinks.broken, {
    writes: 0,
    errors: 1,
    skippedBusy: 0,
    lastError: 'boom',
  });
  assert.equal(chunks.writes.flatMap((flush) => flush.metrics).length, 30_001);
  // The next window starts clean: the broken sink is tried again.
  fill();
  advance(10_000);
  await aggregator.flushWindowToSinks();
  assert.equal(calls, 2);
});

test('chunked window: with no chunk sink the flush loop is the plain flushToSinks', async () => {
  const { aggregator, fill, advance } = setup();
  const whole: Flush[] = [];
  aggregator.addSink({ name: 'whole', write: (flush) => void whole.push(flush) });
  fill();
  advance(10_000);
  await aggregator.flushWindowToSinks();
  assert.equal(whole.length, 1);
  assert.equal(whole[0]?.metrics.length, 30_001);
  assert.equal(whole[0]?.events.length, 1);
});
