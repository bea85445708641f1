// The flame graph's layout: depth-first order across processes, rows that never overlap, ruler ticks.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { depthFirst, layoutFlame, ticks, type LayoutSpan } from '../../src/ui/traces/flame-layout';

function span(
  spanId: string,
  parentSpanId: string | undefined,
  service: string,
  startMs: number,
  durationMs: number,
): LayoutSpan {
  return parentSpanId === undefined
    ? { spanId, service, startMs, durationMs }
    : { spanId, parentSpanId, service, startMs, durationMs };
}

// HTTP request → send (producer process) → process → handler (consumer process), plus a retry send.
const TRACE = [
  span('handle', 'process', 'worker', 1027, 3),
  span('server', undefined, 'api', 1000, 20),
  span('send', 'server', 'api', 1002, 15),
  span('process', 'send', 'worker', 1025, 8),
  span('send-2', 'server', 'api', 1010, 5),
];

test('depth-first order follows parent → child across services, children by start time', () => {
  assert.deepEqual(
    depthFirst(TRACE).map(({ span: s, depth }) => `${s.spanId}@${depth}`),
    ['server@0', 'send@1', 'process@2', 'handle@3', 'send-2@1'],
  );
});

test('layout: time as fractions of the trace, overlapping siblings on separate rows', () => {
  const layout = layoutFlame(TRACE);
  assert.equal(layout.startMs, 1000);
  assert.equal(layout.endMs, 1033);
  assert.deepEqual(layout.services, ['api', 'worker']);
  const rows = Object.fromEntries(layout.placed.map((p) => [p.span.spanId, p.row]));
  // send-2 overlaps send (1010–1015 within 1002–1017): it goes one row further down.
  assert.deepEqual(rows, { server: 0, send: 1, process: 2, handle: 3, 'send-2': 2 });
  assert.equal(layout.rows, 4);
  const process = layout.placed.find((p) => p.span.spanId === 'process')!;
  assert.equal(process.left, 25 / 33);
  assert.equal(process.width, 8 / 33);
});

test('layout: spans whose parent is not stored start at the top; a parent cycle does not hang', () => {
  const layout = layoutFlame([
    span('orphan', 'missing', 'svc', 0, 10),
    span('a', 'b', 'svc', 20, 1),
    span('b', 'a', 'svc', 21, 1),
  ]);
  assert.equal(layout.placed.length, 3);
  assert.equal(layout.placed.find((p) => p.span.spanId === 'orphan')!.row, 0);
});

test('layout: touching spans share a row, zero-length spans still take one', () => {
  const layout = layoutFlame([
    span('a', undefined, 's', 0, 5),
    span('b', undefined, 's', 5, 5),
    span('c', undefined, 's', 5, 0),
  ]);
  assert.deepEqual(
    layout.placed.map((p) => [p.span.spanId, p.row]),
    [
      ['a', 0],
      ['b', 0],
      ['c', 1],
    ],
  );
  assert.deepEqual(layoutFlame([]), { placed: [], rows: 0, startMs: 0, endMs: 0, services: [] });
});

test('ruler ticks: round steps across the extent', () => {
  assert.deepEqual(ticks(33), [0, 10, 20, 30]);
  assert.deepEqual(ticks(1), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(ticks(0), [0]);
});
