// The store's metric queue: samples wait as columns, are taken as one joined batch of any size, and make
// room by dropping whole queued batches at random, so an overloaded store does not lose the same series
// every flush.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { MetricSample } from '../../src/agent/model';
import { Store } from '../../src/agent/store';
import {
  encodeMetricBatch,
  INDEXES_PER_SAMPLE,
  METRIC_TYPES,
  NUMBERS_PER_SAMPLE,
  type MetricBatch,
} from '../../src/agent/store/writer/metric-batch';
import { cutMetricBatch } from '../../src/agent/store/writer/metric-batch-cut';
import { METRIC_SEGMENT_SAMPLES, MetricQueue } from '../../src/agent/store/writer/metric-queue';
import { logRecords as logs } from '../support/log-records';

const T = 1_700_002_800;
const TAGS = [Object.freeze(['topic:a']), Object.freeze(['topic:b']), Object.freeze(['topic:c'])];

function samples(count: number, first = 0): MetricSample[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `m${(first + i) % 7}`,
    type: METRIC_TYPES[(first + i) % 3] ?? 'gauge',
    value: first + i,
    timestamp: T + first + i,
    tags: TAGS[Math.floor((first + i) / 5) % 3] ?? [],
    ...((first + i) % 2 === 0 ? { host: 'h' } : {}),
  }));
}

/** A batch back to samples (canonical tags, so compare with encoded originals). */
function decode(batch: MetricBatch): unknown[] {
  return Array.from({ length: batch.count }, (_, i) => ({
    name: batch.names[batch.indexes[i * INDEXES_PER_SAMPLE] as number],
    host: batch.hosts[batch.indexes[i * INDEXES_PER_SAMPLE + 1] as number],
    tags: batch.tagSets[batch.indexes[i * INDEXES_PER_SAMPLE + 2] as number],
    type: batch.types[i],
    value: batch.numbers[i * NUMBERS_PER_SAMPLE],
    timestamp: batch.numbers[i * NUMBERS_PER_SAMPLE + 1],
  }));
}

test('cutMetricBatch: a run of a batch, with tables of only what it uses', () => {
  const a = encodeMetricBatch(samples(20));
  const cut = cutMetricBatch({ batch: a, from: 8, count: 5 });
  assert.deepEqual(decode(cut), decode(a).slice(8, 13));
  // Samples 8–12: names m1…m5; tag sets b (8, 9) and c (10–12); hosts h and ''.
  assert.equal(cut.names.length, 5);
  assert.deepEqual(cut.tagSets, ['["topic:b"]', '["topic:c"]']);
  assert.deepEqual([...cut.hosts].sort(), ['', 'h']);
  assert.equal(cut.numbers.length, 10);
});

test('MetricQueue: large offers are split into batches; whole batches taken as they are, bytes accounted', () => {
  const queue = new MetricQueue();
  const offered = samples(METRIC_SEGMENT_SAMPLES + 100);
  assert.equal(queue.push(offered, offered.length - 50), offered.length - 50, 'the last 50 did not fit');
  assert.equal(queue.push(samples(10, 1_000_000), 10), 10);
  assert.equal(queue.size, METRIC_SEGMENT_SAMPLES + 60);
  assert.ok(queue.bytes >= queue.size * 29 && queue.bytes < queue.size * 40, `${queue.bytes} bytes`);
  const expected = decode(encodeMetricBatch(offered.slice(0, METRIC_SEGMENT_SAMPLES + 50)));
  const first = queue.take(3_000); // cut from the first batch
  const second = queue.take(METRIC_SEGMENT_SAMPLES - 3_000 + 40); // its rest; the next (50) does not fit
  const third = queue.take(5_000); // the two others, whole
  assert.deepEqual(
    [first, second, third].map((batches) => batches.map((batch) => batch.count)),
    [[3_000], [METRIC_SEGMENT_SAMPLES - 3_000], [50, 10]],
  );
  assert.equal(third[1]?.numbers[0], 1_000_000, 'the last batch, as queued');
  assert.deepEqual([...first, ...second, third[0] as MetricBatch].flatMap(decode), expected);
  assert.equal(queue.size, 0);
  assert.equal(queue.bytes, 0);
  assert.deepEqual(queue.take(10), []);
});

test('MetricQueue.makeRoom drops whole batches at random, not always the same ones', () => {
  const picks = [0.99, 0, 0.5];
  const queue = new MetricQueue(() => picks.shift() ?? 0);
  for (let i = 0; i < 4; i += 1) queue.push(samples(10, i * 10), 10);
  queue.take(4); // the first batch is partly taken: dropping it drops its remaining 6
  assert.equal(queue.makeRoom(1), 10, 'the last batch (0.99), whole');
  assert.equal(
    queue.makeRoom(7),
    6 + 10,
    'the first (0) had 6 left: not enough, so one more (0.5 → the third)',
  );
  assert.equal(queue.size, 10);
  assert.deepEqual(
    queue
      .take(100)
      .flatMap(decode)
      .map((s) => (s as { value: number }).value),
    Array.from({ length: 10 }, (_, i) => 10 + i),
    'the second batch is what is left',
  );
});

test('a store whose writer cannot keep up stores every series sometimes, not the same ones always', async () => {
  // 20 series per flush, room for 10 samples, 5 written between flushes: half of each flush is lost.
  const store = new Store({ path: ':memory:', writer: { maxQueuedRecords: 10, batchSize: 5 } });
  const series = Array.from({ length: 20 }, (_, i) => Object.freeze([`s:${i}`]));
  let lost = 0;
  for (let flush = 0; flush < 40; flush += 1) {
    // Offered in chunks, as the aggregator does.
    for (let chunk = 0; chunk < 4; chunk += 1) {
      lost += store.offerMetrics(
        series
          .slice(chunk * 5, chunk * 5 + 5)
          .map((tags) => ({ name: 'm', type: 'gauge', value: flush, timestamp: T + flush * 10, tags })),
      );
    }
    (store as unknown as { drain(everything: boolean): void }).drain(false);
  }
  const stats = store.stats();
  assert.equal(stats.offered.metrics, 800);
  assert.equal(stats.dropped.metrics, lost);
  assert.ok(lost > 0, 'the queue overflowed');
  await store.flush();
  assert.equal(store.stats().written.metrics + lost, 800, 'every sample is written or counted');
  assert.equal(store.stats().metrics.series, 20, 'every series has points');
  await store.close();
});

test('a full queue refuses spans and logs but not metric samples; spans and logs have their own bound', () => {
  const store = new Store({ path: ':memory:', writer: { maxQueuedRecords: 100, maxQueuedObjects: 30 } });
  assert.equal(store.offerLogs(logs(40)), 10, 'thirty logs at most');
  for (let i = 0; i < 7; i += 1) assert.equal(store.offerMetrics(samples(10, i * 10)), 0);
  assert.equal(store.offerLogs(logs(1)), 1, 'full: new logs are refused');
  assert.equal(store.offerMetrics(samples(20, 70)), 20, 'two queued batches of ten made room');
  assert.deepEqual(store.stats().queue.byKind, { spans: 0, logs: 30, metrics: 70 });
  assert.deepEqual(store.stats().dropped, { spans: 0, logs: 11, metrics: 20 });
  assert.throws(() => new Store({ path: ':memory:', writer: { maxQueuedObjects: 0 } }), /maxQueuedObjects/);
});

test('offerLogsWaiting waits for room instead of refusing: every log is queued and written, none dropped', async () => {
  const store = new Store({ path: ':memory:', writer: { maxQueuedObjects: 30, batchSize: 10 } }).start();
  assert.equal(await store.offerLogsWaiting(logs(200), 5), true);
  const deadline = Date.now() + 10_000;
  while (store.stats().written.logs < 200 && Date.now() < deadline) await sleep(10);
  assert.equal(store.stats().written.logs, 200);
  assert.equal(store.stats().offered.logs, 200);
  assert.equal(store.stats().dropped.logs, 0);
  await store.close();
});

test('offerLogsWaiting gives up (false, nothing counted as dropped) when the store closes while it waits', async () => {
  // Not started: nothing drains the queue, so the wait lasts until close().
  const store = new Store({ path: ':memory:', writer: { maxQueuedObjects: 10 } });
  const waiting = store.offerLogsWaiting(logs(50), 5);
  await sleep(30);
  await store.close();
  assert.equal(await waiting, false);
  assert.equal(store.stats().dropped.logs, 0);
});
