// When metrics cannot be delivered (a name that does not resolve, a port nobody listens on, a Unix socket
// that does not exist) the app works exactly as before: messages flow, the process exits on its own, and
// the failures are counted and reported. A flood of topics stays within the tag cardinality cap.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { assertInCatalog } from '../support/client-metrics';
import { UdpStatsdCapture, UdsStatsdCapture } from '../support/dogstatsd';
import { createTopics, testKafka } from '../support/kafka';
import { instrumentedApp } from '../support/metrics';
import type { AppProcess } from '../support/processes';
import { uniqueName } from '../support/rig-env';

interface Stats {
  internalErrors: Record<string, number>;
  deliveryErrors: Record<string, number>;
  metrics?: { target: string; tagValuesOverflowed: Record<string, number> };
}
interface Result {
  sent: number;
  consumed: number;
  /** Messages that carried x-kinstrument-produce-ts. */
  stamped: number;
  bombError?: string;
}

const kafka = testKafka('metrics-faults');
const directory = mkdtempSync(join(tmpdir(), 'kinstrument-statsd-'));

after(() => rmSync(directory, { recursive: true, force: true }));

/** Runs the produce-then-consume fixture to its own exit; returns what it printed. */
async function roundtrip(service: string, env: Record<string, string>, count = 10) {
  const topic = uniqueName(service);
  await createTopics(kafka, [topic], 2);
  const app: AppProcess = instrumentedApp('roundtrip.js', service, {
    TOPIC: topic,
    GROUP_ID: uniqueName(`${service}-group`),
    COUNT: String(count),
    ...env,
  });
  const exit = await Promise.race([
    app.exit(),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${service} did not exit by itself`)), 60_000).unref(),
    ),
  ]);
  assert.equal(exit.code, 0, `${service} exits normally; stderr: ${app.stderr.join('')}`);
  const [result] = app.records<Result>('RESULT');
  const [stats] = app.records<Stats>('STATS');
  assert.ok(result && stats, `${service} printed its result and stats`);
  assert.equal(result.consumed, result.sent, 'every message produced was consumed');
  assert.deepEqual(stats.internalErrors, {}, 'no internal errors');
  return { app, topic, result, stats };
}

test('a DogStatsD host that does not resolve: messages flow, failures counted and logged', async () => {
  const { app, stats } = await roundtrip('dns-failure', {
    DD_AGENT_HOST: 'nonexistent.invalid',
    KINSTRUMENT_LOGS_ENABLED: 'true',
    KINSTRUMENT_LOGS_LEVEL: 'error',
  });
  assert.equal(stats.metrics?.target, 'udp://nonexistent.invalid:8125');
  const failures = stats.deliveryErrors['metrics udp://nonexistent.invalid:8125'] ?? 0;
  assert.ok(failures > 0, `delivery errors counted (${JSON.stringify(stats.deliveryErrors)})`);
  // kinstrument's own diagnostics go through the logs signal, as JSON records.
  const diagnostic = app.lines
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { source: string; level: string; message: string; service: string })
    .find((record) => record.source === 'kinstrument');
  assert.ok(diagnostic, 'the delivery failure was logged');
  assert.equal(diagnostic.level, 'warn');
  assert.match(
    diagnostic.message,
    /could not deliver telemetry \(metrics udp:\/\/nonexistent\.invalid:8125\)/,
  );
  assert.equal(diagnostic.service, 'dns-failure');
});

test('a UDP port nobody listens on: the app does not notice', async () => {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address() as AddressInfo;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  await roundtrip('udp-closed', { KINSTRUMENT_STATSD_URL: `udp://127.0.0.1:${port}` });
});

test('a Unix socket path that does not exist: messages flow, the app exits, failures counted', async () => {
  const path = join(directory, 'missing', 'dsd.socket');
  const { stats } = await roundtrip('uds-missing', { DD_DOGSTATSD_URL: `unix://${path}` });
  assert.equal(stats.metrics?.target, `unix://${path}`);
  assert.ok((stats.deliveryErrors[`metrics unix://${path}`] ?? 0) > 0, JSON.stringify(stats.deliveryErrors));
});

test('over a Unix datagram socket: every line arrives, and the app still exits by itself', async () => {
  const path = join(directory, 'dsd.socket');
  const capture = new UdsStatsdCapture();
  capture.start(path);
  try {
    const { topic, stats, result } = await roundtrip(
      'uds-working',
      { KINSTRUMENT_STATSD_URL: `unix://${path}` },
      7,
    );
    assert.deepEqual(stats.deliveryErrors, {});
    assert.equal(result.stamped, 7, 'with metrics on, produced messages carry the produce time header');
    assert.equal(capture.sum('kafka.client.consumer.messages_consumed', { topic }), 7);
    assert.equal(capture.sum('kafka.client.producer.messages_sent', { topic }), 7);
    assert.deepEqual(capture.malformed, []);
    for (const line of capture.lines) assertInCatalog(line, ['team']);
  } finally {
    capture.stop();
  }
});

test('a cardinality bomb of 10,000 topics stays within the cap per tag key', async () => {
  const capture = new UdpStatsdCapture();
  const port = await capture.start();
  try {
    const cap = 50;
    const { result, stats } = await roundtrip('cardinality-bomb', {
      KINSTRUMENT_STATSD_URL: `udp://127.0.0.1:${port}`,
      KINSTRUMENT_METRICS_MAX_TAG_VALUES: String(cap),
      BOMB_TOPICS: '10000',
    });
    assert.ok(result.bombError, 'the sendBatch to 10,000 missing topics failed');
    assert.ok((stats.metrics?.tagValuesOverflowed.topic ?? 0) >= 10_000 - cap, JSON.stringify(stats.metrics));
    const topics = new Set(capture.lines.map((line) => line.tags.topic).filter((t) => t !== undefined));
    assert.ok(topics.size <= cap + 1, `${topics.size} distinct topic values (cap ${cap} + "other")`);
    assert.ok(topics.has('other'));
    assert.ok(capture.sum('kinstrument.tag_values.overflow', { tag_key: 'topic' }) > 0);
    for (const line of capture.lines) assertInCatalog(line, ['team']);
  } finally {
    await capture.stop();
  }
});

test('metrics off: nothing is sent and no header is added', async () => {
  const capture = new UdpStatsdCapture();
  const port = await capture.start();
  try {
    const { stats, result } = await roundtrip('metrics-off', {
      KINSTRUMENT_METRICS_ENABLED: 'false',
      KINSTRUMENT_STATSD_URL: `udp://127.0.0.1:${port}`,
    });
    assert.equal(stats.metrics, undefined);
    assert.equal(result.stamped, 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(capture.datagrams, 0);
  } finally {
    await capture.stop();
  }
});
