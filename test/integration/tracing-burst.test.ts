// A consumer that ends thousands of spans between two turns of the event loop loses none of them (the
// export queue holds encoded bytes, not span objects), and with the receiver gone the queue stays within its
// byte limit, drops and counts what does not fit, and never holds the app up.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { createTopics, testKafka } from '../support/kafka';
import { OtlpReceiver } from '../support/otlp-receiver';
import { fixture, startApp } from '../support/processes';
import { uniqueName } from '../support/rig-env';
import { instrumentedEnv } from '../support/tracing';
import type { SpanExportStats } from '../../src/signals/traces/export/encoding-span-processor';

const COUNT = 20_000;
const kafka = testKafka('tracing-burst');
const receiver = new OtlpReceiver();
let endpoint = '';
let topic = '';

interface BurstStats {
  seen: number;
  consumeMs: number;
  traces: SpanExportStats;
}

before(async () => {
  endpoint = await receiver.start();
  topic = uniqueName('burst');
  await createTopics(kafka, [topic], 3);
  const producer = kafka.producer();
  await producer.connect();
  const value = Buffer.alloc(200, 'v');
  for (let sent = 0; sent < COUNT; sent += 2_000) {
    await producer.send({ topic, acks: 1, messages: Array.from({ length: 2_000 }, () => ({ value })) });
  }
  await producer.disconnect();
});

after(() => receiver.stop());

async function runConsumer(env: Record<string, string>): Promise<BurstStats> {
  const app = startApp(
    [fixture('tracing', 'burst-consumer.js')],
    instrumentedEnv(env.OTEL_EXPORTER_OTLP_ENDPOINT ?? endpoint, 'burst-consumer', {
      TOPIC: topic,
      COUNT: String(COUNT),
      GROUP_ID: uniqueName('burst-group'),
      ...env,
    }),
  );
  try {
    await app.waitForLine(/^DONE$/, 120_000);
    return app.records<BurstStats>('STATS')[0]!;
  } finally {
    await app.stop();
  }
}

test('every span of a fast eachMessage burst reaches the receiver', async () => {
  const stats = await runConsumer({});
  assert.equal(stats.seen, COUNT);
  assert.equal(stats.traces.droppedQueueFull, 0, JSON.stringify(stats));
  assert.equal(stats.traces.failed, 0);
  assert.equal(stats.traces.exported, COUNT);
  const spans = receiver.spans.filter((span) => span.name === `process ${topic}`);
  assert.equal(spans.length, COUNT);
  assert.equal(new Set(spans.map((span) => span.spanId)).size, COUNT, 'each span once');
});

test('with the receiver down the queue keeps its byte limit, counts its drops, and the app runs on', async () => {
  // A port that was free a moment ago: connections to it are refused.
  const closed = await new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
  const maxQueueBytes = 256 * 1024;
  const stats = await runConsumer({
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
    KINSTRUMENT_TRACES_MAX_QUEUE_BYTES: String(maxQueueBytes),
    KINSTRUMENT_SHUTDOWN_TIMEOUT_MS: '500',
    NO_FLUSH: '1',
  });
  assert.equal(stats.seen, COUNT, 'every message consumed');
  const { traces } = stats;
  assert.equal(traces.maxQueueBytes, maxQueueBytes);
  assert.ok(traces.queuedBytes <= maxQueueBytes, JSON.stringify(traces));
  assert.ok(traces.droppedQueueFull > 0, JSON.stringify(traces));
  assert.equal(traces.exported, 0);
  assert.equal(traces.exported + traces.failed + traces.droppedQueueFull + traces.queuedSpans, COUNT);
});
