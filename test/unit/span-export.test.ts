// kinstrument's protobuf span export: the encoder writes exactly what OpenTelemetry's own serializer
// writes for the same SDK spans, and the processor's queue, batches, failures and caches keep their bounds.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOnSampler,
  BasicTracerProvider,
  type ReadableSpan,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { diagnostics } from '../../src/diagnostics/diagnostics';
import {
  DEFAULT_PROCESSOR_LIMITS,
  EncodingSpanProcessor,
  type EncodingProcessorLimits,
} from '../../src/signals/traces/export/encoding-span-processor';
import type {
  EncodedSpanTransport,
  EncodedTraceRequest,
} from '../../src/signals/traces/export/otlp-http-transport';
import { ProtoWriter } from '../../src/signals/traces/export/proto-writer';
import { decodeTraceRequest } from '../../src/agent/intake/otlp/protobuf/traces';

/** Keeps every ended span, to hand the same objects to both serializers. */
class Collector implements SpanProcessor {
  readonly spans: ReadableSpan[] = [];
  onStart(): void {}
  onEnd(span: ReadableSpan): void {
    this.spans.push(span);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function provider(serviceName: string, collector: SpanProcessor) {
  return new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'host.name': 'h1', 'process.pid': 4242 }),
    sampler: new AlwaysOnSampler(),
    spanProcessors: [collector],
  });
}

/** Spans with every kind of field the SDK can give: attribute types, events, links, status, remote parents. */
function varietyOfSpans(): ReadableSpan[] {
  const collector = new Collector();
  const tracerA = provider('svc-a', collector).getTracer('kinstrument-kafkajs', '0.1.0');
  const other = provider('svc-b', collector);
  const tracerB = other.getTracer('app-tracer');
  const tracerC = other.getTracer('scoped', '2.0', { schemaUrl: 'https://opentelemetry.io/schemas/1.30.0' });
  const remoteParent = new W3CTraceContextPropagator().extract(
    ROOT_CONTEXT,
    {
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
      tracestate: 'vendor=abc,other=x',
    },
    {
      get: (carrier, key) => (carrier as Record<string, string>)[key],
      keys: (c) => Object.keys(c as object),
    },
  );
  for (let i = 0; i < 40; i++) {
    const span = tracerA.startSpan(
      `process topic-${i % 3}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': `topic-${i % 3}`,
          'messaging.destination.partition.id': String(i % 4),
          'messaging.kafka.offset': i * 1_000_003,
          'messaging.message.body.size': 1024,
          'messaging.kafka.message.tombstone': i % 5 === 0,
          ratio: i / 7,
          negative: -i - 1,
          huge: 2 ** 40 + i,
          beyondSafe: 2 ** 60,
          nonFinite: i % 2 === 0 ? Number.POSITIVE_INFINITY : Number.NaN,
          unicode: `zürich-${'é'.repeat(i)}`,
          long: 'x'.repeat(60 + i * 5),
          list: ['a', 'b', String(i)],
          numbers: [1, 2.5, -3],
          flags: [true, false],
        },
        links:
          i % 4 === 0 ? [{ context: trace.getSpanContext(remoteParent)!, attributes: { 'link.n': i } }] : [],
        startTime: [1_764_600_000 + i, 999_999_000 - i],
      },
      i % 2 === 0 ? remoteParent : ROOT_CONTEXT,
    );
    if (i % 3 === 0) span.addEvent('retry', { attempt: i, reason: 'leader not available' });
    if (i % 6 === 0) span.recordException(new Error(`boom ${i}`));
    if (i % 6 === 0) span.setStatus({ code: SpanStatusCode.ERROR, message: `failed ${i}` });
    if (i % 6 === 1) span.setStatus({ code: SpanStatusCode.OK });
    span.end([1_764_600_001 + i, 5_000 + i]);
  }
  for (const [tracer, name, kind] of [
    [tracerB, 'GET /signup', SpanKind.SERVER],
    [tracerC, 'work', SpanKind.INTERNAL],
    [tracerB, 'send topic-0', SpanKind.PRODUCER],
    [tracerC, 'call', SpanKind.CLIENT],
  ] as const) {
    const parent = tracerB.startSpan('parent');
    tracer.startSpan(name, { kind }, trace.setSpan(context.active(), parent)).end();
    parent.end();
  }
  return collector.spans;
}

function capture(): { transport: EncodedSpanTransport; requests: EncodedTraceRequest[] } {
  const requests: EncodedTraceRequest[] = [];
  return {
    requests,
    transport: {
      send: (request) => {
        requests.push(request);
        return Promise.resolve();
      },
      shutdown: () => Promise.resolve(),
    },
  };
}

const LIMITS: EncodingProcessorLimits = { ...DEFAULT_PROCESSOR_LIMITS, maxQueueBytes: 8 * 1024 * 1024 };

async function encodeWithProcessor(spans: ReadableSpan[], limits: EncodingProcessorLimits = LIMITS) {
  const { transport, requests } = capture();
  const processor = new EncodingSpanProcessor(transport, limits);
  for (const span of spans) processor.onEnd(span);
  await processor.forceFlush();
  return { requests, processor };
}

test('the encoder writes byte for byte what the OpenTelemetry protobuf serializer writes', async () => {
  const spans = varietyOfSpans();
  const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
  const { requests, processor } = await encodeWithProcessor(spans);
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.spans, spans.length);
  assert.ok(requests[0]!.body.equals(expected), 'same bytes as otlp-transformer');
  // Again, now that keys and values come from the cache.
  const second = await encodeWithProcessor(spans);
  assert.ok(second.requests[0]!.body.equals(expected), 'same bytes with warm caches');
  // `unicode` has 40 distinct short values: 32 are cached (the per-key limit), 8 written in full.
  assert.equal(processor.stats().attributeCacheOverflows, 8);
  // And the agent's decoder reads it.
  const decoded = decodeTraceRequest(requests[0]!.body);
  assert.equal(decoded.rejected, 0);
  assert.equal(decoded.records.length, spans.length);
});

test('attribute caches past their limits: counted, and the bytes stay the same', async () => {
  const spans = varietyOfSpans();
  const expected = Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!);
  const { requests, processor } = await encodeWithProcessor(spans, {
    ...LIMITS,
    attributeCache: { maxKeys: 3, maxValuesPerKey: 1 },
  });
  assert.ok(requests[0]!.body.equals(expected));
  assert.ok(processor.stats().attributeCacheOverflows > 0);
});

test('fixed64 times and int64 values match BigInt arithmetic at the edges', () => {
  const writer = new ProtoWriter(16);
  for (const [seconds, nanos] of [
    [0, 0],
    [1, 999_999_999],
    [4_294_967_295, 999_999_999],
    [1_764_600_000, 123_456_789],
    [65_535, 1],
    [65_536, 0],
  ] as const) {
    writer.reset();
    writer.hrTime([seconds, nanos]);
    assert.equal(writer.view().readBigUInt64LE(0), BigInt(seconds) * 1_000_000_000n + BigInt(nanos));
  }
  for (const value of [0, 1, 127, 128, 2 ** 32 - 1, 2 ** 32, 2 ** 53 + 2, -1, -(2 ** 40), -(2 ** 63)]) {
    writer.reset();
    writer.varint64(value);
    let decoded = 0n;
    let shift = 0n;
    for (const byte of writer.view()) {
      decoded |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
    }
    assert.equal(BigInt.asIntN(64, decoded), BigInt(value), `varint64(${value})`);
  }
});

async function runBatches(limits: Partial<EncodingProcessorLimits>) {
  const spans = varietyOfSpans();
  const many = Array.from({ length: 1200 }, (_, i) => spans[i % spans.length]!);
  let inFlight = 0;
  let maxInFlight = 0;
  const requests: EncodedTraceRequest[] = [];
  const transport: EncodedSpanTransport = {
    send: async (request) => {
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      requests.push(request);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight -= 1;
    },
    shutdown: () => Promise.resolve(),
  };
  const processor = new EncodingSpanProcessor(transport, {
    ...LIMITS,
    maxBatchSpans: 100,
    maxConcurrentExports: 2,
    ...limits,
  });
  for (const span of many) processor.onEnd(span);
  await processor.forceFlush();
  return { requests, maxInFlight, stats: processor.stats() };
}

test('batches are sealed at the span limit and at most the concurrency limit is in flight', async () => {
  const { requests, maxInFlight, stats } = await runBatches({ maxRequestBytes: 1 });
  assert.deepEqual(
    requests.map((request) => request.spans),
    Array(12).fill(100),
  );
  assert.equal(maxInFlight, 2);
  assert.equal(stats.exported, 1200);
  assert.equal(stats.queuedBytes, 0);
});

test('batches that waited for a free request leave together, as one valid request', async () => {
  const { requests, maxInFlight, stats } = await runBatches({});
  // Two requests start at once; the ten batches sealed meanwhile fit in one request.
  assert.deepEqual(
    requests.map((request) => request.spans),
    [100, 100, 1000],
  );
  assert.equal(maxInFlight, 2);
  assert.equal(stats.exported, 1200);
  const joined = decodeTraceRequest(requests[2]!.body);
  assert.equal(joined.rejected, 0);
  assert.equal(joined.records.length, 1000);
  const limited = await runBatches({ maxRequestBytes: requests[0]!.body.length * 3 });
  assert.ok(limited.requests.every((request) => request.body.length <= requests[0]!.body.length * 3));
  assert.equal(limited.stats.exported, 1200);
});

test('a full queue drops spans and counts them; what fits is exported once the receiver answers', async () => {
  const spans = varietyOfSpans();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const received: EncodedTraceRequest[] = [];
  const transport: EncodedSpanTransport = {
    send: async (request) => {
      await gate;
      received.push(request);
    },
    shutdown: () => Promise.resolve(),
  };
  const limits = { ...LIMITS, maxQueueBytes: 64 * 1024, maxBatchSpans: 50 };
  const processor = new EncodingSpanProcessor(transport, limits);
  const total = 2_000;
  let maxQueued = 0;
  for (let i = 0; i < total; i++) {
    processor.onEnd(spans[i % spans.length]!);
    maxQueued = Math.max(maxQueued, processor.stats().queuedBytes);
  }
  const stalled = processor.stats();
  assert.ok(stalled.droppedQueueFull > 0, 'spans were dropped');
  assert.ok(maxQueued <= limits.maxQueueBytes, `queue stayed within ${limits.maxQueueBytes} (${maxQueued})`);
  release();
  await processor.forceFlush();
  const after = processor.stats();
  const receivedSpans = received.reduce((sum, request) => sum + request.spans, 0);
  assert.equal(after.exported, receivedSpans);
  assert.equal(after.exported + after.droppedQueueFull, total);
  assert.equal(after.queuedBytes, 0);
});

test('failed exports are counted as delivery errors and never thrown', async () => {
  diagnostics.resetForTests();
  const spans = varietyOfSpans();
  const transport: EncodedSpanTransport = {
    send: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:4318')),
    shutdown: () => Promise.resolve(),
  };
  const processor = new EncodingSpanProcessor(transport, LIMITS);
  for (const span of spans) processor.onEnd(span);
  await processor.forceFlush();
  assert.equal(processor.stats().failed, spans.length);
  assert.ok((diagnostics.deliveryErrorCounts()['traces otlp'] ?? 0) > 0);
});

test('unsampled spans are skipped, a span that cannot be read is an internal error, and shutdown stops intake', async () => {
  diagnostics.resetForTests();
  const { transport, requests } = capture();
  const processor = new EncodingSpanProcessor(transport, LIMITS);
  const [sampled] = varietyOfSpans();
  const unsampled = {
    ...sampled!,
    spanContext: () => ({ ...sampled!.spanContext(), traceFlags: TraceFlags.NONE }),
  };
  processor.onEnd(unsampled as ReadableSpan);
  const broken = {
    ...sampled!,
    spanContext: () => sampled!.spanContext(),
    get attributes(): never {
      throw new Error('unreadable');
    },
  };
  assert.doesNotThrow(() => processor.onEnd(broken as ReadableSpan));
  assert.equal(diagnostics.errorCounts()['traces.encode'], 1);
  processor.onEnd(sampled!);
  await processor.shutdown();
  processor.onEnd(sampled!);
  await processor.forceFlush();
  assert.equal(requests.length, 1);
  assert.equal(requests[0]!.spans, 1, 'only the sampled, readable span, and nothing after shutdown');
  assert.ok(requests[0]!.body.equals(Buffer.from(ProtobufTraceSerializer.serializeRequest([sampled!])!)));
  propagation.disable();
});
