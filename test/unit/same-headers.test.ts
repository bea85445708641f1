// Comparing message headers without extracting their context (propagation/same-headers.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LastHeaders, sameHeaders } from '../../src/signals/traces/propagation/same-headers';

const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

test('headers with the same names and equal values are the same, Buffers compared by content', () => {
  const a = { traceparent: Buffer.from(TRACEPARENT), 'x-datadog-sampling-priority': '1' };
  const b = { traceparent: Buffer.from(TRACEPARENT), 'x-datadog-sampling-priority': '1' };
  assert.equal(sameHeaders(a, b), true);
  assert.equal(sameHeaders({}, {}), true);
});

test('a different value, a missing or extra header, or another spelling makes them differ', () => {
  const a = { traceparent: Buffer.from(TRACEPARENT) };
  assert.equal(sameHeaders(a, { traceparent: Buffer.from(TRACEPARENT.replace('01', '00')) }), false);
  assert.equal(sameHeaders(a, { traceparent: Buffer.from(TRACEPARENT), baggage: 'k=v' }), false);
  assert.equal(sameHeaders({ traceparent: Buffer.from(TRACEPARENT), baggage: 'k=v' }, a), false);
  assert.equal(sameHeaders(a, { Traceparent: Buffer.from(TRACEPARENT) }), false);
  // A string and a Buffer of the same text are not compared by content: extraction decides for them.
  assert.equal(sameHeaders(a, { traceparent: TRACEPARENT }), false);
  // Repeated headers (arrays) are the same only as the same array.
  const repeated = [Buffer.from('a'), Buffer.from('b')];
  assert.equal(sameHeaders({ h: repeated }, { h: repeated }), true);
  assert.equal(sameHeaders({ h: repeated }, { h: [...repeated] }), false);
});

test('LastHeaders answers only for headers equal to the last remembered, whatever happened to that object', () => {
  const last = new LastHeaders<string>();
  const first = { traceparent: Buffer.from(TRACEPARENT), 'x-datadog-trace-id': Buffer.from('1') };
  assert.equal(last.match(first), undefined, 'nothing remembered yet');
  last.remember(first, 'context A');
  assert.equal(
    last.match({ traceparent: Buffer.from(TRACEPARENT), 'x-datadog-trace-id': Buffer.from('1') }),
    'context A',
  );
  assert.equal(last.match({ traceparent: Buffer.from(TRACEPARENT) }), undefined);
  assert.equal(last.match({ ...first, extra: 'x' }), undefined);
  // The app changes the first message's headers afterwards: what was remembered is what was extracted.
  (first as Record<string, unknown>)['x-datadog-trace-id'] = Buffer.from('2');
  assert.equal(
    last.match({ traceparent: Buffer.from(TRACEPARENT), 'x-datadog-trace-id': Buffer.from('2') }),
    undefined,
  );
  last.remember({}, 'no context');
  assert.equal(last.match({}), 'no context');
  assert.equal(last.match(first), undefined);
});
