// The upstream exporter against real HTTP servers: an upstream that is down and comes back, a bounded
// disk buffer that drops its oldest batches, Retry-After, refusals, restarts, encodings and headers.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { OtlpExporter, traceRequestProtobuf } from '../../src/agent/export/otlp';
import {
  createOtlpServer,
  decodeSpans,
  type OtlpLogRecord,
  type OtlpSink,
  type SpanRecord,
} from '../../src/agent/intake/otlp';
import type { MetricSample } from '../../src/agent/model';

const root = mkdtempSync(join(tmpdir(), 'kinstrument-export-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const bufferDir = (): string => join(root, `run-${(dirs += 1)}`, 'otlp-buffer');

class CollectingSink implements OtlpSink {
  spans: SpanRecord[] = [];
  logs: OtlpLogRecord[] = [];
  offerSpans(spans: readonly SpanRecord[]): number {
    this.spans.push(...spans);
    return 0;
  }
  offerLogs(logs: readonly OtlpLogRecord[]): number {
    this.logs.push(...logs);
    return 0;
  }
}

function spans(count: number, from = 0): SpanRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    traceId: 'a'.repeat(32),
    spanId: (from + i + 1).toString(16).padStart(16, '0'),
    name: `op ${from + i}`,
    kind: 1,
    service: 'svc',
    startTimeUnixNano: '1700000000000000000',
    endTimeUnixNano: '1700000000001000000',
    durationNs: 1_000_000,
    status: { code: 0 },
    attributes: { i: from + i },
    events: [],
    links: [],
    resource: { 'service.name': 'svc' },
    scope: { name: 'test' },
  }));
}

function logs(count: number): OtlpLogRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    timeUnixNano: '1700000000000000000',
    severityNumber: 9,
    message: `log ${i}`,
    body: `log ${i}`,
    service: 'svc',
    attributes: {},
    resource: { 'service.name': 'svc' },
    scope: { name: 'test' },
  }));
}

function metrics(count: number): MetricSample[] {
  return Array.from({ length: count }, (_, i) => ({
    name: 'm',
    type: 'gauge',
    value: i,
    timestamp: 1_700_000_000,
    tags: [`i:${i}`],
    host: 'h',
  }));
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

test('upstream down, then back: everything buffered on disk is delivered, in order', async (t) => {
  const port = await closedPort();
  const exporter = new OtlpExporter({
    endpoint: `http://127.0.0.1:${port}`,
    bufferPath: bufferDir(),
    maxBatchRecords: 10,
    initialBackoffMs: 50,
    maxBackoffMs: 200,
    flushIntervalMs: 50,
  }).start();
  t.after(() => exporter.stop());
  assert.equal(exporter.offerSpans(spans(35)), 0);
  assert.equal(exporter.offerLogs(logs(12)), 0);
  exporter.write({ metrics: metrics(7), serviceChecks: [], events: [] });
  assert.equal(await exporter.flush(1_000), false, 'nothing can be delivered yet');
  let stats = exporter.stats();
  assert.equal(stats.upstream, 'down');
  assert.ok(stats.retries >= 1);
  assert.match(stats.lastError ?? '', /fetch failed|ECONNREFUSED/);
  assert.deepEqual(stats.buffer.records, { traces: 35, logs: 12, metrics: 7 });
  assert.equal(stats.buffer.files, 4 + 2 + 1);
  assert.equal(readdirSync(exporter.options.bufferPath).length, 7, 'one file per batch on disk');

  const sink = new CollectingSink();
  const upstream = await createOtlpServer({ sink, host: '127.0.0.1', port });
  t.after(() => upstream.stop());
  await until('delivery', () => exporter.stats().buffer.files === 0);
  assert.deepEqual(
    sink.spans.map((s) => s.name),
    spans(35).map((s) => s.name),
  );
  assert.equal(sink.spans[0]?.attributes.i, 0);
  assert.deepEqual(
    sink.logs.map((l) => l.message),
    logs(12).map((l) => l.message),
  );
  assert.equal(upstream.receiver.stats().metricDataPoints, 7);
  stats = exporter.stats();
  assert.equal(stats.upstream, 'up');
  assert.deepEqual(stats.sent.traces, { requests: 4, records: 35 });
  assert.deepEqual(stats.sent.logs, { requests: 2, records: 12 });
  // The receiver does not store OTLP metrics and says so with a partial success: counted as rejected.
  assert.deepEqual(stats.partiallyRejected, { traces: 0, logs: 0, metrics: 7 });
  assert.equal(readdirSync(exporter.options.bufferPath).length, 0);
});

test('the disk buffer is bounded: the oldest batches are dropped and counted, the newest delivered', async (t) => {
  const port = await closedPort();
  const oneBatch = traceRequestProtobuf(spans(10, 70)).length; // the largest of the batches below
  const exporter = new OtlpExporter({
    endpoint: `http://127.0.0.1:${port}`,
    bufferPath: bufferDir(),
    compression: 'none',
    maxBatchRecords: 10,
    maxBufferBytes: oneBatch * 3 + 10, // room for three batches
    initialBackoffMs: 50,
    maxBackoffMs: 100,
  });
  t.after(() => exporter.stop());
  // Offered before start(), so no batch is in flight (the one being sent is never dropped for space).
  for (let batch = 0; batch < 8; batch += 1) exporter.offerSpans(spans(10, batch * 10));
  exporter.start();
  await exporter.flush(300);
  const stats = exporter.stats();
  assert.equal(stats.buffer.files, 3);
  assert.ok(stats.buffer.bytes <= stats.buffer.maxBytes);
  assert.equal(stats.buffer.droppedBatches, 5);
  assert.deepEqual(stats.buffer.droppedRecords, { traces: 50, logs: 0, metrics: 0 });

  const sink = new CollectingSink();
  const upstream = await createOtlpServer({ sink, host: '127.0.0.1', port });
  t.after(() => upstream.stop());
  await until('delivery', () => exporter.stats().buffer.files === 0);
  assert.deepEqual(
    sink.spans.map((s) => s.attributes.i),
    Array.from({ length: 30 }, (_, i) => 50 + i),
    'the three newest batches arrive',
  );
});

test('429 with Retry-After is honoured before retrying; a 400 drops the batch for good', async (t) => {
  const arrivals: { at: number; status: number }[] = [];
  const plan = [429, 200, 400, 200];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const status = plan.shift() ?? 200;
      arrivals.push({ at: Date.now(), status });
      if (status === 429)
        res
          .writeHead(429, { 'Retry-After': '1', 'Content-Type': 'application/json' })
          .end('{"message":"slow down"}');
      else if (status === 400)
        res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"message":"bad data"}');
      else res.writeHead(200, { 'Content-Type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const exporter = new OtlpExporter({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bufferPath: bufferDir(),
    maxBatchRecords: 5,
    initialBackoffMs: 10, // without Retry-After it would try again almost at once
    flushIntervalMs: 20,
  }).start();
  t.after(() => exporter.stop());
  exporter.offerSpans(spans(5));
  await until('the retry after 429', () => exporter.stats().sent.traces.requests === 1);
  const waited = (arrivals[1]?.at ?? 0) - (arrivals[0]?.at ?? 0);
  assert.ok(waited >= 950, `waited ${waited} ms for Retry-After: 1`);
  assert.equal(exporter.stats().retries, 1);
  assert.deepEqual(exporter.stats().sent.traces, { requests: 1, records: 5 });

  exporter.offerSpans(spans(5, 5)); // answered 400
  exporter.offerSpans(spans(5, 10)); // then 200
  await until('both batches settled', () => arrivals.length >= 4 && exporter.stats().buffer.files === 0);
  const stats = exporter.stats();
  assert.deepEqual(stats.rejected.traces, { requests: 1, records: 5 });
  assert.deepEqual(stats.sent.traces, { requests: 2, records: 10 });
  assert.equal(stats.retries, 1, 'a 400 is not retried');
});

test('batches left on disk by a stopped exporter are sent by the next one (agent restart)', async (t) => {
  const port = await closedPort();
  const path = bufferDir();
  const first = new OtlpExporter({
    endpoint: `http://127.0.0.1:${port}`,
    bufferPath: path,
    initialBackoffMs: 50,
  }).start();
  first.offerSpans(spans(4));
  await first.stop(); // pending records are batched to disk on the way out
  assert.equal(readdirSync(path).length, 1);

  const sink = new CollectingSink();
  const upstream = await createOtlpServer({ sink, host: '127.0.0.1', port });
  t.after(() => upstream.stop());
  const second = new OtlpExporter({ endpoint: `http://127.0.0.1:${port}`, bufferPath: path }).start();
  t.after(() => second.stop());
  await until('redelivery', () => second.stats().sent.traces.records === 4);
  assert.equal(sink.spans.length, 4);
});

test('JSON protocol, custom headers, gzip; memory before batching is bounded too', async (t) => {
  let seen: { headers: IncomingHttpHeaders; body: Buffer } | undefined;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen = { headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const exporter = new OtlpExporter({
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    bufferPath: bufferDir(),
    protocol: 'http/json',
    headers: { 'x-api-key': 'secret' },
    maxPendingRecords: 6,
    maxBatchRecords: 100,
    signals: { logs: false },
  }).start();
  t.after(() => exporter.stop());
  assert.equal(exporter.offerSpans(spans(10)), 4, 'four over the pending limit');
  assert.equal(exporter.offerLogs(logs(2)), 2, 'logs are switched off');
  assert.equal(await exporter.flush(2_000), true);
  assert.equal(seen?.headers['content-type'], 'application/json');
  assert.equal(seen?.headers['content-encoding'], 'gzip');
  assert.equal(seen?.headers['x-api-key'], 'secret');
  const decoded = decodeSpans(gunzipSync(seen!.body), 'json');
  assert.equal(decoded.records.length, 6);
  assert.deepEqual(exporter.stats().droppedPending, { traces: 4, logs: 0, metrics: 0 });
});
