// Metric samples encoded as columns for the writer thread, the per-tag-set series cache, and the same
// series written through the thread as inline, and the columns' buffers handed back once written.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { MetricSample } from '../../src/agent/model';
import { withGlobalTags } from '../../src/agent/runtime/global-tags';
import { Store } from '../../src/agent/store';
import { openConnection } from '../../src/agent/store/connection';
import { migrate } from '../../src/agent/store/migrate';
import { resolveStoreOptions } from '../../src/agent/store/options';
import type { FromWriter, ToWriter, WriterThreadData } from '../../src/agent/store/writer/messages';
import {
  encodeMetricBatch,
  metricBatchBuffers,
  METRIC_TYPES,
} from '../../src/agent/store/writer/metric-batch';
import { NameIdTable } from '../../src/agent/store/writer/name-id-table';
import { SeriesCache } from '../../src/agent/store/writer/series-cache';
import type { Flush, FlushSink } from '../../src/agent/model';

const T = 1_700_002_800;

test('encodeMetricBatch: each name, host and tag set once; values, types and timestamps per sample', () => {
  const shared = Object.freeze(['b:2', 'a:1']);
  const samples: MetricSample[] = [
    { name: 'm1', type: 'gauge', value: 1.5, timestamp: T, tags: shared, host: 'h' },
    { name: 'm2', type: 'count', value: 2, timestamp: T + 1, tags: shared },
    { name: 'm1', type: 'rate', value: Number.NaN, timestamp: T + 2, tags: ['a:1', 'b:2'], host: 'h' },
  ];
  const batch = encodeMetricBatch(samples);
  assert.equal(batch.count, 3);
  assert.deepEqual(batch.names, ['m1', 'm2']);
  assert.deepEqual(batch.hosts, ['h', '']);
  // Unsorted and sorted arrays with the same tags are one tag set, keyed by the canonical JSON.
  assert.deepEqual(batch.tagSets, ['["a:1","b:2"]']);
  assert.deepEqual([...batch.indexes], [0, 0, 0, 1, 1, 0, 0, 0, 0]);
  assert.deepEqual(
    [...batch.types].map((code) => METRIC_TYPES[code]),
    ['gauge', 'count', 'rate'],
  );
  assert.deepEqual([...batch.numbers], [1.5, T, 2, T + 1, Number.NaN, T + 2]);
});

test('SeriesCache: ids by tag set, host and name; bounded: starts over past its limit', () => {
  const cache = new SeriesCache(3);
  const set = cache.tagSet('["a:1"]');
  cache.set(set, '', 'm1', 1);
  cache.set(set, 'h', 'm1', 2);
  cache.set(cache.tagSet('["b:1"]'), '', 'm1', 3);
  assert.equal(cache.get(set, '', 'm1'), 1);
  assert.equal(cache.get(set, 'h', 'm1'), 2);
  assert.equal(cache.get(set, '', 'm2'), undefined);
  assert.equal(cache.size, 3);
  // The fourth id clears the cache first; the old entry object still works as a handle.
  cache.set(set, '', 'm2', 4);
  assert.equal(cache.size, 1);
  assert.equal(cache.get(cache.tagSet('["a:1"]'), '', 'm2'), 4);
  assert.equal(cache.get(cache.tagSet('["a:1"]'), '', 'm1'), undefined);
});

test('the writer thread stores the same series and points as inline writing', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-store-batch-'));
  try {
    const tagsA = Object.freeze(['partition:0', 'topic:a']);
    const samples: MetricSample[] = [];
    for (let i = 0; i < 6; i += 1) {
      samples.push({ name: 'lag', type: 'gauge', value: i, timestamp: T + i * 10, tags: tagsA, host: 'h1' });
      samples.push({ name: 'msgs', type: 'count', value: 1, timestamp: T + i * 10, tags: tagsA, host: 'h1' });
      samples.push({ name: 'lag', type: 'gauge', value: 10, timestamp: T + i * 10, tags: ['topic:b'] });
    }
    samples.push({ name: 'lag', type: 'gauge', value: Number.POSITIVE_INFINITY, timestamp: T, tags: [] });
    const results = [];
    for (const path of [join(dir, 'k.db'), ':memory:']) {
      const store = new Store({ path, writer: { metricBatchSize: 4 } }).start();
      assert.equal(store.writerMode, path === ':memory:' ? 'inline' : 'thread');
      store.offerMetrics(samples);
      await store.flush();
      const stats = store.stats();
      results.push({
        series: stats.metrics.series,
        points: stats.metrics.points,
        invalid: stats.metrics.droppedInvalidValue,
        names: store.query.metricNames().map((info) => [info.name, info.series, info.lastSeen]),
        topics: store.query.tagValues('topic'),
        sum: store.query.metrics({ metric: 'msgs', from: T, to: T + 60, step: 60, aggregation: 'sum' }),
      });
      await store.close();
    }
    assert.deepEqual(results[0], results[1]);
    assert.equal(results[0]?.series, 3);
    assert.equal(results[0]?.points, 18);
    assert.equal(results[0]?.invalid, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('withGlobalTags: one merged, frozen array per input array; passes the chunked-flush opt-in through', () => {
  const seen: Flush[] = [];
  const plain: FlushSink = { name: 'plain', write: (flush) => void seen.push(flush) };
  const chunked = { name: 'chunked', acceptsChunkedFlushes: true as const, write: plain.write };
  const wrapped = withGlobalTags(chunked, ['env:prod']);
  assert.equal((wrapped as { acceptsChunkedFlushes?: boolean }).acceptsChunkedFlushes, true);
  assert.equal('acceptsChunkedFlushes' in withGlobalTags(plain, ['env:prod']), false);
  const tags = Object.freeze(['topic:a']);
  const sample: MetricSample = { name: 'm', type: 'gauge', value: 1, timestamp: T, tags };
  void wrapped.write({ metrics: [sample, { ...sample, value: 2 }], serviceChecks: [], events: [] });
  void wrapped.write({ metrics: [sample], serviceChecks: [], events: [] });
  const first = seen[0]?.metrics[0]?.tags;
  assert.deepEqual(first, ['env:prod', 'topic:a']);
  assert.ok(Object.isFrozen(first));
  assert.equal(seen[0]?.metrics[1]?.tags, first);
  assert.equal(seen[1]?.metrics[0]?.tags, first);
  // A mutable array may change: merged afresh every time.
  const mutable = ['topic:b'];
  void wrapped.write({ metrics: [{ ...sample, tags: mutable }], serviceChecks: [], events: [] });
  mutable.push('x');
  void wrapped.write({ metrics: [{ ...sample, tags: mutable }], serviceChecks: [], events: [] });
  assert.deepEqual(seen[3]?.metrics[0]?.tags, ['env:prod', 'topic:b', 'x']);
});

test("the writer thread hands a batch's metric buffers back with its answer", async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-store-spent-'));
  // The thread's entry sits next to its backend in whichever build runs this test.
  const entry = require.resolve('../../src/agent/store/writer/thread');
  const data: WriterThreadData & { kinstrumentStoreWriter: true } = {
    path: join(dir, 'k.db'),
    limits: { maxSeries: 1_000, maxMessageChars: 1_000, maxJsonChars: 1_000 },
    retention: resolveStoreOptions({ path: ':memory:' }).retention,
    maxSizeBytes: 1024 ** 3,
    kinstrumentStoreWriter: true,
  };
  // The store creates the schema before it starts its thread.
  const db = openConnection(data.path);
  migrate(db, undefined, Date.now());
  db.close();
  const worker = new Worker(entry, { workerData: data });
  try {
    const answers: FromWriter[] = [];
    worker.on('message', (message: FromWriter) => answers.push(message));
    const batch = encodeMetricBatch([{ name: 'm', type: 'gauge', value: 1, timestamp: T, tags: ['a:1'] }]);
    const sizes = metricBatchBuffers(batch).map((buffer) => buffer.byteLength);
    const message: ToWriter = { id: 1, type: 'write', batch: { spans: [], logs: [], metrics: [batch] } };
    worker.postMessage(message, metricBatchBuffers(batch));
    // Moved, not copied: unusable here until the thread hands them back.
    assert.equal(batch.numbers.length, 0);
    const answered = () => answers.find((answer) => answer.type === 'written' || answer.type === 'fatal');
    while (answered() === undefined) await delay(10);
    const written = answered();
    assert.ok(written?.type === 'written' && written.result.ok);
    assert.deepEqual(
      written.spent.map((buffer) => buffer.byteLength),
      sizes,
    );
  } finally {
    await worker.terminate();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SeriesCache: after a clear, a tag set of the generation before answers nothing, never a stale id', () => {
  const cache = new SeriesCache(2);
  const old = cache.tagSet('["a:1"]');
  cache.set(old, '', 'm1', 1);
  cache.set(old, '', 'm2', 2);
  // Clears (limit 2), then numbers names anew: m3 gets the number m1 had.
  cache.set(cache.tagSet('["b:1"]'), '', 'm3', 3);
  assert.equal(cache.get(old, '', 'm3'), undefined);
  assert.equal(cache.get(old, '', 'm1'), undefined);
  assert.equal(cache.get(cache.tagSet('["b:1"]'), '', 'm3'), 3);
  // Stored through an old handle: it lands in the current generation.
  cache.set(old, '', 'm1', 11);
  assert.equal(cache.get(cache.tagSet('["a:1"]'), '', 'm1'), 11);
});

test('NameIdTable: ids by name number in any insertion order, replaced in place, growing past its start', () => {
  const table = new NameIdTable();
  const order = [5, 1, 9, 3, 0, 7, 2, 8, 6, 4, 12, 10, 11];
  for (const n of order) assert.equal(table.set(n, 1000 + n), true);
  assert.equal(table.size, order.length);
  for (const n of order) assert.equal(table.get(n), 1000 + n);
  assert.equal(table.get(13), undefined);
  assert.equal(table.get(-1), undefined);
  assert.equal(table.set(3, 42), false);
  assert.equal(table.get(3), 42);
  assert.equal(table.size, order.length);
  // Ids a Uint32Array cannot hold are not cached: the writer then asks SQLite.
  assert.equal(table.set(20, 2 ** 32), false);
  assert.equal(table.get(20), undefined);
  // Many names (a tag set shared by every metric), appended in number order.
  const wide = new NameIdTable();
  for (let n = 0; n < 10_000; n += 1) wide.set(n, n * 3);
  assert.equal(wide.get(9_999), 29_997);
  assert.equal(wide.get(4_321), 12_963);
});
