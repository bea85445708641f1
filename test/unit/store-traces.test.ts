// Span storage: a trace by id, trace search and its summaries, pagination, pickers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SpanRecord } from '../../src/agent/intake/otlp';
import { QueryError, Store } from '../../src/agent/store';

const MS = 1_000_000n;
const T0 = 1_700_000_000_000n * MS; // ns
const NOW_MS = 1_700_000_000_000 + 600_000;

let counter = 0;
function span(
  traceId: string,
  fields: Partial<SpanRecord> & { startMs: number; durationMs: number },
): SpanRecord {
  counter += 1;
  const start = T0 + BigInt(fields.startMs) * MS;
  const end = start + BigInt(fields.durationMs) * MS;
  const rest: Partial<SpanRecord> & { startMs?: number; durationMs?: number } = { ...fields };
  delete rest.startMs;
  delete rest.durationMs;
  return {
    traceId,
    spanId: counter.toString(16).padStart(16, '0'),
    name: 'op',
    kind: 1,
    service: 'svc',
    startTimeUnixNano: start.toString(),
    endTimeUnixNano: end.toString(),
    durationNs: fields.durationMs * 1e6,
    status: { code: 0 },
    attributes: {},
    events: [],
    links: [],
    resource: { 'service.name': fields.service ?? 'svc' },
    scope: { name: 'kinstrument', version: '0.1.0' },
    ...rest,
  };
}

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const C = 'c'.repeat(32);

async function seeded(): Promise<{ store: Store; spans: SpanRecord[] }> {
  const store = new Store({ path: ':memory:', clock: () => NOW_MS });
  // Trace A: HTTP → send (producer service) → process → handler (consumer service); the handler fails.
  const http = span(A, { name: 'POST /send', kind: 2, service: 'signup-api', startMs: 0, durationMs: 30 });
  const send = span(A, {
    name: 'send orders',
    kind: 4,
    service: 'signup-api',
    parentSpanId: http.spanId,
    startMs: 5,
    durationMs: 20,
  });
  const process = span(A, {
    name: 'process orders',
    kind: 5,
    service: 'signup-worker',
    parentSpanId: send.spanId,
    startMs: 40,
    durationMs: 100,
  });
  const handler = span(A, {
    name: 'handle signup',
    service: 'signup-worker',
    parentSpanId: process.spanId,
    startMs: 50,
    durationMs: 80,
    status: { code: 2, message: 'boom' },
    attributes: { 'signup.value': 'alice', attempts: 3 },
    events: [
      {
        timeUnixNano: (T0 + 60n * MS).toString(),
        name: 'exception',
        attributes: { 'exception.type': 'Error' },
      },
    ],
  });
  // Trace B: one quick send, later.
  const quick = span(B, {
    name: 'send orders',
    kind: 4,
    service: 'signup-api',
    startMs: 1_000,
    durationMs: 2,
  });
  // Trace C: its root was never received (a consumer whose producer is not instrumented).
  const orphan = span(C, {
    name: 'process audit',
    kind: 5,
    service: 'audit',
    parentSpanId: 'f'.repeat(16),
    startMs: 2_000,
    durationMs: 7,
  });
  const spans = [handler, process, send, http, quick, orphan]; // out of order, as exports arrive
  store.offerSpans(spans);
  await store.flush();
  return { store, spans };
}

test('a trace by id: every span, by start time, with attributes, events and resource', async () => {
  const { store } = await seeded();
  const trace = store.query.trace(A.toUpperCase());
  assert.ok(trace);
  assert.deepEqual(
    trace.spans.map((s) => [s.name, s.service, s.kindName, s.durationMs, s.error]),
    [
      ['POST /send', 'signup-api', 'server', 30, false],
      ['send orders', 'signup-api', 'producer', 20, false],
      ['process orders', 'signup-worker', 'consumer', 100, false],
      ['handle signup', 'signup-worker', 'internal', 80, true],
    ],
  );
  const handler = trace.spans[3]!;
  assert.equal(handler.parentSpanId, trace.spans[2]!.spanId);
  assert.deepEqual(handler.status, { code: 2, message: 'boom' });
  assert.deepEqual(handler.attributes, { 'signup.value': 'alice', attempts: 3 });
  assert.equal(handler.events[0]?.name, 'exception');
  assert.deepEqual(handler.resource, { 'service.name': 'signup-worker' });
  assert.deepEqual(handler.scope, { name: 'kinstrument', version: '0.1.0' });
  assert.equal(handler.startTimeUnixNano, (T0 + 50n * MS).toString());
  assert.equal(handler.startMs, 1_700_000_000_050);
  assert.equal(store.query.trace('d'.repeat(32)), undefined);
  assert.throws(() => store.query.trace('not-an-id'), QueryError);
  await store.close();
});

test('search summaries: root, services, span count, duration, errors; newest first', async () => {
  const { store } = await seeded();
  const page = store.query.traces({ from: 1_700_000_000_000 - 1 });
  assert.deepEqual(
    page.traces.map((t) => [
      t.traceId,
      t.root?.name,
      t.root?.parentMissing,
      t.services,
      t.spanCount,
      t.durationMs,
      t.errorCount,
    ]),
    [
      [C, 'process audit', true, ['audit'], 1, 7, 0],
      [B, 'send orders', false, ['signup-api'], 1, 2, 0],
      [A, 'POST /send', false, ['signup-api', 'signup-worker'], 4, 140, 1],
    ],
  );
  assert.equal(page.traces[2]?.startTimeUnixNano, T0.toString());
  assert.equal(page.nextCursor, undefined);
  await store.close();
});

test("a summary's root follows the parent links, not the clocks of the services", async () => {
  // The caller of the HTTP span was never exported, and the consumer's clock runs 50 ms behind the
  // producer's: its span seems to start first, yet the HTTP span is the root.
  const store = new Store({ path: ':memory:', clock: () => NOW_MS });
  const http = span(A, {
    name: 'POST /send',
    service: 'signup-api',
    parentSpanId: 'e'.repeat(16),
    startMs: 100,
    durationMs: 30,
  });
  const send = span(A, {
    name: 'send',
    service: 'signup-api',
    parentSpanId: http.spanId,
    startMs: 105,
    durationMs: 5,
  });
  const process = span(A, {
    name: 'process',
    service: 'signup-worker',
    parentSpanId: send.spanId,
    startMs: 60,
    durationMs: 10,
  });
  store.offerSpans([process, send, http]);
  await store.flush();
  const [summary] = store.query.traces({ from: 1_700_000_000_000 - 1 }).traces;
  assert.equal(summary?.root?.spanId, http.spanId);
  assert.equal(summary?.root?.parentMissing, true);
  await store.close();
});

test('search criteria match spans: service, operation, duration bounds, error, time range', async () => {
  const { store } = await seeded();
  const ids = (search: Parameters<Store['query']['traces']>[0]) =>
    store.query.traces({ from: 1_700_000_000_000, ...search }).traces.map((t) => t.traceId);
  assert.deepEqual(ids({ service: 'signup-api' }), [B, A]);
  assert.deepEqual(ids({ service: 'signup-api', operation: 'send orders', minDurationMs: 10 }), [A]);
  assert.deepEqual(ids({ operation: 'send orders', maxDurationMs: 10 }), [B]);
  assert.deepEqual(ids({ minDurationMs: 80, maxDurationMs: 80 }), [A]);
  assert.deepEqual(ids({ error: true }), [A]);
  assert.deepEqual(ids({ error: false }), [C, B]);
  assert.deepEqual(ids({ from: 1_700_000_000_500, to: 1_700_000_001_500 }), [B]);
  assert.deepEqual(ids({ service: 'nobody' }), []);
  // Default range: the last hour before the store's clock.
  assert.deepEqual(store.query.traces({}).traces.length, 3);
  await store.close();
});

test('search pagination with a cursor visits every trace once', async () => {
  const store = new Store({ path: ':memory:', clock: () => NOW_MS });
  const spans: SpanRecord[] = [];
  for (let i = 0; i < 23; i += 1)
    spans.push(span(i.toString(16).padStart(32, '0'), { startMs: i % 4, durationMs: 1 }));
  store.offerSpans(spans);
  await store.flush();
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = store.query.traces({ limit: 5, ...(cursor ? { cursor } : {}) });
    seen.push(...page.traces.map((t) => t.traceId));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  assert.equal(seen.length, 23);
  assert.equal(new Set(seen).size, 23);
  assert.throws(() => store.query.traces({ cursor: 'nope' }), QueryError);
  await store.close();
});

test('a span sent twice (a client retry) is stored once; pickers list services and operations', async () => {
  const { store, spans } = await seeded();
  store.offerSpans(spans.slice(0, 2));
  await store.flush();
  assert.equal(store.stats().spans.duplicates, 2);
  assert.equal(store.query.trace(A)?.spans.length, 4);
  assert.deepEqual(store.query.services(), ['audit', 'signup-api', 'signup-worker']);
  assert.deepEqual(store.query.operations('signup-api'), [
    { service: 'signup-api', name: 'POST /send' },
    { service: 'signup-api', name: 'send orders' },
  ]);
  assert.equal(store.query.operations().length, 5);
  await store.close();
});
