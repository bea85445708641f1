// Tracing variants: span links instead of parents, eachBatch links, ESM preload, kafkajs 1.x,
// programmatic init(), an app-owned tracer provider, and a bad configuration.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { OtlpReceiver } from '../support/otlp-receiver';
import { fixture, postJson, projectRoot, startApp, type AppProcess } from '../support/processes';
import { uniqueName } from '../support/rig-env';
import {
  assertChild,
  findSpan,
  instrumentedEnv,
  REGISTER_CJS,
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
const kafka = testKafka('tracing-modes');
const track = (app: AppProcess) => (apps.push(app), app);
const newTrace = () => randomBytes(16).toString('hex');
const callerHeader = (traceId: string) => ({
  traceparent: traceparent(traceId, randomBytes(8).toString('hex')),
});

before(async () => {
  endpoint = await receiver.start();
  const producer = await startProducerService(endpoint);
  track(producer.app);
  producerPort = producer.port;
});

after(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await receiver.stop();
});

test('link mode: the process span starts a new trace and links to the producer span', async () => {
  const topic = uniqueName('link');
  await createTopics(kafka, [topic]);
  track(
    await startConsumerService(endpoint, [topic], uniqueName('link-worker'), {
      KINSTRUMENT_KAFKA_CONSUMER_SPAN: 'link',
    }),
  );
  const traceId = newTrace();
  await postJson(producerPort, '/send', { topic, messages: [{ value: 'linked' }] }, callerHeader(traceId));
  const send = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === `send ${topic}`,
    'send',
  );
  const processSpan = await findSpan(receiver.spans, (s) => s.name === `process ${topic}`, 'process');
  assert.notEqual(processSpan.traceId, traceId);
  assert.equal(processSpan.parentSpanId, undefined);
  assert.deepEqual(processSpan.links, [{ traceId, spanId: send.spanId }]);
  const handler = await findSpan(
    receiver.spans,
    (s) => s.traceId === processSpan.traceId && s.name === 'handle signup',
    'handler',
  );
  assertChild(handler, processSpan);
});

test('eachBatch: one batch span linking every producer context in the batch', async () => {
  const topic = uniqueName('batch');
  await createTopics(kafka, [topic]);
  const traces = [newTrace(), newTrace(), newTrace()];
  // The first call sends three messages: they carry one context, read once and linked once.
  for (const [i, traceId] of traces.entries()) {
    const messages = i === 0 ? [{ value: 'm0a' }, { value: 'm0b' }, { value: 'm0c' }] : [{ value: `m${i}` }];
    await postJson(producerPort, '/send', { topic, messages }, callerHeader(traceId));
  }
  const sends = await Promise.all(
    traces.map((traceId) =>
      findSpan(receiver.spans, (s) => s.traceId === traceId && s.name === `send ${topic}`, 'send'),
    ),
  );
  const consumer = track(
    await startConsumerService(endpoint, [topic], uniqueName('batch-worker'), { MODE: 'eachBatch' }),
  );
  await waitFor('5 consumed', () => (consumer.records<Consumed>('CONSUMED').length === 5 ? true : undefined));
  const batch = await findSpan(receiver.spans, (s) => s.name === `process ${topic}`, 'batch span');
  assert.equal(batch.kind, SPAN_KIND.CONSUMER);
  assert.equal(batch.attributes['messaging.batch.message_count'], 5);
  assert.equal(batch.links.length, 3);
  assert.deepEqual(batch.links.map((l) => l.spanId).sort(), sends.map((s) => s.spanId).sort());
  for (const handler of receiver.spans.filter(
    (s) => s.name === 'handle signup' && s.traceId === batch.traceId,
  )) {
    assertChild(handler, batch);
  }
});

test('ESM apps with --import kinstrument/register: one trace producer → consumer', async () => {
  const topic = uniqueName('esm');
  await createTopics(kafka, [topic]);
  const producer = track(
    startApp(
      ['--import', 'kinstrument/register', fixture('tracing', 'producer-service.mjs')],
      instrumentedEnv(endpoint, 'esm-api'),
    ),
  );
  const port = Number((await producer.waitForLine(/^READY \d+/)).split(' ')[1]);
  track(
    startApp(
      ['--import', 'kinstrument/register', fixture('tracing', 'consumer-service.mjs')],
      instrumentedEnv(endpoint, 'esm-worker', { TOPICS: topic, GROUP_ID: uniqueName('esm-group') }),
    ),
  );
  const traceId = newTrace();
  await postJson(port, '/send', { topic, messages: [{ value: 'from-esm' }] }, callerHeader(traceId));
  const send = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === `send ${topic}`,
    'esm send',
  );
  assert.equal(send.service, 'esm-api');
  const processSpan = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === `process ${topic}`,
    'esm process',
  );
  assertChild(processSpan, send);
  assert.equal(processSpan.service, 'esm-worker');
  const handler = await findSpan(
    receiver.spans,
    (s) => s.traceId === traceId && s.name === 'handle signup',
    'esm handler',
  );
  assertChild(handler, processSpan);
});

test('kafkajs 1.16 is instrumented the same way', async () => {
  const topic = uniqueName('v1');
  await createTopics(kafka, [topic]);
  // A copy under node_modules/kafkajs, as an app depending on kafkajs@1 would have it.
  const appDir = mkdtempSync(join(tmpdir(), 'kinstrument-kafkajs1-'));
  try {
    cpSync(join(projectRoot, 'node_modules', 'kafkajs-v1'), join(appDir, 'node_modules', 'kafkajs'), {
      recursive: true,
    });
    for (const file of ['producer-service.js', 'consumer-service.js'])
      cpSync(fixture('tracing', file), join(appDir, file));
    const env = { NODE_PATH: join(projectRoot, 'node_modules') };
    const producer = track(
      startApp(
        ['-r', REGISTER_CJS, join(appDir, 'producer-service.js')],
        instrumentedEnv(endpoint, 'v1-api', env),
        appDir,
      ),
    );
    const port = Number((await producer.waitForLine(/^READY \d+/)).split(' ')[1]);
    const consumer = track(
      startApp(
        ['-r', REGISTER_CJS, join(appDir, 'consumer-service.js')],
        instrumentedEnv(endpoint, 'v1-worker', { ...env, TOPICS: topic, GROUP_ID: uniqueName('v1-group') }),
        appDir,
      ),
    );
    await consumer.waitForLine(/^READY$/);
    const traceId = newTrace();
    const metadata = (await postJson(
      port,
      '/send',
      { topic, messages: [{ value: 'v1' }] },
      callerHeader(traceId),
    )) as {
      baseOffset: string;
    }[];
    const send = await findSpan(
      receiver.spans,
      (s) => s.traceId === traceId && s.name === `send ${topic}`,
      'v1 send',
    );
    assert.equal(send.attributes['messaging.kafka.offset'], Number(metadata[0]!.baseOffset));
    const processSpan = await findSpan(
      receiver.spans,
      (s) => s.traceId === traceId && s.name === `process ${topic}`,
      'v1 process',
    );
    assertChild(processSpan, send);
  } finally {
    rmSync(appDir, { recursive: true, force: true });
  }
});

test('init() after kafkajs was loaded patches it in place and says so', async () => {
  const topic = uniqueName('late');
  await createTopics(kafka, [topic]);
  const app = track(
    startApp(
      [fixture('tracing', 'programmatic.js')],
      instrumentedEnv(endpoint, 'ignored', { SCENARIO: 'late', TOPIC: topic }),
    ),
  );
  await app.waitForLine(/^DONE$/);
  assert.match(
    app.stderr.join(''),
    /kafkajs was loaded before kinstrument's init\(\); patched the loaded copy in place/,
  );
  const stats = app.records<{ tracerProvider: string; patchedKafkajsCopies: number }>('STATS')[0]!;
  assert.equal(stats.tracerProvider, 'kinstrument');
  assert.equal(stats.patchedKafkajsCopies, 1);
  const send = await findSpan(receiver.spans, (s) => s.name === `send ${topic}`, 'late send');
  assert.equal(send.service, 'programmatic');
  assert.equal(send.attributes['messaging.client.id'], 'early-client');
});

test('an app-registered tracer provider is used, not replaced', async () => {
  const topic = uniqueName('app-provider');
  await createTopics(kafka, [topic]);
  const app = track(
    startApp(
      [fixture('tracing', 'programmatic.js')],
      instrumentedEnv(endpoint, 'ignored', { SCENARIO: 'app-provider', TOPIC: topic }),
    ),
  );
  await app.waitForLine(/^DONE$/);
  assert.equal(app.records<{ tracerProvider: string }>('STATS')[0]!.tracerProvider, 'app');
  const send = await findSpan(receiver.spans, (s) => s.name === `send ${topic}`, 'send via app provider');
  assert.equal(send.service, 'app-own-provider');
});

test('a bad setting is reported clearly and the app runs on uninstrumented', async () => {
  const topic = uniqueName('bad-config');
  await createTopics(kafka, [topic]);
  const consumer = track(
    await startConsumerService(endpoint, [topic], uniqueName('bad-config-worker'), {
      OTEL_TRACES_SAMPLER: 'sometimes',
    }),
  );
  assert.match(
    consumer.stderr.join(''),
    /kinstrument: invalid configuration: env OTEL_TRACES_SAMPLER: expected one of always_on, .* got "sometimes"\nkinstrument: instrumentation is off for this process/,
  );
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'still-works' }] });
  await producer.disconnect();
  const consumed = await waitFor('consumed', () => consumer.records<Consumed>('CONSUMED')[0]);
  assert.equal(consumed.value, 'still-works');
  assert.equal(consumed.headers.traceparent, undefined);
});
