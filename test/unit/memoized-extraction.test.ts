// Reusing the last extracted context while the headers the propagators read are unchanged
// (propagation/memoized-extraction.ts), with the propagator kinstrument builds by default.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  propagation,
  trace,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
} from '@opentelemetry/api';
import { MemoizedExtractor } from '../../src/signals/traces/propagation/memoized-extraction';
import { buildPropagator } from '../../src/signals/traces/propagation/propagator';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const traceparent = (spanId: string) => `00-${TRACE_ID}-${spanId}-01`;
const SPAN_A = '00f067aa0ba902b7';
const SPAN_B = '00f067aa0ba902b8';

function extractor(): MemoizedExtractor {
  return new MemoizedExtractor(buildPropagator(['tracecontext', 'datadog', 'baggage']));
}

const spanIdOf = (context: Context) => trace.getSpanContext(context)?.spanId;

test('the same trace context is reused, whatever else the message carries', () => {
  const memo = extractor();
  const first = memo.extract({
    traceparent: Buffer.from(traceparent(SPAN_A)),
    'x-datadog-parent-id': Buffer.from('1'),
    'content-type': Buffer.from('application/json'),
  });
  assert.equal(memo.reused, false);
  assert.equal(spanIdOf(first), SPAN_A);
  // Once traceparent is found the Datadog headers are not read, and the app's headers never are.
  const second = memo.extract({
    traceparent: Buffer.from(traceparent(SPAN_A)),
    'x-datadog-parent-id': Buffer.from('2'),
    'content-type': Buffer.from('text/plain'),
  });
  assert.equal(memo.reused, true);
  assert.equal(second, first);
  // Spelled in another case, the getter reads the same text.
  assert.equal(memo.extract({ TraceParent: Buffer.from(traceparent(SPAN_A)) }), first);
  assert.equal(memo.reused, true);
});

test('a changed, added or removed header the propagators read is extracted again', () => {
  const memo = extractor();
  memo.extract({ traceparent: Buffer.from(traceparent(SPAN_A)) });
  assert.equal(spanIdOf(memo.extract({ traceparent: Buffer.from(traceparent(SPAN_B)) })), SPAN_B);
  assert.equal(memo.reused, false);
  // tracestate and baggage were read as absent: one appearing changes the answer.
  const withState = memo.extract({ traceparent: Buffer.from(traceparent(SPAN_B)), tracestate: 'k=v' });
  assert.equal(memo.reused, false);
  assert.equal(trace.getSpanContext(withState)?.traceState?.get('k'), 'v');
  const withBaggage = memo.extract({ traceparent: Buffer.from(traceparent(SPAN_B)), baggage: 'user=7' });
  assert.equal(memo.reused, false);
  assert.equal(propagation.getBaggage(withBaggage)?.getEntry('user')?.value, '7');
  assert.equal(spanIdOf(memo.extract({})), undefined);
  assert.equal(memo.reused, false);
  assert.equal(spanIdOf(memo.extract({})), undefined);
  assert.equal(memo.reused, true);
});

test('without trace context the Datadog headers decide, so they are compared', () => {
  const memo = extractor();
  const datadog = (parent: string) => ({
    'x-datadog-trace-id': Buffer.from('5208512171318403364'),
    'x-datadog-parent-id': Buffer.from(parent),
    'x-datadog-sampling-priority': Buffer.from('1'),
  });
  const first = memo.extract(datadog('1234'));
  assert.equal(spanIdOf(first), (1234).toString(16).padStart(16, '0'));
  assert.equal(memo.extract(datadog('1234')), first);
  assert.equal(memo.reused, true);
  assert.equal(spanIdOf(memo.extract(datadog('1235'))), (1235).toString(16).padStart(16, '0'));
  assert.equal(memo.reused, false);
  // An invalid traceparent is read and found wanting; the Datadog headers still decide.
  const invalid = { ...datadog('1235'), traceparent: Buffer.from('garbage') };
  assert.equal(spanIdOf(memo.extract(invalid)), (1235).toString(16).padStart(16, '0'));
  assert.equal(memo.extract({ ...datadog('1236'), traceparent: Buffer.from('garbage') }) === first, false);
  assert.equal(memo.reused, false);
});

test('values are compared by text without decoding; a string and a Buffer are simply read again', () => {
  const memo = extractor();
  const first = memo.extract({ traceparent: traceparent(SPAN_A) });
  assert.equal(memo.extract({ traceparent: traceparent(SPAN_A) }), first);
  assert.equal(memo.reused, true);
  const asBuffer = memo.extract({ traceparent: Buffer.from(traceparent(SPAN_A)) });
  assert.equal(memo.reused, false);
  assert.equal(spanIdOf(asBuffer), SPAN_A);
  // Repeated headers (arrays): the getter reads the first value, and so does the comparison.
  const repeated = memo.extract({ traceparent: [Buffer.from(traceparent(SPAN_B)), Buffer.from('x')] });
  assert.equal(spanIdOf(repeated), SPAN_B);
  memo.extract({ traceparent: [Buffer.from(traceparent(SPAN_B)), Buffer.from('y')] });
  assert.equal(memo.reused, true);
});

test('changing the last message afterwards cannot make another message match it', () => {
  const memo = extractor();
  const headers: Record<string, Buffer> = { traceparent: Buffer.from(traceparent(SPAN_A)) };
  memo.extract(headers);
  headers.traceparent = Buffer.from(traceparent(SPAN_B));
  assert.equal(spanIdOf(memo.extract({ traceparent: Buffer.from(traceparent(SPAN_B)) })), SPAN_B);
  assert.equal(memo.reused, false);
});

test('forget(), a propagator that lists the keys, or too many reads: nothing is reused', () => {
  const memo = extractor();
  const headers = { traceparent: Buffer.from(traceparent(SPAN_A)) };
  memo.extract(headers);
  memo.forget();
  memo.extract(headers);
  assert.equal(memo.reused, false);

  const listing: TextMapPropagator = {
    inject: () => undefined,
    extract: (context, carrier, getter: TextMapGetter) => (getter.keys(carrier), context),
    fields: () => [],
  };
  const byKeys = new MemoizedExtractor(listing);
  byKeys.extract(headers);
  byKeys.extract(headers);
  assert.equal(byKeys.reused, false);

  const greedy: TextMapPropagator = {
    inject: () => undefined,
    extract: (context, carrier, getter: TextMapGetter) => {
      for (let i = 0; i < 20; i++) getter.get(carrier, `h${i}`);
      return context;
    },
    fields: () => [],
  };
  const byMany = new MemoizedExtractor(greedy);
  byMany.extract(headers);
  byMany.extract(headers);
  assert.equal(byMany.reused, false);
});

test('an extraction that throws is not reused, and the error reaches the caller', () => {
  let calls = 0;
  const failing: TextMapPropagator = {
    inject: () => undefined,
    extract: (context, carrier, getter: TextMapGetter) => {
      calls += 1;
      getter.get(carrier, 'traceparent');
      if (calls === 1) throw new Error('boom');
      return context;
    },
    fields: () => [],
  };
  const memo = new MemoizedExtractor(failing);
  const headers = { traceparent: Buffer.from(traceparent(SPAN_A)) };
  assert.throws(() => memo.extract(headers), /boom/);
  memo.extract(headers);
  assert.equal(memo.reused, false);
  assert.equal(calls, 2);
});
