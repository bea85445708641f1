// The real SDK end to end: two instrumented processes (`node -r kinstrument/register`) produce and consume
// through the real broker and export to the agent's OTLP receiver; the store then holds the whole trace.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createOtlpServer, type OtlpServer } from '../../src/agent/intake/otlp';
import { LogCollector, parseLogsSection } from '../../src/agent/logs';
import { Store, storeOtlpSink, STORE_FILE_NAME } from '../../src/agent/store';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { postJson, type AppProcess } from '../support/processes';
import { uniqueName } from '../support/rig-env';
import { SPAN_KIND, startConsumerService, startProducerService, traceparent } from '../support/tracing';

const runPath = mkdtempSync(join(tmpdir(), 'kinstrument-e2e-store-'));
const store = new Store({ path: join(runPath, STORE_FILE_NAME), writer: { intervalMs: 50 } }).start();
let server: OtlpServer;
const apps: AppProcess[] = [];
const topic = uniqueName('store-signups');

before(async () => {
  server = await createOtlpServer({
    sink: storeOtlpSink(store, { host: 'test-agent' }),
    host: '127.0.0.1',
    port: 0,
  });
  await createTopics(testKafka('otlp-sdk-e2e'), [topic], 1);
});

after(async () => {
  await Promise.all(apps.map((app) => app.stop()));
  await server.stop();
  await store.close();
  rmSync(runPath, { recursive: true, force: true });
});

test('a trace across a producer and a consumer process is stored and queryable by id and by search', async () => {
  // The producer also writes kafkajs' own logs as JSON lines, which the agent's log collector tails.
  const kafkajsLog = join(runPath, 'producer-kafkajs.jsonl');
  const producer = await startProducerService(server.url, {
    KINSTRUMENT_LOGS_ENABLED: 'true',
    KINSTRUMENT_LOGS_LEVEL: 'debug',
    KINSTRUMENT_LOGS_DESTINATION: kafkajsLog,
  });
  apps.push(producer.app);
  const { sources, problems } = parseLogsSection(
    { logs: [{ type: 'file', path: kafkajsLog, source: 'kafkajs', start_position: 'beginning' }] },
    'test',
  );
  assert.deepEqual(problems, []);
  const collector = new LogCollector({
    sources,
    runPath,
    hostname: 'test-agent',
    onRecords: async (records) => void store.offerLogs(records),
  });
  await collector.start();
  after(() => collector.stop());
  const consumer = await startConsumerService(server.url, [topic], uniqueName('store-worker'));
  apps.push(consumer);

  const traceId = randomBytes(16).toString('hex');
  const callerSpanId = randomBytes(8).toString('hex');
  await postJson(
    producer.port,
    '/send',
    { topic, messages: [{ key: 'k', value: 'bob@example.com' }] },
    {
      traceparent: traceparent(traceId, callerSpanId),
    },
  );

  const trace = await waitFor(
    'the whole trace in the store',
    () => {
      const found = store.query.trace(traceId);
      return found !== undefined && found.spans.length >= 4 ? found : undefined;
    },
    45_000,
  );
  const byName = new Map(trace.spans.map((span) => [span.name, span]));
  const http = byName.get('POST /send');
  const send = byName.get(`send ${topic}`);
  const process = byName.get(`process ${topic}`);
  const handler = byName.get('handle signup');
  assert.ok(http && send && process && handler, `spans: ${[...byName.keys()].join(', ')}`);
  assert.equal(http.parentSpanId, callerSpanId);
  assert.equal(send.parentSpanId, http.spanId);
  assert.equal(process.parentSpanId, send.spanId);
  assert.equal(handler.parentSpanId, process.spanId);
  assert.equal(send.kind, SPAN_KIND.PRODUCER);
  assert.equal(process.kind, SPAN_KIND.CONSUMER);
  assert.equal(send.service, 'signup-api');
  assert.equal(process.service, 'signup-worker');
  assert.equal(send.attributes['messaging.destination.name'], topic);
  assert.equal(send.attributes['messaging.system'], 'kafka');
  assert.equal(typeof process.attributes['messaging.kafka.offset'], 'number');
  assert.equal(process.resource['service.name'], 'signup-worker');
  assert.ok(send.durationNs > 0);

  const found = store.query.traces({ service: 'signup-worker', operation: `process ${topic}` });
  const summary = found.traces.find((t) => t.traceId === traceId);
  assert.ok(summary, 'trace search finds it by the consumer service and operation');
  assert.deepEqual(summary.services, ['signup-api', 'signup-worker']);
  assert.equal(summary.root?.spanId, http.spanId);
  assert.equal(summary.root?.parentMissing, true, "the caller's span was never exported");
  assert.ok(summary.spanCount >= 4);
  assert.ok(store.query.services().includes('signup-api'));
  const stats = server.receiver.stats();
  assert.ok(stats.spans.accepted >= 4);
  assert.equal(stats.errors.decode, 0);

  // kafkajs' log lines written while the send ran carry its span: found by the trace id.
  const logs = await waitFor(
    "kafkajs' log lines of the trace",
    () => {
      const page = store.query.logs({ traceId, limit: 50 });
      return page.logs.length > 0 ? page.logs : undefined;
    },
    30_000,
  );
  assert.ok(logs.every((log) => log.traceId === traceId));
  assert.ok(
    logs.some((log) => log.spanId === send.spanId),
    'a line logged inside the send span',
  );
  assert.ok(logs.every((log) => log.service === 'signup-api'));
});
