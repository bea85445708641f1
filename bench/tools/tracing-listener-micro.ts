// Micro-benchmark of the traces signal's per-message work, away from Kafka and the machine's noise: the
// event hub and tracing listener exactly as init() wires them (W3C + baggage + Datadog propagators, an SDK
// tracer provider whose span processor drops ended spans), so the cost measured is the listener's and the
// SDK's span creation on the app's thread, not batching or export (the same for every OTel-based variant).
// The best of several repetitions is reported: on a shared machine the minimum is the least disturbed.
// Used to check hot-path changes before and after.
//   node build/bench/tools/tracing-listener-micro.js [--iterations N]
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { ClientInfo, ProcessMessageEvent, SendEvent } from '../../src/instrumentation/events';
import { EventHub, now } from '../../src/instrumentation/hub';
import { buildPropagator } from '../../src/signals/traces/propagation/propagator';
import { createTracingListener } from '../../src/signals/traces/tracing-listener';

const dropEnded: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
const REPETITIONS = 7;

function setUp(): EventHub {
  const provider = new BasicTracerProvider({
    spanProcessors: [dropEnded],
  });
  const hub = new EventHub();
  hub.add(
    createTracingListener({
      tracer: provider.getTracer('micro'),
      propagator: buildPropagator(['tracecontext', 'baggage', 'datadog']),
      traceTopic: () => true,
      captureMessageKey: false,
      consumerSpanRelation: 'parent',
      maxBatchLinks: 128,
    }),
  );
  return hub;
}

const client: ClientInfo = {
  role: 'consumer',
  clientId: 'micro-client',
  broker: '127.0.0.1:9092',
  groupId: 'micro-group',
  transactionalId: undefined,
};

function incomingHeaders(i: number): Record<string, Buffer> {
  const traceId = (i + 1).toString(16).padStart(32, 'a');
  const spanId = (i + 1).toString(16).padStart(16, 'b');
  return {
    traceparent: Buffer.from(`00-${traceId}-${spanId}-01`),
    'x-datadog-trace-id': Buffer.from(BigInt(`0x${traceId.slice(16)}`).toString(10)),
    'x-datadog-parent-id': Buffer.from(BigInt(`0x${spanId}`).toString(10)),
    'x-datadog-sampling-priority': Buffer.from('1'),
    'x-datadog-tags': Buffer.from(`_dd.p.tid=${traceId.slice(0, 16)}`),
    'x-kinstrument-produce-ts': Buffer.from(String(Date.now())),
  };
}

/** Best µs per operation over REPETITIONS runs of `iterations`, after one run to warm up. */
function measure(iterations: number, operation: (i: number) => void): number {
  for (let i = 0; i < iterations; i += 1) operation(i);
  let best = Number.POSITIVE_INFINITY;
  for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < iterations; i += 1) operation(i);
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / iterations);
  }
  return best;
}

function main(): void {
  const index = process.argv.indexOf('--iterations');
  const iterations = index >= 0 ? Number(process.argv[index + 1]) : 20_000;
  const hub = setUp();
  const value = Buffer.alloc(1024, 'v');
  const messages = Array.from({ length: 1024 }, (_, i) => ({
    key: null,
    value,
    timestamp: '0',
    offset: String(i),
    headers: incomingHeaders(i),
  }));
  const handler = () => undefined;
  const processMicros = measure(iterations, (i) => {
    const event: ProcessMessageEvent = {
      client,
      topic: 'orders',
      partition: i % 3,
      message: messages[i % messages.length]!,
      startTime: now(),
    };
    hub.run('onProcessMessage', event, handler);
  });
  const producer: ClientInfo = { ...client, role: 'producer', groupId: undefined };
  const sendMicros = measure(iterations, () => {
    const event: SendEvent = {
      operation: 'send',
      client: producer,
      transactional: false,
      acks: 1,
      topicMessages: [{ topic: 'orders', messages: [{ value, headers: {} }] }],
      startTime: now(),
    };
    hub.run('onSend', event, handler, () => ({ recordMetadata: [] }));
  });
  process.stdout.write(
    `tracing listener, best of ${REPETITIONS} × ${iterations}: process ${processMicros.toFixed(2)} µs/message, ` +
      `send (1 message) ${sendMicros.toFixed(2)} µs/call\n`,
  );
}

main();
