// kafkajs' own log entries as JSON lines, from a real instrumented producer process: tagged with the
// service, carrying the trace and span of the operation that logged them, written to a file destination,
// while the app's own logCreator keeps getting exactly its own level.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { instrumentedApp } from '../support/metrics';
import { OtlpReceiver } from '../support/otlp-receiver';
import { brokers, uniqueName } from '../support/rig-env';

interface LogRecord {
  timestamp: string;
  level: string;
  message: string;
  source: string;
  service: string;
  env?: string;
  version?: string;
  ddtags?: string;
  logger: { name: string; namespace?: string };
  kafkajs?: Record<string, unknown>;
  trace_id?: string;
  span_id?: string;
  dd?: { trace_id?: string; span_id?: string; service?: string; env?: string; version?: string };
}

const receiver = new OtlpReceiver();
let endpoint = '';
const directory = mkdtempSync(join(tmpdir(), 'kinstrument-logs-'));

before(async () => {
  endpoint = await receiver.start();
});

after(async () => {
  await receiver.stop();
  rmSync(directory, { recursive: true, force: true });
});

test('kafkajs entries are JSON lines with service tags and the ids of the span they were logged in', async () => {
  const topic = uniqueName('logs');
  await createTopics(testKafka('logs-e2e'), [topic], 3);
  const file = join(directory, 'kafkajs.log');
  const app = instrumentedApp('producer.js', 'logs-api', {
    TOPIC: topic,
    KINSTRUMENT_METRICS_ENABLED: 'false',
    KINSTRUMENT_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    KINSTRUMENT_LOGS_ENABLED: 'true',
    KINSTRUMENT_LOGS_LEVEL: 'debug',
    KINSTRUMENT_LOGS_DESTINATION: file,
  });
  const exit = await app.exit();
  assert.equal(exit.code, 0, app.stderr.join(''));

  const records = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as LogRecord);
  assert.ok(records.length > 10, `${records.length} records`);
  for (const record of records) {
    assert.match(record.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.match(record.level, /^(error|warn|info|debug)$/);
    assert.equal(record.source, 'kafkajs');
    assert.equal(record.service, 'logs-api');
    assert.equal(record.env, 'e2e');
    assert.equal(record.version, '1.2.3');
    assert.equal(record.ddtags, 'team:kafka');
    assert.equal(record.logger.name, 'kafkajs');
  }
  assert.ok(
    records.some((r) => r.level === 'debug'),
    'debug entries are written at logs.level=debug',
  );
  assert.ok(records.some((r) => r.level === 'warn' && /default partitioner/.test(r.message)));

  // A Produce request is logged inside producer.send, so inside its `send` span.
  const sends = await waitFor('12 send spans', () => {
    const spans = receiver.spans.filter((s) => s.name === `send ${topic}`);
    return spans.length === 12 ? spans : undefined;
  });
  const produceRequests = records.filter(
    (r) => r.logger.namespace === 'Connection' && r.message.startsWith('Request Produce'),
  );
  assert.ok(produceRequests.length >= 12, `${produceRequests.length} Produce requests logged`);
  for (const request of produceRequests) {
    const span = sends.find((s) => s.spanId === request.span_id);
    assert.ok(span, `the Produce request log names a send span (${request.span_id})`);
    assert.equal(request.trace_id, span.traceId);
    assert.equal(request.dd?.trace_id, BigInt(`0x${span.traceId.slice(16)}`).toString());
    assert.equal(request.dd?.span_id, BigInt(`0x${span.spanId}`).toString());
    assert.deepEqual(
      { service: request.dd?.service, env: request.dd?.env, version: request.dd?.version },
      { service: 'logs-api', env: 'e2e', version: '1.2.3' },
    );
    assert.equal(request.kafkajs?.broker, brokers()[0]);
  }

  // The app's logCreator (WARN) still got its warning, and nothing below its level.
  const userLogs = app.records<{ level: number; message: string }>('USERLOG');
  assert.ok(userLogs.some((entry) => /default partitioner/.test(entry.message)));
  assert.deepEqual(
    userLogs.filter((entry) => entry.level > 2),
    [],
    'INFO and DEBUG entries do not reach a WARN logCreator',
  );
});

test('logs.level filters kafkajs entries; stdout is the default destination', async () => {
  const topic = uniqueName('logs-level');
  await createTopics(testKafka('logs-e2e'), [topic], 3);
  const app = instrumentedApp('producer.js', 'logs-level-api', {
    TOPIC: topic,
    KINSTRUMENT_METRICS_ENABLED: 'false',
    KINSTRUMENT_LOGS_ENABLED: 'true',
    KINSTRUMENT_LOGS_LEVEL: 'warn',
  });
  assert.equal((await app.exit()).code, 0);
  const records = app.lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogRecord);
  assert.ok(records.some((r) => r.level === 'warn' && r.source === 'kafkajs'));
  assert.deepEqual(
    records.filter((r) => r.level === 'info' || r.level === 'debug'),
    [],
  );
});
