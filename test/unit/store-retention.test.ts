// Retention on a real file: age limits per kind, the global size limit (oldest first, file shrinks), and
// clean-up of series and span resources nothing refers to any more.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { SpanRecord } from '../../src/agent/intake/otlp';
import { Store } from '../../src/agent/store';
import { logRecord as log } from '../support/log-records';

const dir = mkdtempSync(join(tmpdir(), 'kinstrument-retention-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = 1_700_000_000_000;

function span(startMs: number, id: number, service = 's'): SpanRecord {
  const start = BigInt(startMs) * 1_000_000n;
  return {
    traceId: id.toString(16).padStart(32, '0'),
    spanId: id.toString(16).padStart(16, '0'),
    name: 'op',
    kind: 1,
    service,
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: (start + 1000n).toString(),
    durationNs: 1000,
    status: { code: 0 },
    attributes: {},
    events: [],
    links: [],
    resource: { 'service.name': service, 'process.pid': id },
    scope: { name: 'x' },
  };
}

test('each kind is kept for its own maximum age', async () => {
  let now = NOW;
  const store = new Store({
    path: join(dir, 'age', 'kinstrument.db'),
    clock: () => now,
    retention: {
      logsSeconds: 3600,
      tracesSeconds: 7200,
      metricsRawSeconds: 3600,
      metrics1mSeconds: 2 * 3600,
      metrics1hSeconds: 24 * 3600,
    },
  });
  store.offerLogs([log(NOW - 2 * HOUR, 'old'), log(NOW - 30 * 60_000, 'recent')]);
  store.offerSpans([span(NOW - 3 * HOUR, 1), span(NOW - HOUR, 2)]);
  const sample = (ageMs: number, tag: string) => ({
    name: 'm',
    type: 'gauge' as const,
    value: 1,
    timestamp: Math.floor((NOW - ageMs) / 1000),
    tags: [tag],
  });
  store.offerMetrics([
    sample(3 * HOUR, 'series:old'),
    sample(90 * 60_000, 'series:mid'),
    sample(60_000, 'series:new'),
  ]);
  await store.flush();
  const report = await store.runRetention();
  assert.equal(report.expired.logs, 1);
  assert.equal(report.expired.spans, 1);
  assert.equal(report.expired.span_resources, 1, 'the old span was the only one with its resource');
  assert.equal(report.expired.metric_points, 2, 'raw points older than an hour');
  assert.equal(report.expired.metric_rollup_1m, 1, 'minute rollups older than two hours');
  assert.equal(report.expired.metric_rollup_1h, 0);
  assert.deepEqual(
    store.query.logs({}).logs.map((l) => l.message),
    ['recent'],
  );
  assert.equal(store.query.traces({ from: 0 }).traces.length, 1);
  assert.equal(store.query.metricNames()[0]?.series, 3, 'series stay while any of their data may remain');

  // A day later every metric table has aged out: the series go too, and the writer copes with new ones.
  now = NOW + 2 * DAY;
  const later = await store.runRetention();
  assert.equal(later.expired.metric_series, 3);
  assert.deepEqual(store.query.metricNames(), []);
  store.offerMetrics([
    { name: 'm', type: 'gauge', value: 2, timestamp: Math.floor(now / 1000), tags: ['series:old'] },
  ]);
  await store.flush();
  assert.equal(store.stats().writeErrors, 0);
  assert.equal(store.query.metricNames()[0]?.series, 1);
  assert.equal(store.stats().retention.runs, 2);
  await store.close();
});

test('the size limit deletes the oldest data of any kind until the file fits again', async () => {
  const path = join(dir, 'size', 'kinstrument.db');
  const limit = 4 * 1024 * 1024;
  const store = new Store({
    path,
    clock: () => NOW,
    maxSizeBytes: limit,
    writer: { maxQueuedRecords: 1_000_000 },
  });
  const filler = 'x'.repeat(400);
  // ~12 MB: logs and spans interleaved in time, the oldest first.
  for (let i = 0; i < 20_000; i += 1)
    store.offerLogs([log(NOW - 20_000 + i, `log ${i} ${filler} ${i % 97}`)]);
  store.offerSpans(
    Array.from({ length: 2_000 }, (_, i) => ({
      ...span(NOW - 20_000 + i * 10, i + 1),
      attributes: { pad: filler },
    })),
  );
  await store.flush();
  const before = store.stats();
  assert.ok(before.usedBytes > 2 * limit, `filled past the limit (${before.usedBytes})`);

  let report = await store.runRetention();
  while (report.incomplete) report = await store.runRetention();
  const after = store.stats();
  assert.ok(after.usedBytes <= limit, `in use ${after.usedBytes} ≤ ${limit}`);
  const onDisk = statSync(path).size + after.walBytes;
  assert.ok(onDisk <= limit, `file + log ${onDisk} ≤ ${limit}: free pages were returned, the log truncated`);
  const evicted = after.retention.evicted;
  assert.ok(evicted.logs > 0 && evicted.spans > 0, 'both kinds gave up their oldest rows');
  // What is left is the newest of each kind.
  const newestLog = store.query.logs({ limit: 1 }).logs[0];
  assert.match(newestLog?.message ?? '', /^log 19999 /);
  // Logs were written one per millisecond up to NOW, spans one per 10 ms.
  const logsLeft = store.query.logFacets({}, { facets: ['service'] }).service[0]?.count ?? 0;
  const oldestLeft = NOW - logsLeft;
  let oldestSpanLeft = NOW;
  let cursor: string | undefined;
  do {
    const page = store.query.traces({ from: 0, limit: 500, ...(cursor ? { cursor } : {}) });
    oldestSpanLeft = Math.min(oldestSpanLeft, ...page.traces.map((t) => t.startMs));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  assert.ok(logsLeft > 0 && oldestSpanLeft < NOW, 'the newest of each kind is kept');
  // Each kind was cut at about the same age: oldest-first across kinds, not one kind emptied.
  assert.ok(
    Math.abs(oldestLeft - oldestSpanLeft) < 2_000,
    `logs from ${oldestLeft}, spans from ${oldestSpanLeft}`,
  );
  console.log(
    `size limit: ${before.usedBytes} → ${after.usedBytes} bytes in use (file ${onDisk}); evicted ${evicted.logs} logs, ${evicted.spans} spans`,
  );
  await store.close();
});
