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

// The flush loop makes a large window in slices of the event loop's time, so the intake keeps reading
// datagrams meanwhile; these pin what that may and may not change.

function counterLines(contexts: number, value: number): Buffer[] {
  const packets: Buffer[] = [];
  for (let i = 0; i < contexts; i += 100) {
    const lines: string[] = [];
    for (let j = i; j < Math.min(contexts, i + 100); j += 1) lines.push(`hits:${value}|c|#partition:${j}`);
    packets.push(Buffer.from(lines.join('\n')));
  }
  return packets;
}

function totalOf(flushes: Flush[], intervalSeconds: number): number {
  let total = 0;
  for (const flush of flushes)
    for (const sample of flush.metrics) if (sample.name === 'hits') total += sample.value * intervalSeconds;
  return total;
}

test('sliced flush: the event loop runs while a large window is made', async () => {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, hostname: 'h' });
  const parser = new DogStatsDParser();
  for (let i = 0; i < 20_000; i += 100) {
    const lines: string[] = [];
    for (let j = i; j < i + 100; j += 1) lines.push(`lat:${j}|d|#partition:${j}`);
    parser.parsePacket(Buffer.from(lines.join('\n')), aggregator);
  }
  let turns = 0;
  const turnsAtWrite: number[] = [];
  aggregator.addSink({
    name: 'chunks',
    acceptsChunkedFlushes: true,
    write: () => void turnsAtWrite.push(turns),
  } as FlushSink);
  let spinning = true;
  const spin = (): void => {
    turns += 1;
    if (spinning) setImmediate(spin);
  };
  setImmediate(spin);
  now += 10_000;
  const series = await aggregator.flushWindowToSinks();
  spinning = false;
  assert.equal(series, 200_000);
  assert.ok(turnsAtWrite.length > 10, `${turnsAtWrite.length} chunks`);
  assert.ok(
    turnsAtWrite.at(-1)! > turnsAtWrite[0]!,
    `other callbacks ran between the first and the last chunk (${turnsAtWrite[0]} → ${turnsAtWrite.at(-1)})`,
  );
});

test('sliced flush: samples, events and checks that arrive while a window is made are neither lost nor counted twice', async () => {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, hostname: 'h', flushIntervalSeconds: 10 });
  const parser = new DogStatsDParser();
  const contexts = 20_000;
  const flushes: Flush[] = [];
  aggregator.addSink({
    name: 'chunks',
    acceptsChunkedFlushes: true,
    write: (flush) => void flushes.push(flush),
  } as FlushSink);
  for (const packet of counterLines(contexts, 1)) parser.parsePacket(packet, aggregator);
  now += 10_000;
  // Every context gets a second sample, and an event arrives, while the window is being made.
  let arrivedDuringFlush = false;
  const arriving = new Promise<void>((resolve) => {
    setImmediate(() => {
      for (const packet of counterLines(contexts, 1)) parser.parsePacket(packet, aggregator);
      aggregator.event({ title: 'during', text: 'the flush', tags: [] });
      aggregator.serviceCheck({ name: 'during', status: 0, tags: [] });
      arrivedDuringFlush = true;
      resolve();
    });
  });
  const first = aggregator.flushWindowToSinks();
  await arriving;
  await first;
  assert.ok(arrivedDuringFlush);
  const firstWindow = flushes.splice(0);
  assert.ok(firstWindow.length > 1, 'the window came in several chunks');
  assert.equal(firstWindow.at(-1)?.events.length, 0, 'the event belongs to the next window');
  assert.equal(firstWindow.at(-1)?.serviceChecks.length, 0);
  now += 10_000;
  await aggregator.flushWindowToSinks();
  const secondWindow = flushes.splice(0);
  assert.equal(secondWindow.at(-1)?.events.length, 1);
  assert.equal(secondWindow.at(-1)?.serviceChecks.length, 1);
  // Each sample is in exactly one of the two windows.
  assert.equal(totalOf(firstWindow, 10) + totalOf(secondWindow, 10), 2 * contexts);
  assert.ok(totalOf(secondWindow, 10) > 0, 'part of the second samples went to the next window');
});

test('sliced flush: flushes due at the same time are made one after the other', async () => {
  let now = 1_700_000_000_000;
  const aggregator = new Aggregator({ clock: () => now, hostname: 'h' });
  const parser = new DogStatsDParser();
  for (const packet of counterLines(20_000, 1)) parser.parsePacket(packet, aggregator);
  // Each part's window, by its samples' timestamp (the window start): the two windows start apart.
  const windowOfPart: number[] = [];
  aggregator.addSink({
    name: 'chunks',
    acceptsChunkedFlushes: true,
    write: (flush) => {
      for (const sample of flush.metrics) windowOfPart.push(sample.timestamp);
    },
  } as FlushSink);
  now += 10_000;
  const [a, b] = await Promise.all([aggregator.flushWindowToSinks(), aggregator.flushWindowToSinks()]);
  assert.equal(a, 20_000);
  // The second window starts where the first ended; its contexts are idle counters reporting 0.
  assert.equal(b, 20_000);
  assert.equal(new Set(windowOfPart).size, 2);
  assert.deepEqual(
    windowOfPart,
    [...windowOfPart].sort((x, y) => x - y),
    'no part of one window inside the other',
  );
});
