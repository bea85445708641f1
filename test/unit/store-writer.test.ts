// The batched writer: bounded queue (overflow refused and counted), timer drain, fair batches, failures
// that cost one batch, and schema versioning across reopenings of a real file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SpanRecord } from '../../src/agent/intake/otlp';
import type { MetricSample } from '../../src/agent/model';
import { migrate, MIGRATIONS, Store, StoreSchemaError } from '../../src/agent/store';
import { openConnection } from '../../src/agent/store/connection';
import { openDatabase, pragmaNumber } from '../../src/agent/store/sqlite';
import { logRecords as logs } from '../support/log-records';

function samples(count: number): MetricSample[] {
  return Array.from({ length: count }, (_, i) => ({
    name: 'm',
    type: 'gauge',
    value: i,
    timestamp: 1_700_000_000 + i,
    tags: [],
  }));
}

function spans(count: number): SpanRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    traceId: 'a'.repeat(32),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: 'op',
    kind: 1,
    service: 's',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000000001000',
    durationNs: 1000,
    status: { code: 0 },
    attributes: {},
    events: [],
    links: [],
    resource: {},
    scope: { name: 'x' },
  }));
}

test('the queue is bounded: records past it are refused at once and counted, per kind', async () => {
  const store = new Store({ path: ':memory:', writer: { maxQueuedRecords: 100 } });
  assert.equal(store.offerLogs(logs(60)), 0);
  assert.equal(store.offerMetrics(samples(30)), 0);
  assert.equal(store.offerSpans(spans(25)), 15, 'ten fit, fifteen refused');
  assert.equal(store.offerLogs(logs(5, 1000)), 5);
  const stats = store.stats();
  const { metricBytes, objectBytes, ...queue } = stats.queue;
  assert.deepEqual(queue, {
    records: 100,
    limit: 100,
    objectLimit: 100_000,
    objectByteLimit: 128 * 1024 * 1024,
    byKind: { spans: 10, logs: 60, metrics: 30 },
    inFlightBatches: 0,
  });
  assert.ok(metricBytes >= 30 * 29, `30 samples' columns: ${metricBytes} bytes`);
  assert.ok(objectBytes > 70 * 100, `70 spans and logs: ${objectBytes} bytes`);
  assert.deepEqual(stats.dropped, { spans: 15, logs: 5, metrics: 0 });
  assert.deepEqual(stats.offered, { spans: 25, logs: 65, metrics: 30 });
  await store.flush();
  assert.deepEqual(store.stats().written, { spans: 10, logs: 60, metrics: 30 });
  assert.equal(store.offerLogs(logs(5, 2000)), 0, 'room again once written');
  await store.close();
});

test('spans and logs are bounded by their bytes too: large records are refused before the count bound', async () => {
  const maxQueuedObjectBytes = 256 * 1024;
  const store = new Store({ path: ':memory:', writer: { maxQueuedObjectBytes } });
  const big = (count: number, from: number) =>
    logs(count, from).map((log) => ({ ...log, message: 'x'.repeat(32 * 1024) }));
  // Each record is a little over 32 KiB: seven fit in 256 KiB, the eighth does not.
  assert.equal(store.offerLogs(big(10, 0)), 3);
  assert.equal(store.offerSpans(spans(1)), 0, 'a small record still fits in what is left');
  const { queue, dropped } = store.stats();
  assert.equal(queue.byKind.logs, 7);
  assert.equal(queue.byKind.spans, 1);
  assert.ok(
    queue.objectBytes > 7 * 32 * 1024 && queue.objectBytes <= maxQueuedObjectBytes,
    `${queue.objectBytes} bytes`,
  );
  assert.deepEqual(dropped, { spans: 0, logs: 3, metrics: 0 });
  assert.equal(store.offerMetrics(samples(10)), 0, 'metric samples are not held to it');

  // A tailed file's records wait for room instead: all are stored once the queue drains.
  const waiting = store.offerLogsWaiting(big(4, 100), 5);
  await store.flush();
  assert.equal(await waiting, true);
  await store.flush();
  assert.equal(store.stats().written.logs, 11);
  assert.equal(store.stats().queue.objectBytes, 0);
  // A record larger than the whole bound is taken alone by an empty queue (or it could never be stored);
  // then nothing else is until it is written.
  const huge = logs(1, 200).map((log) => ({ ...log, message: 'y'.repeat(300 * 1024) }));
  assert.equal(store.offerLogs(huge), 0);
  assert.equal(store.offerLogs(logs(1, 201)), 1);
  await store.flush();
  assert.equal(store.offerLogs(logs(1, 202)), 0);
  await store.close();
});

test('a started store drains on its timer, in transactions of at most batchSize shared between kinds', async () => {
  const store = new Store({
    path: ':memory:',
    writer: { batchSize: 50, intervalMs: 20, tickBudgetMs: 0.001 },
  }).start();
  store.offerLogs(logs(90));
  store.offerSpans(spans(10));
  store.offerMetrics(samples(3));
  for (let i = 0; i < 100 && store.stats().queue.records > 0; i += 1) await sleep(10);
  const stats = store.stats();
  assert.deepEqual(stats.written, { spans: 10, logs: 90, metrics: 3 });
  assert.equal(stats.transactions, 3, '103 records in batches of 50');
  await store.close();
});

test('on the writer thread, spans and logs go in transactions of threadBatchSize, not batchSize', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-store-batches-'));
  try {
    const store = new Store({
      path: join(dir, 'kinstrument.db'),
      writer: { batchSize: 50, threadBatchSize: 200, intervalMs: 20 },
    });
    assert.equal(store.stats().writer, 'thread');
    store.offerLogs(logs(250));
    store.offerSpans(spans(50));
    await store.flush();
    const stats = store.stats();
    assert.deepEqual(stats.written, { spans: 50, logs: 250, metrics: 0 });
    // Each kind's share of 200 first (50 spans, 100 logs), then the 150 logs left; batches of 50 would take 7.
    assert.equal(stats.transactions, 2);
    await store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a batch that fails costs that batch only (counted); the writer carries on', async () => {
  const store = new Store({ path: ':memory:', writer: { batchSize: 10 } });
  const broken = { ...spans(1)[0]!, startTimeUnixNano: 'not a number' };
  store.offerSpans([broken]);
  store.offerLogs(logs(3));
  await store.flush();
  let stats = store.stats();
  assert.equal(stats.writeErrors, 1);
  assert.equal(stats.droppedOnError, 4, 'the failed transaction took its logs with it');
  assert.match(stats.lastWriteError ?? '', /BigInt/);
  store.offerLogs(logs(3, 10));
  await store.flush();
  stats = store.stats();
  assert.equal(stats.written.logs, 3);
  assert.equal(store.query.logs({}).logs.length, 3);
  await store.close();
});

test('schema: migrations recorded once; data survives reopening; a newer file is refused clearly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-store-'));
  try {
    const path = join(dir, 'run', 'kinstrument.db');
    const first = new Store({ path });
    first.offerLogs(logs(2));
    await first.close();
    const second = new Store({ path });
    assert.equal(second.stats().schemaVersion, MIGRATIONS.length);
    assert.equal(second.query.logs({}).logs.length, 2);
    assert.equal(second.query.logs({ query: 'line' }).logs.length, 2, 'the FTS index survives too');
    await second.close();

    const db = openDatabase(path);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('auto_vacuum', { simple: true }), 2, 'incremental');
    const versions = db.prepare('SELECT version FROM schema_version').all();
    assert.deepEqual(
      versions,
      MIGRATIONS.map((m) => ({ version: m.version })),
    );
    db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (999, ?, 0)').run(
      'future',
    );
    assert.throws(() => migrate(db), StoreSchemaError);
    db.close();
    assert.throws(() => new Store({ path }), /schema version 999, newer than this kinstrument knows/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('settings are validated', () => {
  assert.throws(
    () => new Store({ path: ':memory:', retention: { logsSeconds: 0 } }),
    /retention.logsSeconds/,
  );
  assert.throws(() => new Store({ path: ':memory:', writer: { maxQueuedRecords: -1 } }), /maxQueuedRecords/);
  assert.throws(
    () => new Store({ path: ':memory:', writer: { threadBatchSize: 0.5 } }),
    /writer\.threadBatchSize must be a positive integer/,
  );
});

test('connections: the page cache bound is set when asked and left at the build default otherwise', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinstrument-store-cache-'));
  try {
    const bounded = openConnection(join(dir, 'a.db'), { cacheKiB: 2_048 });
    const plain = openConnection(join(dir, 'a.db'));
    try {
      assert.equal(pragmaNumber(bounded, 'cache_size'), -2_048);
      assert.equal(pragmaNumber(plain, 'cache_size'), -16_000, "better-sqlite3's build default");
    } finally {
      bounded.close();
      plain.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
