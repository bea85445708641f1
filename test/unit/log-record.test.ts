// Log record formatting, JSON-safety of attached fields, Datadog id conversion and trace correlation.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { context, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { setCorrelationIdentity, type LogIdentity } from '../../src/signals/logs/correlation';
import { datadogId } from '../../src/signals/logs/datadog-ids';
import { jsonSafe } from '../../src/signals/logs/json-safe';
import { correlatedConsole, logCorrelation, pinoMixin } from '../../src/signals/logs/public-api';
import { formatLogRecord } from '../../src/signals/logs/record';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';
const identity: LogIdentity = {
  service: 'svc',
  env: 'prod',
  version: '2.0.0',
  tags: ['team:growth', 'region:eu'],
};
const contextManager = new AsyncLocalStorageContextManager();

before(() => {
  context.setGlobalContextManager(contextManager.enable());
});
after(() => {
  context.disable();
  setCorrelationIdentity(undefined);
});

function inSpan<T>(fn: () => T, flags = TraceFlags.SAMPLED): T {
  const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: flags });
  return context.with(ctx, fn);
}

test('Datadog ids: lower 64 bits of the trace id and the span id, in decimal', () => {
  assert.equal(datadogId(TRACE_ID), BigInt('0xa3ce929d0e0e4736').toString());
  assert.equal(datadogId(TRACE_ID), '11803532876627986230');
  assert.equal(datadogId(SPAN_ID), '67667974448284343');
  assert.equal(datadogId('ffffffffffffffff'), '18446744073709551615');
  assert.equal(datadogId('0000000000000000'), undefined);
  assert.equal(datadogId('xyz'), undefined);
  assert.equal(datadogId('abc'), undefined);
});

test('a kafkajs record: fields, service tags, and the active span in both id forms', () => {
  const line = inSpan(() =>
    formatLogRecord(
      {
        time: Date.UTC(2026, 0, 2, 3, 4, 5, 6),
        level: 'info',
        message: 'Consumer has joined the group',
        source: 'kafkajs',
        namespace: 'ConsumerGroup',
        fields: { groupId: 'g', message: 'not the record message', isLeader: true },
      },
      identity,
    ),
  );
  assert.deepEqual(JSON.parse(line), {
    timestamp: '2026-01-02T03:04:05.006Z',
    level: 'info',
    message: 'Consumer has joined the group',
    source: 'kafkajs',
    service: 'svc',
    env: 'prod',
    version: '2.0.0',
    ddtags: 'team:growth,region:eu',
    logger: { name: 'kafkajs', namespace: 'ConsumerGroup' },
    kafkajs: { groupId: 'g', message: 'not the record message', isLeader: true },
    trace_id: TRACE_ID,
    span_id: SPAN_ID,
    trace_flags: '01',
    dd: {
      trace_id: '11803532876627986230',
      span_id: '67667974448284343',
      service: 'svc',
      env: 'prod',
      version: '2.0.0',
    },
  });
});

test('outside a span there are no trace fields; empty fields are left out', () => {
  const record = JSON.parse(
    formatLogRecord(
      { time: 0, level: 'warn', message: 'm', source: 'kinstrument', namespace: undefined, fields: {} },
      { service: 's', env: undefined, version: undefined, tags: [] },
    ),
  ) as Record<string, unknown>;
  assert.deepEqual(record, {
    timestamp: '1970-01-01T00:00:00.000Z',
    level: 'warn',
    message: 'm',
    source: 'kinstrument',
    service: 's',
    logger: { name: 'kinstrument' },
    dd: { service: 's' },
  });
});

test('attached fields become plain JSON: errors, buffers, bigints, cycles, depth and size are handled', () => {
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const error = Object.assign(new Error('no leader'), { type: 'LEADER_NOT_AVAILABLE', retriable: true });
  const deep = { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } };
  const safe = jsonSafe({
    error,
    buffer: Buffer.alloc(3),
    big: 12345678901234567890n,
    cyclic,
    deep,
    list: Array.from({ length: 150 }, (_, i) => i),
    fn: () => 1,
    nan: Number.NaN,
    when: new Date(0),
  }) as Record<string, unknown>;
  const safeError = safe.error as Record<string, unknown>;
  assert.equal(safeError.name, 'Error');
  assert.equal(safeError.message, 'no leader');
  assert.equal(safeError.type, 'LEADER_NOT_AVAILABLE');
  assert.match(String(safeError.stack), /no leader/);
  assert.equal(safe.buffer, '<Buffer 3 bytes>');
  assert.equal(safe.big, '12345678901234567890');
  assert.deepEqual(safe.cyclic, { name: 'loop', self: '[Circular]' });
  assert.match(JSON.stringify(safe.deep), /\[Object\]/);
  assert.equal((safe.list as unknown[]).length, 101);
  assert.equal('fn' in safe, false);
  assert.equal(safe.nan, 'NaN');
  assert.equal(safe.when, '1970-01-01T00:00:00.000Z');
  assert.doesNotThrow(() => JSON.stringify(safe));
});

test('logCorrelation / pinoMixin: trace fields inside a span, the service from init()', () => {
  setCorrelationIdentity(identity);
  assert.deepEqual(logCorrelation(), { dd: { service: 'svc', env: 'prod', version: '2.0.0' } });
  const inside = inSpan(() => pinoMixin(), TraceFlags.NONE);
  assert.equal(inside.trace_id, TRACE_ID);
  assert.equal(inside.span_id, SPAN_ID);
  assert.equal(inside.trace_flags, '00');
  assert.equal(inside.dd?.trace_id, '11803532876627986230');
  setCorrelationIdentity(undefined);
  assert.deepEqual(logCorrelation(), {});
});

test('correlatedConsole writes one JSON line through console', () => {
  setCorrelationIdentity(identity);
  const written: string[] = [];
  const original = console.log;
  console.log = (line: string) => written.push(line);
  try {
    inSpan(() => correlatedConsole.info('charged', { orderId: 7 }));
  } finally {
    console.log = original;
    setCorrelationIdentity(undefined);
  }
  const record = JSON.parse(written[0]!) as Record<string, unknown>;
  assert.equal(record.message, 'charged');
  assert.equal(record.source, 'app');
  assert.deepEqual(record.app, { orderId: 7 });
  assert.equal(record.trace_id, TRACE_ID);
  assert.equal(record.service, 'svc');
});
