// The OTLP receiver's fan-out sink: the client hears the primary's answer (the store), the others keep theirs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OtlpSink, SpanRecord } from '../../src/agent/intake/otlp/model';
import { fanOutOtlp } from '../../src/agent/intake/otlp/sink';

function sink(refuse: number, full = false): OtlpSink & { seen: number } {
  const s = {
    seen: 0,
    offerSpans: (spans: readonly SpanRecord[]) => {
      s.seen += spans.length;
      return Math.min(refuse, spans.length);
    },
    offerLogs: () => 0,
    refusesAll: () => full,
  };
  return s;
}

const spans = (n: number) => Array.from({ length: n }, () => ({}) as SpanRecord);

test("refused counts and 'refuses everything' are the primary's; every sink sees the records", () => {
  const primary = sink(2);
  const other = sink(5, true);
  const fan = fanOutOtlp(primary, other);
  assert.equal(fan.offerSpans(spans(4)), 2);
  assert.deepEqual([primary.seen, other.seen], [4, 4]);
  assert.equal(fan.refusesAll?.('spans'), false, 'a full secondary does not refuse for the client');
  assert.equal(fanOutOtlp(sink(0, true), sink(0)).refusesAll?.('logs'), true);
  const plain: OtlpSink = { offerSpans: () => 0, offerLogs: () => 0 };
  assert.equal(
    fanOutOtlp(plain).refusesAll?.('spans'),
    false,
    'a sink without the check never refuses up front',
  );
});
