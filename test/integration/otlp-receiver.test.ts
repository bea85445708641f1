// The OTLP/HTTP receiver behind its own real HTTP server: encodings, compression, every refusal the spec
// names, and that nothing a client sends stops it from serving the next request.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import {
  createOtlpServer,
  WireReader,
  type OtlpLogRecord,
  type OtlpServer,
  type OtlpSink,
  type SpanRecord,
} from '../../src/agent/intake/otlp';
import { Store, storeOtlpSink } from '../../src/agent/store';
import { post, randomHex, sdkLog, sdkLogs, sdkSpan, sdkTraces } from '../support/otlp-sdk';

const START = 1_700_000_000_000_000_000n;

class CollectingSink implements OtlpSink {
  spans: SpanRecord[] = [];
  logs: OtlpLogRecord[] = [];
  throwNext = false;
  offerSpans(spans: readonly SpanRecord[]): number {
    if (this.throwNext) {
      this.throwNext = false;
      throw new Error('sink exploded');
    }
    this.spans.push(...spans);
    return 0;
  }
  offerLogs(logs: readonly OtlpLogRecord[]): number {
    this.logs.push(...logs);
    return 0;
  }
}

const sink = new CollectingSink();
let server: OtlpServer;
let base = '';

before(async () => {
  server = await createOtlpServer({
    sink,
    host: '127.0.0.1',
    port: 0,
    maxRequestBytes: 1024 * 1024,
    maxDecompressedBytes: 2 * 1024 * 1024,
    maxInFlightBytes: 3 * 1024 * 1024,
  });
  base = server.url;
});

after(() => server.stop());

function traceBody(count: number, traceId = randomHex(16)): ReturnType<typeof sdkSpan>[] {
  return Array.from({ length: count }, (_, i) =>
    sdkSpan({ traceId, spanId: randomHex(8), name: `op ${i}`, startNs: START, endNs: START + 1000n }),
  );
}

const JSON_HEADERS = { 'content-type': 'application/json' };
const PROTOBUF_HEADERS = { 'content-type': 'application/x-protobuf' };

async function assertStillServing(): Promise<void> {
  const reply = await post(`${base}/v1/traces`, sdkTraces.json(traceBody(1)), JSON_HEADERS);
  assert.equal(reply.status, 200, 'the receiver keeps serving');
}

test('JSON traces: 200 with an empty ExportTraceServiceResponse, spans reach the sink', async () => {
  const before = sink.spans.length;
  const timed = server.receiver.stats().timings;
  const reply = await post(`${base}/v1/traces`, sdkTraces.json(traceBody(3)), JSON_HEADERS);
  assert.equal(reply.status, 200);
  assert.equal(reply.headers['content-type'], 'application/json');
  assert.equal(reply.body.toString(), '{}');
  assert.equal(sink.spans.length - before, 3);
  // Its time is in both histograms: reading it, and decoding and handing it over.
  const { bodyMs, ingestMs } = server.receiver.stats().timings;
  assert.equal(bodyMs.count - timed.bodyMs.count, 1);
  assert.equal(ingestMs.count - timed.ingestMs.count, 1);
  assert.ok(ingestMs.maxMs > 0 && ingestMs.maxMs < 5_000);
});

test('gzip-compressed protobuf traces and logs: 200 with an empty protobuf response', async () => {
  const before = sink.spans.length;
  const reply = await post(`${base}/v1/traces`, gzipSync(sdkTraces.protobuf(traceBody(5))), {
    ...PROTOBUF_HEADERS,
    'content-encoding': 'gzip',
  });
  assert.equal(reply.status, 200);
  assert.equal(reply.headers['content-type'], 'application/x-protobuf');
  assert.equal(reply.body.length, 0);
  assert.equal(sink.spans.length - before, 5);

  const logs = sdkLogs.protobuf([sdkLog({ timeNs: START, body: 'hello', severityNumber: 9 })]);
  const logReply = await post(`${base}/v1/logs`, logs, PROTOBUF_HEADERS);
  assert.equal(logReply.status, 200);
  assert.equal(sink.logs.at(-1)?.message, 'hello');
});

test('invalid spans: 200 with partial success naming how many and why', async () => {
  const body = {
    resourceSpans: [
      {
        scopeSpans: [
          {
            spans: [
              { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), name: 'ok' },
              { traceId: 'x', spanId: 'y' },
            ],
          },
        ],
      },
    ],
  };
  const reply = await post(`${base}/v1/traces`, Buffer.from(JSON.stringify(body)), JSON_HEADERS);
  assert.equal(reply.status, 200);
  assert.deepEqual(JSON.parse(reply.body.toString()), {
    partialSuccess: { rejectedSpans: '1', errorMessage: '1 invalid (invalid trace id)' },
  });
  // The same in protobuf: partial_success (1) { rejected_spans (1) = 1, error_message (2) }.
  const protobufReply = await post(
    `${base}/v1/traces`,
    sdkTraces.protobuf([
      sdkSpan({
        traceId: '0'.repeat(32),
        spanId: 'b'.repeat(16),
        name: 'zero',
        startNs: START,
        endNs: START,
      }),
    ]),
    PROTOBUF_HEADERS,
  );
  const response = new WireReader(protobufReply.body);
  assert.equal(response.nextField(), 1);
  const partial = response.message();
  assert.equal(partial.nextField(), 1);
  assert.equal(partial.varint(), 1);
  assert.equal(partial.nextField(), 2);
  assert.equal(partial.string(), '1 invalid (invalid trace id)');
});

test('metrics are accepted and counted, and reported as not stored (partial success)', async () => {
  const body = {
    resourceMetrics: [
      {
        scopeMetrics: [
          { metrics: [{ name: 'm', gauge: { dataPoints: [{ asDouble: 1 }, { asDouble: 2 }] } }] },
        ],
      },
    ],
  };
  const reply = await post(`${base}/v1/metrics`, Buffer.from(JSON.stringify(body)), JSON_HEADERS);
  assert.equal(reply.status, 200);
  const parsed = JSON.parse(reply.body.toString()) as {
    partialSuccess: { rejectedDataPoints: string; errorMessage: string };
  };
  assert.equal(parsed.partialSuccess.rejectedDataPoints, '2');
  assert.match(parsed.partialSuccess.errorMessage, /DogStatsD/);
  assert.equal(server.receiver.stats().metricDataPoints, 2);
});

test('malformed JSON, bad protobuf and bad gzip: 400 with a Status body; the receiver keeps serving', async () => {
  const errorsBefore = server.receiver.stats().errors.decode;
  const json = await post(`${base}/v1/traces`, Buffer.from('{"resourceSpans": [{'), JSON_HEADERS);
  assert.equal(json.status, 400);
  assert.match((JSON.parse(json.body.toString()) as { message: string }).message, /invalid JSON/);

  const protobuf = await post(
    `${base}/v1/logs`,
    Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]),
    PROTOBUF_HEADERS,
  );
  assert.equal(protobuf.status, 400);
  assert.equal(protobuf.headers['content-type'], 'application/x-protobuf');
  const status = new WireReader(protobuf.body);
  assert.equal(status.nextField(), 2, 'google.rpc.Status.message');
  assert.match(status.string(), /truncated/);

  const gzip = await post(`${base}/v1/traces`, Buffer.from('not gzip at all'), {
    ...JSON_HEADERS,
    'content-encoding': 'gzip',
  });
  assert.equal(gzip.status, 400);
  assert.equal(server.receiver.stats().errors.decode - errorsBefore, 2);
  assert.equal(server.receiver.stats().errors.badGzip, 1);
  await assertStillServing();
});

test('wrong media type, encoding, method or path: 415, 405, 404', async () => {
  assert.equal(
    (await post(`${base}/v1/traces`, Buffer.from('x'), { 'content-type': 'text/plain' })).status,
    415,
  );
  assert.equal(
    (await post(`${base}/v1/traces`, Buffer.from('x'), { ...JSON_HEADERS, 'content-encoding': 'br' })).status,
    415,
  );
  assert.equal((await post(`${base}/v2/traces`, Buffer.from('{}'), JSON_HEADERS)).status, 404);
  const get = await fetch(`${base}/v1/traces`);
  assert.equal(get.status, 405);
  assert.equal(get.headers.get('allow'), 'POST');
});

test('a body over the limit: 413, declared or streamed without a length', async () => {
  const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
  const declared = await post(`${base}/v1/traces`, big, JSON_HEADERS);
  assert.equal(declared.status, 413);
  // Chunked: the receiver only learns the size while reading.
  const chunks = Array.from({ length: 40 }, () => Buffer.alloc(32 * 1024, 0x20));
  const streamed = await post(`${base}/v1/traces`, chunks, {
    ...JSON_HEADERS,
    'transfer-encoding': 'chunked',
  });
  assert.equal(streamed.status, 413);
  assert.equal(server.receiver.stats().errors.tooLarge, 2);
  await assertStillServing();
});

test('a gzip bomb is stopped as soon as it inflates past the limit: 413, memory released', async () => {
  const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024)); // 64 MiB of zeros, ~64 KiB compressed
  assert.ok(bomb.length < 100 * 1024);
  const reply = await post(`${base}/v1/traces`, bomb, { ...JSON_HEADERS, 'content-encoding': 'gzip' });
  assert.equal(reply.status, 413);
  assert.match(
    (JSON.parse(reply.body.toString()) as { message: string }).message,
    /decompressed body exceeds/,
  );
  const stats = server.receiver.stats();
  assert.equal(stats.errors.decompressedTooLarge, 1);
  assert.ok(stats.bytesDecoded < 64 * 1024 * 1024, 'the bomb was never inflated whole');
  assert.equal(stats.inFlightBytes, 0);
  await assertStillServing();
});

test('too many bytes in flight across requests: 429 with Retry-After, then normal service', async () => {
  // Three slow clients each hold 1 MiB (under the per-request limit) of a body they have not finished.
  const holders = Array.from({ length: 3 }, () => {
    const req = request(`${base}/v1/traces`, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => undefined);
    req.write(Buffer.alloc(1024 * 1024 - 10, 0x20));
    return req;
  });
  for (let i = 0; i < 100 && server.receiver.stats().inFlightBytes < 3 * (1024 * 1024 - 10); i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  const refused = await post(`${base}/v1/traces`, sdkTraces.json(traceBody(1)), JSON_HEADERS);
  assert.equal(refused.status, 429);
  assert.equal(refused.headers['retry-after'], '1');
  assert.ok(server.receiver.stats().errors.inFlightLimit >= 1);
  for (const req of holders) req.destroy();
  for (let i = 0; i < 100 && server.receiver.stats().inFlightBytes > 0; i += 1)
    await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(server.receiver.stats().inFlightBytes, 0, 'aborted requests release their bytes');
  await assertStillServing();
});

test('while the agent is busy, traces and logs are answered 503 + Retry-After undecoded; metrics still 200', async (t) => {
  let busy: string | undefined = 'behind on its DogStatsD intake';
  const busySink = new CollectingSink();
  const busyServer = await createOtlpServer({ sink: busySink, port: 0, busy: () => busy });
  t.after(() => busyServer.stop());
  const traces = await post(`${busyServer.url}/v1/traces`, Buffer.from('not OTLP'), JSON_HEADERS);
  assert.equal(traces.status, 503);
  assert.equal(traces.headers['retry-after'], '1');
  assert.match(traces.body.toString(), /busy \(behind on its DogStatsD intake\); retry later/);
  const logs = await post(
    `${busyServer.url}/v1/logs`,
    sdkLogs.json([sdkLog({ timeNs: START, body: 'x' })]),
    JSON_HEADERS,
  );
  assert.equal(logs.status, 503);
  const metrics = await post(`${busyServer.url}/v1/metrics`, Buffer.from('{}'), JSON_HEADERS);
  assert.equal(metrics.status, 200, 'metrics are not stored, so there is nothing to shed');
  assert.equal(busySink.spans.length + busySink.logs.length, 0);
  const stats = busyServer.receiver.stats();
  assert.equal(stats.errors.busy, 2);
  assert.equal(stats.errors.decode, 0, 'the bodies were never decoded');
  assert.deepEqual(stats.spans, { received: 0, accepted: 0, rejected: 0, dropped: 0 });
  busy = undefined;
  const retried = await post(`${busyServer.url}/v1/traces`, sdkTraces.json(traceBody(2)), JSON_HEADERS);
  assert.equal(retried.status, 200, 'once no longer busy, the retry is taken');
  assert.equal(busySink.spans.length, 2);
});

test('a sink that throws costs a 503 for that request only', async () => {
  sink.throwNext = true;
  const reply = await post(`${base}/v1/traces`, sdkTraces.json(traceBody(1)), JSON_HEADERS);
  assert.equal(reply.status, 503);
  assert.equal(server.receiver.stats().errors.sinkError, 1);
  await assertStillServing();
});

test('backed by the store: a full write queue answers partial success, then 503 + Retry-After', async (t) => {
  const store = new Store({ path: ':memory:', writer: { maxQueuedRecords: 5 } }); // not started: nothing drains
  const storeServer = await createOtlpServer({ sink: storeOtlpSink(store, { host: 'agent' }), port: 0 });
  t.after(async () => {
    await storeServer.stop();
    await store.close();
  });
  const first = await post(`${storeServer.url}/v1/traces`, sdkTraces.json(traceBody(3)), JSON_HEADERS);
  assert.equal(first.status, 200);
  assert.equal(first.body.toString(), '{}');
  const second = await post(`${storeServer.url}/v1/traces`, sdkTraces.json(traceBody(4)), JSON_HEADERS);
  assert.equal(second.status, 200);
  assert.deepEqual(JSON.parse(second.body.toString()), {
    partialSuccess: { rejectedSpans: '2', errorMessage: "2 dropped because the agent's store queue is full" },
  });
  // The queue is full now: the next request is refused before it is decoded (not even a valid body is needed).
  const third = await post(`${storeServer.url}/v1/traces`, Buffer.from('not OTLP'), JSON_HEADERS);
  assert.equal(third.status, 503);
  assert.equal(third.headers['retry-after'], '1');
  assert.deepEqual(store.stats().dropped, { spans: 2, logs: 0, metrics: 0 });
  assert.deepEqual(storeServer.receiver.stats().spans, { received: 7, accepted: 5, rejected: 0, dropped: 2 });
  assert.equal(storeServer.receiver.stats().errors.sinkFull, 1);
  assert.equal(storeServer.receiver.stats().errors.sinkFullUndecoded, 1);
  assert.equal(storeServer.receiver.stats().errors.decode, 0);
  await store.flush();
  assert.equal(store.stats().written.spans, 5);
  const again = await post(`${storeServer.url}/v1/traces`, sdkTraces.json(traceBody(2)), JSON_HEADERS);
  assert.equal(again.status, 200, 'once drained, the store takes data again');
});
