// Micro-benchmark of the traces signal's per-message work, away from Kafka and the machine's noise: the
// event hub and tracing listener exactly as init() wires them (W3C + baggage + Datadog propagators, an SDK
// tracer provider whose span processor drops ended spans), so the cost measured is the listener's and the
// SDK's span creation on the app's thread, not batching or export (the same for every OTel-based variant).
// The best of several repetitions is reported: on a shared machine the minimum is the least disturbed.
// Used to check hot-path changes before and after.
//   node build/bench/tools/tracing-listener-micro.js [--iterations N] [--context] [--export proto|json|kinstrument]
// --context registers the provider globally (AsyncLocalStorage context manager, as init() does), and
// --export batches ended spans and serializes them as the OTLP exporter would (no network): in the app those
// two and span retention cost several times the listener alone (bench/FINDINGS.md, item 6).
// `proto`/`json` are the BatchSpanProcessor with OpenTelemetry's serializers; `kinstrument` is the span
// processor kinstrument uses for protobuf export (each span encoded as it ends).
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import {
  BatchSpanProcessor,
  NodeTracerProvider,
  type ReadableSpan,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import type { ClientInfo, ProcessMessageEvent, SendEvent } from '../../src/instrumentation/events';
import { EventHub, now } from '../../src/instrumentation/hub';
import { buildPropagator } from '../../src/signals/traces/propagation/propagator';
import { createTracingListener } from '../../src/signals/traces/tracing-listener';
import {
  DEFAULT_PROCESSOR_LIMITS,
  EncodingSpanProcessor,
} from '../../src/signals/traces/export/encoding-span-processor';

const dropEnded: SpanProcessor = {
  onStart: () => undefined,
  onEnd: () => undefined,
  forceFlush: async () => undefined,
  shutdown: async () => undefined,
};
const REPETITIONS = 7;

interface MicroOptions {
  context: boolean;
  exportAs: ExportAs | undefined;
}

type ExportAs = 'proto' | 'json' | 'kinstrument';
const EXPORTS: readonly string[] = ['proto', 'json', 'kinstrument'];

/** Serializes each batch like the OTLP exporter, then drops it; `bytes` keeps the result observable. */
function serializingExporter(exportAs: 'proto' | 'json'): SpanExporter & { bytes: number } {
  const serializer = exportAs === 'proto' ? ProtobufTraceSerializer : JsonTraceSerializer;
  const exporter = {
    bytes: 0,
    export(spans: ReadableSpan[], done: (result: { code: number }) => void) {
      exporter.bytes += serializer.serializeRequest(spans)?.length ?? 0;
      done({ code: 0 });
    },
    shutdown: async () => undefined,
  };
  return exporter;
}

/** kinstrument's encoding processor, sending to nowhere; `bytes` keeps the result observable. */
function encodingProcessor(): SpanProcessor {
  const transport = {
    bytes: 0,
    send: (request: { body: Buffer }) => {
      transport.bytes += request.body.length;
      return Promise.resolve();
    },
    shutdown: () => Promise.resolve(),
  };
  return new EncodingSpanProcessor(transport, {
    ...DEFAULT_PROCESSOR_LIMITS,
    maxQueueBytes: 64 * 1024 * 1024,
  });
}

function setUp(options: MicroOptions): { hub: EventHub; flush: () => Promise<void> } {
  const processor =
    options.exportAs === 'kinstrument'
      ? encodingProcessor()
      : options.exportAs
        ? new BatchSpanProcessor(serializingExporter(options.exportAs), {
            maxQueueSize: 4096,
            maxExportBatchSize: 512,
            scheduledDelayMillis: 1000,
          })
        : dropEnded;
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  if (options.context) provider.register();
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
  return { hub, flush: () => processor.forceFlush() };
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

/** Spans made between flushes: below the batch processor's queue (4,096), so none is dropped unmeasured. */
const FLUSH_EVERY = 2048;

/**
 * Best µs per operation over REPETITIONS runs of `iterations`, after one run to warm up. Spans are flushed
 * every FLUSH_EVERY operations and at the end, so with --export their serialization is inside the run.
 */
async function measure(
  iterations: number,
  flush: () => Promise<void>,
  operation: (i: number) => void,
): Promise<number> {
  const run = async () => {
    for (let i = 0; i < iterations; i += 1) {
      operation(i);
      if ((i + 1) % FLUSH_EVERY === 0) await flush();
    }
    await flush();
  };
  await run();
  let best = Number.POSITIVE_INFINITY;
  for (let repetition = 0; repetition < REPETITIONS; repetition += 1) {
    const started = process.hrtime.bigint();
    await run();
    best = Math.min(best, Number(process.hrtime.bigint() - started) / 1000 / iterations);
  }
  return best;
}

async function main(): Promise<void> {
  const index = process.argv.indexOf('--iterations');
  const iterations = index >= 0 ? Number(process.argv[index + 1]) : 20_000;
  const exportIndex = process.argv.indexOf('--export');
  const exportAs = exportIndex >= 0 ? process.argv[exportIndex + 1] : undefined;
  if (exportAs !== undefined && !EXPORTS.includes(exportAs)) {
    throw new Error('--export takes proto, json or kinstrument');
  }
  const options: MicroOptions = {
    context: process.argv.includes('--context'),
    exportAs: exportAs as ExportAs | undefined,
  };
  const { hub, flush } = setUp(options);
  const value = Buffer.alloc(1024, 'v');
  const messages = Array.from({ length: 1024 }, (_, i) => ({
    key: null,
    value,
    timestamp: '0',
    offset: String(i),
    headers: incomingHeaders(i),
  }));
  const handler = () => undefined;
  const processMicros = await measure(iterations, flush, (i) => {
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
  const sendMicros = await measure(iterations, flush, () => {
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
  const setting = `${options.context ? 'context manager' : 'no context manager'}, ${
    options.exportAs ? `${options.exportAs} serialization` : 'spans dropped at end'
  }`;
  process.stdout.write(
    `tracing listener (${setting}), best of ${REPETITIONS} × ${iterations}: ` +
      `process ${processMicros.toFixed(2)} µs/message, send (1 message) ${sendMicros.toFixed(2)} µs/call\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
