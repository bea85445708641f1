// OTLP request decoding, checked against payloads made by the OpenTelemetry JS SDK's own serializers,
// and our encoders (used by the upstream exporter) checked by decoding what they produce.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import {
  decodeLogs,
  decodeMetrics,
  decodeSpans,
  decodeSpansSliced,
  OtlpDecodeError,
  toLogRecord,
  fromLogRecord,
  type SpanRecord,
} from '../../src/agent/intake/otlp';
import {
  logsRequestJson,
  logsRequestProtobuf,
  metricsRequestJson,
  metricsRequestProtobuf,
  toResourceMetrics,
  traceRequestJson,
  traceRequestProtobuf,
} from '../../src/agent/export/otlp';
import { sdkLog, sdkLogs, sdkSpan, sdkTraces } from '../support/otlp-sdk';

const TRACE = '5b8efff798038103d269b633813fc60c';
const PARENT = 'eee19b7ec3c1b174';
const SPAN = 'eee19b7ec3c1b173';
const START = 1_700_000_000_123_456_789n;

const spans = [
  sdkSpan({
    traceId: TRACE,
    spanId: SPAN,
    parentSpanId: PARENT,
    name: 'send orders',
    kind: 3, // PRODUCER in the API enum (SERVER=1, CLIENT=2, PRODUCER=3): OTLP numbers it 4
    startNs: START,
    endNs: START + 2_500_000n,
    attributes: {
      'messaging.system': 'kafka',
      'messaging.kafka.offset': 42,
      ratio: 0.5,
      ok: true,
      list: ['a', 'b'],
    },
    events: [{ name: 'exception', timeNs: START + 1_000n, attributes: { 'exception.type': 'Boom' } }],
    links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { why: 'batch' } }],
    status: { code: 2, message: 'broker down' },
    service: 'signup-api',
    resource: { 'host.name': 'box-1', 'service.version': '1.0.0' },
    scope: { name: 'kinstrument', version: '0.1.0' },
  }),
  sdkSpan({
    traceId: TRACE,
    spanId: PARENT,
    name: 'POST /send',
    kind: 1,
    startNs: START - 1_000n,
    endNs: START + 3_000_000n,
    service: 'signup-api',
  }),
];

const expectedFirst: SpanRecord = {
  traceId: TRACE,
  spanId: SPAN,
  parentSpanId: PARENT,
  name: 'send orders',
  kind: 4,
  service: 'signup-api',
  startTimeUnixNano: String(START),
  endTimeUnixNano: String(START + 2_500_000n),
  durationNs: 2_500_000,
  status: { code: 2, message: 'broker down' },
  attributes: {
    'messaging.system': 'kafka',
    'messaging.kafka.offset': 42,
    ratio: 0.5,
    ok: true,
    list: ['a', 'b'],
  },
  events: [
    { timeUnixNano: String(START + 1_000n), name: 'exception', attributes: { 'exception.type': 'Boom' } },
  ],
  links: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), attributes: { why: 'batch' } }],
  resource: { 'service.name': 'signup-api', 'host.name': 'box-1', 'service.version': '1.0.0' },
  scope: { name: 'kinstrument', version: '0.1.0' },
};

test('protobuf traces from the SDK serializer decode exactly (ids, nanosecond times, typed attributes)', () => {
  const decoded = decodeSpans(sdkTraces.protobuf(spans), 'protobuf');
  assert.equal(decoded.rejected, 0);
  assert.equal(decoded.records.length, 2);
  assert.deepEqual(decoded.records[0], expectedFirst);
  assert.equal(decoded.records[1]?.parentSpanId, undefined);
  assert.equal(decoded.records[1]?.kind, 2);
});

test('JSON traces from the SDK serializer decode to the same records as protobuf', () => {
  const json = decodeSpans(sdkTraces.json(spans), 'json');
  const protobuf = decodeSpans(sdkTraces.protobuf(spans), 'protobuf');
  assert.deepEqual(json, protobuf);
});

test('logs: SDK protobuf and JSON decode alike; levels, structured bodies and trace context', () => {
  const logs = [
    sdkLog({
      timeNs: START,
      body: 'consumer lag high',
      severityNumber: 13,
      severityText: 'WARN',
      attributes: { topic: 'orders', nested: ['x'] },
      traceId: TRACE,
      spanId: SPAN,
      service: 'signup-worker',
      resource: { 'host.name': 'box-2', 'deployment.environment.name': 'prod' },
      scope: { name: 'app.logger' },
    }),
    sdkLog({
      timeNs: START + 1n,
      body: { event: 'rebalance', generation: 3 },
      severityNumber: 0,
      severityText: 'error',
    }),
  ];
  const fromProtobuf = decodeLogs(sdkLogs.protobuf(logs), 'protobuf', 0);
  const fromJson = decodeLogs(sdkLogs.json(logs), 'json', 0);
  assert.deepEqual(fromJson.records, fromProtobuf.records);
  const [first, second] = fromProtobuf.records;
  assert.equal(first?.message, 'consumer lag high');
  assert.equal(first?.timeUnixNano, String(START));
  assert.equal(first?.traceId, TRACE);
  assert.equal(first?.spanId, SPAN);
  assert.equal(first?.host, 'box-2');
  assert.equal(second?.message, '{"event":"rebalance","generation":3}');

  const record = toLogRecord(first!, { host: 'agent-host', tags: ['team:growth'] });
  assert.deepEqual(record, {
    timestamp: 1_700_000_000_123,
    level: 'warn',
    message: 'consumer lag high',
    service: 'signup-worker',
    source: 'otlp',
    host: 'box-2',
    tags: ['team:growth', 'env:prod'],
    attributes: { topic: 'orders', nested: '["x"]' },
    file: '',
    logger: 'app.logger',
    traceId: TRACE,
    spanId: SPAN,
  });
  // No severity number: the text decides; no host on the resource: the agent's.
  const other = toLogRecord(second!, { host: 'agent-host' });
  assert.equal(other.level, 'error');
  assert.equal(other.host, 'agent-host');
  assert.equal(other.service, 'svc');
});

test('spans with invalid ids are rejected (partial success), a zero parent means root', () => {
  const body = Buffer.from(
    JSON.stringify({
      resourceSpans: [
        {
          scopeSpans: [
            {
              spans: [
                {
                  traceId: 'ABCDEF0123456789ABCDEF0123456789',
                  spanId: '00000000000000AA',
                  parentSpanId: '0000000000000000',
                  name: 'ok',
                },
                {
                  traceId: '00000000000000000000000000000000',
                  spanId: '1111111111111111',
                  name: 'zero trace',
                },
                { traceId: 'abc', spanId: '1111111111111111', name: 'short' },
                { traceId: 'a'.repeat(32), name: 'no span id' },
              ],
            },
          ],
        },
      ],
    }),
  );
  const decoded = decodeSpans(body, 'json');
  assert.equal(decoded.records.length, 1);
  assert.equal(decoded.rejected, 3);
  assert.equal(decoded.rejectReason, 'invalid trace id');
  assert.equal(decoded.records[0]?.traceId, 'abcdef0123456789abcdef0123456789', 'hex is case-insensitive');
  assert.equal(decoded.records[0]?.parentSpanId, undefined);
  assert.equal(decoded.records[0]?.service, 'unknown_service');
});

test('OTLP/JSON: unknown fields ignored, 64-bit values as strings or numbers, wrong types refused', () => {
  const body = {
    resourceSpans: [
      {
        futureField: { anything: 1 },
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }] },
        scopeSpans: [
          {
            scope: { name: 's' },
            spans: [
              {
                traceId: 'a'.repeat(32),
                spanId: 'b'.repeat(16),
                name: 'n',
                kind: 2,
                startTimeUnixNano: 1_000,
                endTimeUnixNano: '3000',
                attributes: [
                  { key: 'big', value: { intValue: '9007199254740993' } },
                  { key: 'small', value: { intValue: 7 } },
                  { key: 'nan', value: { doubleValue: 'NaN' } },
                  { key: 'bytes', value: { bytesValue: 'AAE=' } },
                  {
                    key: 'kv',
                    value: { kvlistValue: { values: [{ key: 'x', value: { boolValue: false } }] } },
                  },
                  { key: 'empty', value: {} },
                ],
                unknownSpanField: true,
              },
            ],
          },
        ],
      },
    ],
  };
  const [span] = decodeSpans(Buffer.from(JSON.stringify(body)), 'json').records;
  assert.equal(span?.durationNs, 2_000);
  assert.deepEqual(span?.attributes, {
    big: '9007199254740993',
    small: 7,
    nan: Number.NaN,
    bytes: 'AAE=',
    kv: { x: false },
    empty: null,
  });

  const bad = (payload: unknown): void =>
    assert.throws(() => decodeSpans(Buffer.from(JSON.stringify(payload)), 'json'), OtlpDecodeError);
  bad({ resourceSpans: 'nope' });
  bad({
    resourceSpans: [
      { scopeSpans: [{ spans: [{ traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), kind: 'SERVER' }] }] },
    ],
  });
  bad({ resourceSpans: [{ scopeSpans: [{ spans: [{ startTimeUnixNano: '-5' }] }] }] });
  bad([1, 2]);
  assert.throws(() => decodeSpans(Buffer.from('{"resourceSpans": ['), 'json'), OtlpDecodeError);
  // Nesting past the limit is refused instead of recursing without bound.
  let deep: unknown = { stringValue: 'x' };
  for (let i = 0; i < 100; i += 1) deep = { arrayValue: { values: [deep] } };
  bad({ resourceSpans: [{ resource: { attributes: [{ key: 'k', value: deep }] } }] });
});

test('protobuf garbage is refused with OtlpDecodeError, never anything else', () => {
  const valid = sdkTraces.protobuf(spans);
  assert.throws(() => decodeSpans(valid.subarray(0, valid.length - 3), 'protobuf'), OtlpDecodeError);
  let refused = 0;
  for (let i = 0; i < 3000; i += 1) {
    const junk =
      i % 2 === 0
        ? randomBytes(1 + (i % 200))
        : Buffer.concat([valid.subarray(0, i % valid.length), randomBytes(8)]);
    for (const decode of [
      () => decodeSpans(junk, 'protobuf'),
      () => decodeLogs(junk, 'protobuf', 0),
      () => decodeMetrics(junk, 'protobuf'),
    ]) {
      try {
        decode();
      } catch (error) {
        assert.ok(error instanceof OtlpDecodeError, `unexpected ${String(error)}`);
        refused += 1;
      }
    }
  }
  assert.ok(refused > 1000, `most random buffers are refused (${refused})`);
});

test('a large protobuf request decodes in slices, to the same records, and garbage still fails cleanly', async () => {
  const one = decodeSpans(sdkTraces.protobuf(spans), 'protobuf').records[0] as SpanRecord;
  const many = Array.from({ length: 1300 }, (_, i) => ({
    ...one,
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `op ${i}`,
  }));
  const body = Buffer.from(traceRequestProtobuf(many));
  let pauses = 0;
  const pause = async () => {
    pauses += 1;
  };
  const sliced = await decodeSpansSliced(body, 'protobuf', pause);
  assert.deepEqual(sliced, decodeSpans(body, 'protobuf'));
  assert.equal(sliced.records.length, 1300);
  assert.equal(pauses, 2, 'after spans 512 and 1,024');
  await assert.rejects(
    decodeSpansSliced(body.subarray(0, body.length - 3), 'protobuf', pause),
    OtlpDecodeError,
  );
  const json = Buffer.from(traceRequestJson(many.slice(0, 3)));
  assert.deepEqual(await decodeSpansSliced(json, 'json', pause), decodeSpans(json, 'json'));
});

test('our encoders round-trip: protobuf and JSON requests decode back to the same spans and logs', () => {
  const records = decodeSpans(sdkTraces.protobuf(spans), 'protobuf').records;
  assert.deepEqual(decodeSpans(traceRequestProtobuf(records), 'protobuf').records, records);
  assert.deepEqual(decodeSpans(traceRequestJson(records), 'json').records, records);

  const logs = decodeLogs(
    sdkLogs.protobuf([
      sdkLog({
        timeNs: START,
        observedNs: START + 5n,
        body: 'hello',
        severityNumber: 9,
        traceId: TRACE,
        spanId: SPAN,
        attributes: { a: 1 },
      }),
    ]),
    'protobuf',
    0,
  ).records;
  assert.deepEqual(decodeLogs(logsRequestProtobuf(logs), 'protobuf', 0).records, logs);
  assert.deepEqual(decodeLogs(logsRequestJson(logs), 'json', 0).records, logs);

  // A tailed log forwarded upstream keeps its level, text, ids and attributes.
  const tailed = fromLogRecord({
    timestamp: 1_700_000_000_500,
    level: 'error',
    message: 'Connection refused',
    service: 'kafka',
    source: 'kafka',
    host: 'broker-1',
    tags: ['env:prod'],
    attributes: { logger_thread: 'main' },
    file: '/var/log/kafka/server.log',
    logger: 'kafka.server.KafkaServer',
  });
  const [back] = decodeLogs(logsRequestProtobuf([tailed]), 'protobuf', 0).records;
  assert.equal(back?.severityNumber, 17);
  assert.equal(back?.message, 'Connection refused');
  assert.equal(back?.timeUnixNano, '1700000000500000000');
  assert.equal(back?.attributes['log.file.path'], '/var/log/kafka/server.log');
  assert.equal(back?.attributes.env, 'prod');
  assert.equal(back?.scope.name, 'kafka.server.KafkaServer');
});

test('metric samples encode as OTLP gauges and delta sums, counted by the receiver', () => {
  const samples = [
    {
      name: 'kafka.consumer_lag',
      type: 'gauge' as const,
      value: 12,
      timestamp: 1_700_000_000,
      tags: ['topic:a', 'canary'],
      host: 'h1',
    },
    {
      name: 'kafka.messages',
      type: 'count' as const,
      value: 5,
      timestamp: 1_700_000_010,
      tags: ['topic:a'],
      host: 'h1',
      intervalSeconds: 10,
    },
    {
      name: 'kafka.bytes.rate',
      type: 'rate' as const,
      value: 2.5,
      timestamp: 1_700_000_010,
      tags: [],
      host: 'h2',
      intervalSeconds: 10,
    },
  ];
  const resources = toResourceMetrics(samples, { 'service.name': 'kinstrument-agent' });
  assert.equal(resources.length, 2);
  assert.deepEqual(resources[0]?.resource, { 'service.name': 'kinstrument-agent', 'host.name': 'h1' });
  const sum = resources[0]?.metrics.find((m) => m.kind === 'sum');
  assert.deepEqual(sum?.points[0], {
    attributes: { topic: 'a' },
    startTimeUnixNano: '1700000000000000000',
    timeUnixNano: '1700000010000000000',
    value: 5,
  });
  assert.deepEqual(resources[0]?.metrics[0]?.points[0]?.attributes, { topic: 'a', canary: 'true' });
  const scope = { name: 'kinstrument-agent' };
  assert.equal(decodeMetrics(metricsRequestProtobuf(resources, scope), 'protobuf').dataPoints, 3);
  assert.equal(decodeMetrics(metricsRequestJson(resources, scope), 'json').dataPoints, 3);
  const json = JSON.parse(metricsRequestJson(resources, scope).toString()) as {
    resourceMetrics: {
      scopeMetrics: {
        metrics: { name: string; sum?: { aggregationTemporality: number; isMonotonic: boolean } }[];
      }[];
    }[];
  };
  const jsonSum = json.resourceMetrics[0]?.scopeMetrics[0]?.metrics.find((m) => m.sum !== undefined);
  assert.deepEqual(jsonSum?.sum && { t: jsonSum.sum.aggregationTemporality, m: jsonSum.sum.isMonotonic }, {
    t: 1,
    m: true,
  });
});
