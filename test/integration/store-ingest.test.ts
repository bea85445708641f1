// Sustained ingest into a real store file, measured (figures printed; no timing assertions): spans and
// logs offered as fast as a producer can, while the store drains on its own timer; and spans posted to the
// OTLP receiver over HTTP. What matters besides the rate: nothing offered is lost without being counted,
// and the event loop stays responsive (the writer yields between transactions).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { after, test } from 'node:test';
import { setImmediate as yieldNow, setTimeout as sleep } from 'node:timers/promises';
import { decodeSpans, type SpanRecord } from '../../src/agent/intake/otlp';
import { createOtlpServer } from '../../src/agent/intake/otlp';
import { traceRequestProtobuf } from '../../src/agent/export/otlp';
import type { LogRecord } from '../../src/agent/logs/record';
import { Store, storeOtlpSink } from '../../src/agent/store';
import { post } from '../support/otlp-sdk';

const root = mkdtempSync(join(tmpdir(), 'kinstrument-ingest-'));
after(() => rmSync(root, { recursive: true, force: true }));

const NOW_NS = BigInt(Date.now()) * 1_000_000n;

function makeSpans(count: number, seed: number): SpanRecord[] {
  const resource = {
    'service.name': 'bench',
    'host.name': 'h',
    'telemetry.sdk.language': 'nodejs',
    'process.pid': 1234,
  };
  return Array.from({ length: count }, (_, i) => {
    const n = seed + i;
    const start = NOW_NS + BigInt(n) * 1000n;
    return {
      traceId: (Math.floor(n / 4) + 1).toString(16).padStart(32, '0'),
      spanId: (n + 1).toString(16).padStart(16, '0'),
      ...(n % 4 === 0 ? {} : { parentSpanId: (n - (n % 4) + 1).toString(16).padStart(16, '0') }),
      name: n % 4 === 0 ? 'POST /send' : n % 4 === 1 ? 'send orders' : 'process orders',
      kind: (n % 4) + 1,
      service: n % 2 === 0 ? 'signup-api' : 'signup-worker',
      startTimeUnixNano: start.toString(),
      endTimeUnixNano: (start + 250_000n).toString(),
      durationNs: 250_000,
      status: { code: n % 50 === 0 ? 2 : 0 },
      attributes: {
        'messaging.system': 'kafka',
        'messaging.destination.name': 'orders',
        'messaging.destination.partition.id': String(n % 12),
        'messaging.kafka.offset': n,
        'messaging.client.id': 'signup-producer',
      },
      events: [],
      links: [],
      resource,
      scope: { name: 'kinstrument', version: '0.1.0' },
    };
  });
}

function makeLogs(count: number, seed: number): LogRecord[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, i) => ({
    timestamp: now + i,
    level: i % 10 === 0 ? 'warn' : 'info',
    message: `[Partition orders-${i % 12} broker=1] Log loaded for partition orders-${i % 12} with initial high watermark ${seed + i}`,
    service: 'kafka',
    source: 'kafka',
    host: 'broker-1',
    tags: ['env:bench'],
    attributes: { logger_name: 'kafka.log.UnifiedLog' },
    file: '/var/log/kafka/server.log',
  }));
}

test('sustained span and log ingest into the store, as fast as offered (measured)', async () => {
  const store = new Store({
    path: join(root, 'direct', 'kinstrument.db'),
    writer: { maxQueuedRecords: 100_000 },
  }).start();
  const durationMs = 5_000;
  const started = Date.now();
  let offered = 0;
  let refused = 0;
  // Request-sized batches (500 spans + 500 logs), yielding like an HTTP server between requests; a short
  // pause when the queue refuses, as a client answered 503 would.
  while (Date.now() - started < durationMs) {
    const refusedNow = store.offerSpans(makeSpans(500, offered)) + store.offerLogs(makeLogs(500, offered));
    refused += refusedNow;
    offered += 1000;
    if (refusedNow > 0) await sleep(5);
    else await yieldNow();
  }
  await store.flush();
  const elapsed = (Date.now() - started) / 1000;
  const stats = store.stats();
  const written = stats.written.spans + stats.written.logs;
  assert.equal(written + refused, offered, 'every record is written or counted as refused');
  assert.equal(stats.writeErrors, 0);
  assert.equal(stats.writer, 'thread');
  console.log(
    `max rate: ${Math.round(stats.written.spans / elapsed)} spans/s + ${Math.round(stats.written.logs / elapsed)} logs/s ` +
      `written (${written} in ${elapsed.toFixed(1)} s; ${refused} refused by the full queue); ` +
      `${stats.transactions} transactions, longest ${stats.maxBatchMs.toFixed(0)} ms (on the writer thread); ` +
      `db ${(stats.fileBytes / 1024 / 1024).toFixed(1)} MiB`,
  );
  assert.equal(store.query.logs({ query: 'watermark', limit: 5 }).logs.length, 5);
  assert.equal(store.query.traces({ service: 'signup-worker', limit: 5 }).traces.length, 5);
  await store.close();
});

test('a steady stream (40 spans + 40 logs every 10 ms) leaves the event loop responsive (measured)', async () => {
  const store = new Store({ path: join(root, 'paced', 'kinstrument.db') }).start();
  const delay = monitorEventLoopDelay({ resolution: 2 });
  delay.enable();
  const started = Date.now();
  let offered = 0;
  let refused = 0;
  while (Date.now() - started < 5_000) {
    refused += store.offerSpans(makeSpans(40, offered)) + store.offerLogs(makeLogs(40, offered));
    offered += 80;
    await sleep(10);
  }
  delay.disable();
  await store.flush();
  const stats = store.stats();
  assert.equal(refused, 0, 'the writer keeps up');
  assert.equal(stats.written.spans + stats.written.logs, offered);
  console.log(
    `paced: ${offered} records in 5 s; event-loop delay p50 ${(delay.percentile(50) / 1e6).toFixed(1)} ms, ` +
      `p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms ` +
      `(writer thread; longest transaction ${stats.maxBatchMs.toFixed(0)} ms)`,
  );
  await store.close();
});

test('spans over HTTP (protobuf) into the receiver and the store (measured)', async () => {
  const store = new Store({ path: join(root, 'http', 'kinstrument.db') }).start();
  const server = await createOtlpServer({ sink: storeOtlpSink(store, { host: 'h' }), port: 0 });
  // Distinct spans in every request (a repeated id is ignored by the store and would flatter the figure).
  const bodies = Array.from({ length: 400 }, (_, i) =>
    traceRequestProtobuf(makeSpans(500, 1_000_000 + i * 500)),
  );
  assert.equal(decodeSpans(bodies[0]!, 'protobuf').records.length, 500);
  const durationMs = 5_000;
  const started = Date.now();
  const statuses = new Map<number, number>();
  let sent = 0;
  let next = 0;
  // Four concurrent clients, each posting one request after another.
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (Date.now() - started < durationMs && next < bodies.length) {
        const body = bodies[next++]!;
        const reply = await post(`${server.url}/v1/traces`, body, {
          'content-type': 'application/x-protobuf',
        });
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        sent += 500;
        if (reply.status === 503) await sleep(50);
      }
    }),
  );
  await store.flush();
  const elapsed = (Date.now() - started) / 1000;
  const received = server.receiver.stats().spans;
  const stats = store.stats();
  // A request that arrives while the store's queue is full is refused (503) before it is decoded.
  const undecoded = server.receiver.stats().errors.sinkFullUndecoded * 500;
  assert.equal(received.received + undecoded, sent);
  assert.equal(received.accepted + received.dropped, received.received);
  assert.equal(stats.written.spans, received.accepted);
  assert.equal(stats.spans.duplicates, 0);
  console.log(
    `http: ${Math.round(received.received / elapsed)} spans/s received, ${Math.round(received.accepted / elapsed)}/s accepted, ` +
      `${Math.round(stats.written.spans / elapsed)}/s stored (${stats.written.spans} in ${elapsed.toFixed(1)} s); ` +
      `responses ${JSON.stringify(Object.fromEntries(statuses))}; longest transaction ${stats.maxBatchMs.toFixed(1)} ms`,
  );
  await server.stop();
  await store.close();
});
