import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTextMapSetter, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { DatadogPropagator } from '../../src/signals/traces/propagation/datadog';
import { kafkaHeaderGetter } from '../../src/signals/traces/propagation/kafka-headers';
import { buildPropagator } from '../../src/signals/traces/propagation/propagator';
import type { MessageHeaders } from '../../src/instrumentation/kafkajs/shapes';

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const SPAN_ID = 'b7ad6b7169203331';
const contextWith = (flags = TraceFlags.SAMPLED) =>
  trace.setSpanContext(ROOT_CONTEXT, {
    traceId: TRACE_ID,
    spanId: SPAN_ID,
    traceFlags: flags,
    isRemote: false,
  });

test('Datadog inject writes decimal ids, priority and the high trace-id bits', () => {
  const headers: MessageHeaders = {};
  new DatadogPropagator().inject(contextWith(), headers, defaultTextMapSetter);
  assert.equal(headers['x-datadog-trace-id'], BigInt('0x8448eb211c80319c').toString());
  assert.equal(headers['x-datadog-parent-id'], BigInt('0xb7ad6b7169203331').toString());
  assert.equal(headers['x-datadog-sampling-priority'], '1');
  assert.equal(headers['x-datadog-tags'], '_dd.p.tid=0af7651916cd43dd');
});

test('Datadog extract round-trips a 128-bit id and reads Buffer headers', () => {
  const headers: MessageHeaders = {};
  new DatadogPropagator().inject(contextWith(TraceFlags.NONE), headers, defaultTextMapSetter);
  const asBuffers: MessageHeaders = Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [k, Buffer.from(String(v))]),
  );
  const extracted = trace.getSpanContext(
    new DatadogPropagator().extract(ROOT_CONTEXT, asBuffers, kafkaHeaderGetter),
  );
  assert.equal(extracted?.traceId, TRACE_ID);
  assert.equal(extracted?.spanId, SPAN_ID);
  assert.equal(extracted?.traceFlags, TraceFlags.NONE);
  assert.equal(extracted?.isRemote, true);
});

test('Datadog extract of a 64-bit dd-trace context pads the trace id', () => {
  const headers = {
    'x-datadog-trace-id': '1234567890123456789',
    'x-datadog-parent-id': '987654321',
    'x-datadog-sampling-priority': '2',
  };
  const extracted = trace.getSpanContext(
    new DatadogPropagator().extract(ROOT_CONTEXT, headers, kafkaHeaderGetter),
  );
  assert.equal(extracted?.traceId, '0000000000000000' + 1234567890123456789n.toString(16).padStart(16, '0'));
  assert.equal(extracted?.spanId, 987654321n.toString(16).padStart(16, '0'));
  assert.equal(extracted?.traceFlags, TraceFlags.SAMPLED);
});

for (const [name, headers] of [
  ['non-numeric', { 'x-datadog-trace-id': 'abc', 'x-datadog-parent-id': '1' }],
  ['zero', { 'x-datadog-trace-id': '0', 'x-datadog-parent-id': '1' }],
  ['over 64 bits', { 'x-datadog-trace-id': '18446744073709551616', 'x-datadog-parent-id': '1' }],
  ['missing parent', { 'x-datadog-trace-id': '5' }],
  [
    'binary garbage',
    { 'x-datadog-trace-id': Buffer.from([0xff, 0x00, 0xfe]), 'x-datadog-parent-id': Buffer.from([1]) },
  ],
] as const) {
  test(`Datadog extract ignores malformed headers: ${name}`, () => {
    const extracted = new DatadogPropagator().extract(ROOT_CONTEXT, headers, kafkaHeaderGetter);
    assert.equal(trace.getSpanContext(extracted), undefined);
  });
}

test('W3C wins over Datadog when both are present; malformed traceparent gives no context', () => {
  const propagator = buildPropagator(['tracecontext', 'baggage', 'datadog']);
  const both = {
    traceparent: Buffer.from(`00-${TRACE_ID}-${SPAN_ID}-01`),
    'x-datadog-trace-id': '42',
    'x-datadog-parent-id': '43',
  };
  assert.equal(
    trace.getSpanContext(propagator.extract(ROOT_CONTEXT, both, kafkaHeaderGetter))?.traceId,
    TRACE_ID,
  );
  for (const garbage of ['00-zz-yy-01', '', '\u0000\u0001', `ff-${TRACE_ID}-${SPAN_ID}-01`]) {
    const ctx = propagator.extract(ROOT_CONTEXT, { traceparent: garbage }, kafkaHeaderGetter);
    assert.equal(trace.getSpanContext(ctx), undefined, JSON.stringify(garbage));
  }
});

test('header getter tolerates null, undefined, arrays, Buffers, odd case and huge values', () => {
  const headers: MessageHeaders = {
    a: null,
    b: undefined,
    c: [Buffer.from('first'), 'second'],
    d: Buffer.from('buf'),
    TraceParent: 'upper',
    huge: 'x'.repeat(100_000),
  };
  assert.equal(kafkaHeaderGetter.get(headers, 'a'), undefined);
  assert.equal(kafkaHeaderGetter.get(headers, 'b'), undefined);
  assert.equal(kafkaHeaderGetter.get(headers, 'c'), 'first');
  assert.equal(kafkaHeaderGetter.get(headers, 'd'), 'buf');
  assert.equal(kafkaHeaderGetter.get(headers, 'traceparent'), 'upper');
  assert.equal(kafkaHeaderGetter.get(headers, 'huge'), undefined);
  assert.equal(kafkaHeaderGetter.get(undefined, 'a'), undefined);
  assert.deepEqual(kafkaHeaderGetter.keys(null), []);
});
