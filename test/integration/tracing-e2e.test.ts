// One trace from an HTTP request through producer.send into the consumer's handler, across two real
// processes started with `node -r kinstrument/register`, against the real broker.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, test } from 'node:test';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { OtlpReceiver } from '../support/otlp-receiver';
import { postJson, type AppProcess } from '../support/processes';
import { uniqueName } from '../support/rig-env';
import {
  assertChild,
  findSpan,
  SPAN_KIND,
  startConsumerService,
  startProducerService,
  traceparent,
  type Consumed,
} from '../support/tracing';

const receiver = new OtlpReceiver();
let endpoint = '';
let producerPort = 0;
const apps: AppProcess[] = [];
const topicA = uniqueName('signups');
const topicB = uniqueName('audit');
const topicLink = uniqueName('signups-link');
const topicDd = uniqueName('from-datadog');
const kafka = testKafka('tracing-e2e');

before(async () => {
  endpoint = await receiver.start();
  await createTopics(kafka, [topicA, topicB, topicLink, topicDd], 3);
  const producer = await startProducerService(endpoint);
  apps.push(producer.app);
  producerPort = producer.port;
});

after(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await receiver.stop();
});

test('HTTP → send → process → handler span: one trace across processes, real partition and offset', async () => {
  const consumer = await startConsumerService(endpoint, [topicA, topicB], uniqueName('signup-worker'));
  apps.push(consumer);
  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  const metadata = (await postJson(
    producerPort,
    '/send',
    {
      topic: topicA,
      messages: [{ key: 'user-1', value: 'alice@example.com', headers: { 'x-app': 'kept' } }],
    },
    { traceparent: traceparent(traceId, callerSpanId), baggage: 'user=alice' },
  )) as { partition: number; baseOffset: string }[];

  const server = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.kind === SPAN_KIND.SERVER,
    'server span',
  );
  assert.equal(server.parentSpanId, callerSpanId);
  const send = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === `send ${topicA}`,
    'send span',
  );
  assertChild(send, server);
  assert.equal(send.kind, SPAN_KIND.PRODUCER);
  assert.equal(send.service, 'signup-api');
  assert.equal(send.attributes['messaging.system'], 'kafka');
  assert.equal(send.attributes['messaging.operation.type'], 'send');
  assert.equal(send.attributes['messaging.destination.name'], topicA);
  assert.equal(send.attributes['messaging.destination.partition.id'], String(metadata[0]!.partition));
  assert.equal(send.attributes['messaging.kafka.offset'], Number(metadata[0]!.baseOffset));
  assert.equal(send.attributes['messaging.client.id'], 'signup-producer');
  assert.equal(send.attributes['server.address'], '127.0.0.1');
  assert.equal(send.attributes['messaging.message.body.size'], 'alice@example.com'.length);
  assert.equal(send.attributes['messaging.kafka.message.key'], undefined, 'keys are off by default');

  const process = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === `process ${topicA}`,
    'process span',
  );
  assertChild(process, send);
  assert.equal(process.kind, SPAN_KIND.CONSUMER);
  assert.equal(process.service, 'signup-worker');
  const consumed = (await waitFor('consumed record', () =>
    consumer.records<Consumed>('CONSUMED').find((c) => c.topic === topicA),
  ))!;
  assert.equal(process.attributes['messaging.destination.partition.id'], String(consumed.partition));
  assert.equal(process.attributes['messaging.kafka.offset'], Number(consumed.offset));
  assert.equal(consumed.partition, metadata[0]!.partition);
  assert.equal(consumed.offset, metadata[0]!.baseOffset);
  assert.match(String(process.attributes['messaging.consumer.group.name']), /^signup-worker-/);
  assert.equal(process.attributes['messaging.client.id'], 'signup-consumer');

  const handler = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === 'handle signup',
    'handler span',
  );
  assertChild(handler, process);
  assert.equal(consumed.activeTraceId, traceId, "the handler runs inside the process span's context");

  // The user's header is kept; ours are added; baggage travels.
  assert.equal(consumed.headers['x-app'], 'kept');
  assert.equal(consumed.headers.traceparent, traceparent(traceId, send.spanId));
  assert.deepEqual(consumed.baggage, { user: 'alice' });
  // Datadog ids name the same span.
  assert.equal(consumed.headers['x-datadog-trace-id'], BigInt(`0x${traceId.slice(16)}`).toString());
  assert.equal(consumed.headers['x-datadog-parent-id'], BigInt(`0x${send.spanId}`).toString());
  assert.equal(consumed.headers['x-datadog-sampling-priority'], '1');
  assert.equal(consumed.headers['x-datadog-tags'], `_dd.p.tid=${traceId.slice(0, 16)}`);

  // sendBatch across two topics: one span per topic, each message carries its topic's span.
  const batchTrace = randomBytes(16).toString('hex');
  await postJson(
    producerPort,
    '/send-batch',
    {
      topicMessages: [
        {
          topic: topicA,
          messages: [
            { key: 'b1', value: 'batch-a-1' },
            { key: 'b2', value: 'batch-a-2' },
          ],
        },
        { topic: topicB, messages: [{ key: 'b3', value: 'batch-b-1' }] },
      ],
    },
    { traceparent: traceparent(batchTrace, randomBytes(8).toString('hex')) },
  );
  const sendA = await findSpan(
    receiver.spans,
    (s) => s.traceId === batchTrace && s.name === `send ${topicA}`,
    'batch send A',
  );
  const sendB = await findSpan(
    receiver.spans,
    (s) => s.traceId === batchTrace && s.name === `send ${topicB}`,
    'batch send B',
  );
  assert.equal(sendA.attributes['messaging.batch.message_count'], 2);
  assert.equal(sendB.attributes['messaging.batch.message_count'], undefined);
  const processed = await waitFor('three batch messages processed', () => {
    const spans = receiver.spans.filter((s) => s.traceId === batchTrace && s.name.startsWith('process '));
    return spans.length === 3 ? spans : undefined;
  });
  for (const span of processed) assertChild(span, span.name === `process ${topicA}` ? sendA : sendB);
});

test('transactions: commit and abort are traced; only committed messages are consumed', async () => {
  const consumer = await startConsumerService(endpoint, [topicLink], uniqueName('tx-worker'));
  apps.push(consumer);
  const committedTrace = randomBytes(16).toString('hex');
  const abortedTrace = randomBytes(16).toString('hex');
  await postJson(
    producerPort,
    '/transaction',
    { topic: topicLink, outcome: 'abort', messages: [{ key: 'k', value: 'aborted' }] },
    {
      traceparent: traceparent(abortedTrace, randomBytes(8).toString('hex')),
    },
  );
  await postJson(
    producerPort,
    '/transaction',
    { topic: topicLink, outcome: 'commit', messages: [{ key: 'k', value: 'committed' }] },
    {
      traceparent: traceparent(committedTrace, randomBytes(8).toString('hex')),
    },
  );
  const commit = await findSpan(
    receiver.spans,
    (s) => s.traceId === committedTrace && s.name === 'commit signup-tx',
    'commit span',
  );
  const txSend = await findSpan(
    receiver.spans,
    (s) => s.traceId === committedTrace && s.name === `send ${topicLink}`,
    'tx send',
  );
  assert.equal(txSend.attributes['messaging.kafka.transactional'], true);
  assert.equal(txSend.attributes['messaging.kafka.transactional_id'], 'signup-tx');
  assert.equal(commit.attributes['messaging.operation.name'], 'commit');
  assert.equal(commit.kind, SPAN_KIND.CLIENT);
  await findSpan(
    receiver.spans,
    (s) => s.traceId === abortedTrace && s.name === 'abort signup-tx',
    'abort span',
  );
  const processed = await findSpan(
    receiver.spans,
    (s) => s.traceId === committedTrace && s.name === `process ${topicLink}`,
    'process',
  );
  assertChild(processed, txSend);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const values = consumer.records<Consumed>('CONSUMED').map((c) => c.value);
  assert.deepEqual(values, ['committed']);
});

test('a message with Datadog headers continues the dd-trace context; garbage headers start a new root', async () => {
  const consumer = await startConsumerService(endpoint, [topicDd], uniqueName('dd-worker'), {
    KINSTRUMENT_KAFKA_CONSUMER_SPAN: 'parent',
  });
  apps.push(consumer);
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({
    topic: topicDd,
    messages: [
      {
        key: 'dd',
        value: 'from-dd-trace',
        headers: {
          'x-datadog-trace-id': '1234567890123456789',
          'x-datadog-parent-id': '987654321',
          'x-datadog-sampling-priority': '1',
        },
      },
      {
        key: 'g1',
        value: 'garbage-traceparent',
        headers: { traceparent: 'not-a-traceparent', tracestate: '\u0000' },
      },
      {
        key: 'g2',
        value: 'binary-headers',
        headers: { traceparent: Buffer.from([0xde, 0xad, 0xbe, 0xef]), baggage: Buffer.alloc(5000, 0xff) },
      },
    ],
  });
  await producer.disconnect();
  const ddTraceId = '0000000000000000' + 1234567890123456789n.toString(16).padStart(16, '0');
  const continued = await findSpan(
    receiver.spans,
    (s) => s.name === `process ${topicDd}` && s.traceId === ddTraceId,
    'dd continued',
  );
  assert.equal(continued.parentSpanId, 987654321n.toString(16).padStart(16, '0'));
  const roots = await waitFor('two root process spans', () => {
    const spans = receiver.spans.filter((s) => s.name === `process ${topicDd}` && s.traceId !== ddTraceId);
    return spans.length === 2 ? spans : undefined;
  });
  for (const root of roots) assert.equal(root.parentSpanId, undefined);
  assert.equal(consumer.records<Consumed>('CONSUMED').length, 3);
  assert.equal(consumer.child.exitCode, null, 'the consumer is still running');
});
