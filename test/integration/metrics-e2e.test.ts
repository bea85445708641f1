// Client-side metrics from real producer and consumer processes (`node -r kinstrument/register`) against the
// real broker, captured on a real UDP socket and checked against the metric catalog, the workload and the
// broker's own view (admin API).
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { assertInCatalog } from '../support/client-metrics';
import { UdpStatsdCapture, type StatsdLine } from '../support/dogstatsd';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { instrumentedApp, readTopic } from '../support/metrics';
import { OtlpReceiver } from '../support/otlp-receiver';
import { fixture, projectRoot, startApp, type AppProcess } from '../support/processes';
import { brokers, uniqueName } from '../support/rig-env';
import { REGISTER_CJS } from '../support/tracing';

const capture = new UdpStatsdCapture();
const receiver = new OtlpReceiver();
const kafka = testKafka('metrics-e2e');
const apps: AppProcess[] = [];
let statsdUrl = '';
let otlpEndpoint = '';
const testStart = Date.now();
const GLOBAL_TAG_KEYS = ['team'];

before(async () => {
  statsdUrl = `udp://127.0.0.1:${await capture.start()}`;
  otlpEndpoint = await receiver.start();
});

after(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await capture.stop();
  await receiver.stop();
});

function linesOf(service: string): StatsdLine[] {
  return capture.lines.filter((line) => line.tags.service === service);
}

function start(script: string, service: string, env: Record<string, string> = {}): AppProcess {
  const app = instrumentedApp(script, service, { KINSTRUMENT_STATSD_URL: statsdUrl, ...env });
  apps.push(app);
  return app;
}

async function exitsCleanly(app: AppProcess): Promise<void> {
  const exit = await app.exit();
  assert.equal(exit.code, 0, `exits normally; stderr: ${app.stderr.join('')}`);
}

test('producer and consumer metrics match the workload, and lag matches the broker', async () => {
  const topic = uniqueName('metrics');
  const group = uniqueName('metrics-worker');
  await createTopics(kafka, [topic], 3);

  // Producer: 12 calls, 30 messages, 10 per partition; it exits by itself, so metrics go out on exit.
  const producer = start('producer.js', 'metrics-api', { TOPIC: topic });
  await producer.waitForLine(/^SENT /);
  await exitsCleanly(producer);
  const stored = await readTopic(topic, 30);
  const produced = await waitFor('producer counts', () =>
    capture.sum('kafka.client.producer.messages_sent', { service: 'metrics-api', topic }) === 30
      ? true
      : undefined,
  );
  assert.ok(produced);
  assert.equal(
    capture.sum('kafka.client.producer.bytes_sent', { service: 'metrics-api', topic }),
    stored.reduce((sum, record) => sum + record.bytes, 0),
    'bytes sent = what the broker stored (key, value and every header, ours included)',
  );
  const durations = capture.samples('kafka.client.producer.send.duration', { service: 'metrics-api', topic });
  assert.equal(durations.length, 12, 'one send duration per call');
  for (const duration of durations) assert.ok(duration > 0 && duration < Date.now() - testStart);
  assert.deepEqual(
    capture.samples('kafka.client.producer.batch_size', { topic }).sort((a, b) => a - b),
    [...Array<number>(10).fill(1), 10, 10],
  );
  assert.ok(
    capture.select('kafka.client.request.duration', { service: 'metrics-api', api: 'Produce' }).length >= 1,
    'Produce requests are timed',
  );
  assert.ok(capture.sum('kafka.client.connects', { service: 'metrics-api', role: 'producer' }) >= 1);
  assert.ok(capture.sum('kafka.client.disconnects', { service: 'metrics-api', role: 'producer' }) >= 1);
  assert.equal(capture.sum('kafka.client.producer.send.errors', { service: 'metrics-api' }), 0);
  for (const record of stored) assert.match(record.headers['x-kinstrument-produce-ts'] ?? '', /^\d{13}$/);

  // Consumer: pauses each partition after 3 messages, so 7 stay behind on each.
  const consumer = start('consumer.js', 'metrics-worker', { TOPIC: topic, GROUP_ID: group, STOP_AFTER: '3' });
  const paused = await waitFor('three partitions paused', () => {
    const lines = consumer.records<{ partition: number; offset: string }>('PAUSED');
    return lines.length === 3 ? lines : undefined;
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = await waitFor('commits of the paused positions', async () => {
      const [offsets] = await admin.fetchOffsets({ groupId: group, topics: [topic] });
      const byPartition = new Map(offsets!.partitions.map((p) => [p.partition, p.offset]));
      const all = paused.every((p) => byPartition.get(p.partition) === String(Number(p.offset) + 1));
      return all ? byPartition : undefined;
    });
    const highWatermarks = new Map(
      (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, Number(p.high)]),
    );
    for (const { partition } of paused) {
      const expected = highWatermarks.get(partition)! - Number(committed.get(partition));
      assert.equal(expected, 7);
      const reported = await waitFor(`lag of partition ${partition}`, () =>
        capture.lastValue('kafka.client.consumer.lag', {
          service: 'metrics-worker',
          topic,
          partition: String(partition),
          consumer_group: group,
        }),
      );
      assert.equal(
        reported,
        expected,
        `client-side lag of partition ${partition} = high watermark − committed`,
      );
    }
  } finally {
    await admin.disconnect();
  }

  const consumed = consumer.records<{ partition: number; offset: string }>('CONSUMED');
  assert.equal(consumed.length, 9);
  const consumerTags = { service: 'metrics-worker', topic, consumer_group: group };
  await waitFor('consumed counts', () =>
    capture.sum('kafka.client.consumer.messages_consumed', consumerTags) === 9 ? true : undefined,
  );
  for (const partition of ['0', '1', '2']) {
    assert.equal(capture.sum('kafka.client.consumer.messages_consumed', { ...consumerTags, partition }), 3);
  }
  const storedAt = new Map(stored.map((record) => [`${record.partition}/${record.offset}`, record.bytes]));
  assert.equal(
    capture.sum('kafka.client.consumer.bytes_consumed', consumerTags),
    consumed.reduce((sum, c) => sum + storedAt.get(`${c.partition}/${c.offset}`)!, 0),
  );
  assert.equal(
    capture.samples('kafka.client.consumer.handler.duration', { ...consumerTags, handler: 'each_message' })
      .length,
    9,
  );
  const latencies = capture.samples('kafka.client.consumer.end_to_end_latency', {
    ...consumerTags,
    latency_source: 'produce_header',
  });
  assert.equal(latencies.length, 9, 'every message carried the produce time header');
  const wallTime = Date.now() - testStart;
  for (const latency of latencies)
    assert.ok(latency > 0 && latency <= wallTime, `0 < ${latency} ≤ ${wallTime}`);
  assert.ok(
    capture.sum('kafka.client.consumer.group_joins', { service: 'metrics-worker', consumer_group: group }) >=
      1,
  );
  assert.equal(
    capture.lastValue('kafka.client.consumer.assigned_partitions', {
      service: 'metrics-worker',
      consumer_group: group,
    }),
    3,
  );
  assert.ok(
    capture.sum('kafka.client.consumer.commits', { service: 'metrics-worker', consumer_group: group }) >= 1,
  );
  assert.ok(
    capture.samples('kafka.client.consumer.fetch.duration', { service: 'metrics-worker' }).length >= 1,
  );
  assert.ok(
    capture.select('kafka.client.request.duration', { service: 'metrics-worker', api: 'Fetch' }).length >= 1,
  );

  // Every line either service sent is in the catalog, with the service's global tags.
  const all = [...linesOf('metrics-api'), ...linesOf('metrics-worker')];
  assert.deepEqual(capture.malformed, []);
  for (const line of all) {
    assertInCatalog(line, GLOBAL_TAG_KEYS);
    assert.equal(line.tags.env, 'e2e', line.raw);
    assert.equal(line.tags.version, '1.2.3', line.raw);
    assert.equal(line.tags.team, 'kafka', line.raw);
  }
});

test('eachBatch consumers: volume, handler time and lag after the batch', async () => {
  const topic = uniqueName('metrics-batch');
  const group = uniqueName('batch-worker');
  await createTopics(kafka, [topic], 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 5 }, (_, i) => ({ value: `b${i}` })) });
  await producer.disconnect();
  const consumer = start('consumer.js', 'batch-worker', { TOPIC: topic, GROUP_ID: group, MODE: 'eachBatch' });
  await waitFor('five consumed', () => (consumer.records('CONSUMED').length === 5 ? true : undefined));
  const tags = { service: 'batch-worker', topic, consumer_group: group };
  await waitFor('lag after the batch', () =>
    capture.lastValue('kafka.client.consumer.lag', { ...tags, partition: '0' }) === 0 ? true : undefined,
  );
  // The lag gauge can arrive before the interval flush that carries the aggregated counts and distributions.
  await waitFor('the batch handler duration', () =>
    capture.samples('kafka.client.consumer.handler.duration', { ...tags, handler: 'each_batch' }).length >= 1
      ? true
      : undefined,
  );
  assert.equal(capture.sum('kafka.client.consumer.messages_consumed', tags), 5);
  // Produced without kinstrument: latency comes from the record timestamp.
  const latencies = capture.samples('kafka.client.consumer.end_to_end_latency', {
    ...tags,
    latency_source: 'record_timestamp',
  });
  assert.equal(latencies.length, 5);
  for (const line of linesOf('batch-worker')) assertInCatalog(line, GLOBAL_TAG_KEYS);
});

test('send errors, handler errors and retries are counted by error type', async () => {
  const topic = uniqueName('metrics-errors');
  const produced = uniqueName('metrics-errors-produced');
  const missing = uniqueName('missing-topic');
  const group = uniqueName('errors-worker');
  await createTopics(kafka, [topic], 1);
  await createTopics(kafka, [produced], 3);

  const producer = start('producer.js', 'errors-api', { TOPIC: produced, FAIL_TOPIC: missing });
  await producer.waitForLine(/^FAILED /);
  await exitsCleanly(producer);
  const errorTags = { service: 'errors-api', topic: missing, error_type: 'UNKNOWN_TOPIC_OR_PARTITION' };
  await waitFor('send error', () =>
    capture.sum('kafka.client.producer.send.errors', errorTags) === 1 ? true : undefined,
  );
  assert.equal(capture.sum('kafka.client.producer.messages_failed', errorTags), 2);
  assert.ok(
    capture.sum('kafka.client.retries', {
      service: 'errors-api',
      role: 'producer',
      error_type: 'UNKNOWN_TOPIC_OR_PARTITION',
    }) >= 1,
    'the failed attempt kafkajs retried is counted',
  );

  const plain = kafka.producer();
  await plain.connect();
  await plain.send({ topic, messages: [{ value: 'a' }, { value: 'b' }, { value: 'c' }] });
  await plain.disconnect();
  const consumer = start('consumer.js', 'errors-worker', { TOPIC: topic, GROUP_ID: group, FAIL_ONCE: 'b' });
  await waitFor('three handled', () => (consumer.records('CONSUMED').length === 3 ? true : undefined));
  const tags = { service: 'errors-worker', topic, consumer_group: group };
  await waitFor('handler error', () =>
    capture.sum('kafka.client.consumer.handler.errors', {
      ...tags,
      error_type: 'Error',
      handler: 'each_message',
    }) === 1
      ? true
      : undefined,
  );
  await waitFor('retry after the handler error', () =>
    capture.sum('kafka.client.retries', {
      service: 'errors-worker',
      role: 'consumer',
      consumer_group: group,
    }) >= 1
      ? true
      : undefined,
  );
  // a, b (throws), then b and c again after kafkajs' retry.
  await waitFor('four deliveries', () =>
    capture.sum('kafka.client.consumer.messages_consumed', tags) === 4 ? true : undefined,
  );
  for (const line of [...linesOf('errors-api'), ...linesOf('errors-worker')])
    assertInCatalog(line, GLOBAL_TAG_KEYS);
});

test('pino lines from a handler carry the trace and span of its process span', async () => {
  const topic = uniqueName('metrics-pino');
  await createTopics(kafka, [topic], 1);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'traced' }] });
  await producer.disconnect();
  const consumer = start('consumer.js', 'pino-worker', {
    TOPIC: topic,
    GROUP_ID: uniqueName('pino-worker'),
    KINSTRUMENT_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
  });
  const line = await consumer.waitForLine(/"msg":"handled"/);
  const record = JSON.parse(line) as {
    trace_id: string;
    span_id: string;
    dd: { trace_id: string; span_id: string; service: string; env: string; version: string };
    offset: string;
  };
  const span = await waitFor('process span', () =>
    receiver.spans.find((s) => s.name === `process ${topic}` && s.spanId === record.span_id),
  );
  assert.equal(record.trace_id, span.traceId);
  assert.equal(record.dd.trace_id, BigInt(`0x${span.traceId.slice(16)}`).toString());
  assert.equal(record.dd.span_id, BigInt(`0x${span.spanId}`).toString());
  assert.deepEqual(
    { service: record.dd.service, env: record.dd.env, version: record.dd.version },
    { service: 'pino-worker', env: 'e2e', version: '1.2.3' },
  );
});

test('kafkajs 1.16: the same metrics, lag and kafkajs log records', async () => {
  const topic = uniqueName('metrics-v1');
  const group = uniqueName('v1-worker');
  await createTopics(kafka, [topic], 3);
  // A copy under node_modules/kafkajs, as an app depending on kafkajs@1 would have it.
  const appDir = mkdtempSync(join(tmpdir(), 'kinstrument-metrics-kafkajs1-'));
  try {
    cpSync(join(projectRoot, 'node_modules', 'kafkajs-v1'), join(appDir, 'node_modules', 'kafkajs'), {
      recursive: true,
    });
    cpSync(fixture('metrics', 'producer.js'), join(appDir, 'producer.js'));
    cpSync(fixture('tracing', 'consumer-service.js'), join(appDir, 'consumer-service.js'));
    const logFile = join(appDir, 'kafkajs.log');
    const env = {
      KAFKA_BROKERS: brokers().join(','),
      NODE_PATH: join(projectRoot, 'node_modules'),
      KINSTRUMENT_STATSD_URL: statsdUrl,
      KINSTRUMENT_METRICS_FLUSH_INTERVAL_MS: '100',
      KINSTRUMENT_TRACES_EXPORTER: 'none',
      DD_TAGS: 'team:kafka',
    };
    const producer = startApp(
      ['-r', REGISTER_CJS, join(appDir, 'producer.js')],
      {
        ...env,
        OTEL_SERVICE_NAME: 'v1-api',
        TOPIC: topic,
        KINSTRUMENT_LOGS_ENABLED: 'true',
        KINSTRUMENT_LOGS_LEVEL: 'debug',
        KINSTRUMENT_LOGS_DESTINATION: logFile,
      },
      appDir,
    );
    apps.push(producer);
    await exitsCleanly(producer);
    await waitFor('v1 producer counts', () =>
      capture.sum('kafka.client.producer.messages_sent', { service: 'v1-api', topic }) === 30
        ? true
        : undefined,
    );
    const records = readFileSync(logFile, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { source: string; service: string; logger: { namespace?: string } });
    assert.ok(records.some((r) => r.logger.namespace === 'Connection'));
    assert.ok(records.every((r) => r.source === 'kafkajs' && r.service === 'v1-api'));

    const consumer = startApp(
      ['-r', REGISTER_CJS, join(appDir, 'consumer-service.js')],
      {
        ...env,
        OTEL_SERVICE_NAME: 'v1-worker',
        TOPICS: topic,
        GROUP_ID: group,
      },
      appDir,
    );
    apps.push(consumer);
    await waitFor('v1 consumer counts', () =>
      capture.sum('kafka.client.consumer.messages_consumed', { service: 'v1-worker', topic }) === 30
        ? true
        : undefined,
    );
    for (const partition of ['0', '1', '2']) {
      const lag = await waitFor(`v1 lag of ${partition}`, () =>
        capture.lastValue('kafka.client.consumer.lag', { service: 'v1-worker', topic, partition }),
      );
      assert.equal(lag, 0);
    }
    for (const line of [...linesOf('v1-api'), ...linesOf('v1-worker')])
      assertInCatalog(line, GLOBAL_TAG_KEYS);
  } finally {
    rmSync(appDir, { recursive: true, force: true });
  }
});
