// Span times: kinstrument's spans and the app's own spans read the same clock. The monotonic clock that
// `performance.timeOrigin + performance.now()` stands on drifts from the wall clock over a process's life
// (clock steps, a suspended VM); here that drift is simulated by moving timeOrigin 10 s back.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { context, trace, type Span } from '@opentelemetry/api';
import { hrTimeToMilliseconds } from '@opentelemetry/core';
import { NodeTracerProvider, type ReadableSpan, type SpanProcessor } from '@opentelemetry/sdk-trace-node';
import type { ClientInfo, SendEvent } from '../../src/instrumentation/events';
import { EventHub, now } from '../../src/instrumentation/hub';
import { buildPropagator } from '../../src/signals/traces/propagation/propagator';
import { createTracingListener } from '../../src/signals/traces/tracing-listener';

const DRIFT_MS = 10_000;
const realOrigin = Object.getOwnPropertyDescriptor(performance, 'timeOrigin');
after(() => {
  if (realOrigin) Object.defineProperty(performance, 'timeOrigin', realOrigin);
  else delete (performance as { timeOrigin?: number }).timeOrigin;
});

test("a send span inside the app's span starts and ends within it, though the monotonic clock drifted", async () => {
  const ended: ReadableSpan[] = [];
  const collect: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span) => void ended.push(span),
    forceFlush: async () => undefined,
    shutdown: async () => undefined,
  };
  const provider = new NodeTracerProvider({ spanProcessors: [collect] });
  provider.register(); // the context manager, so the send sees the app's span as active
  const hub = new EventHub();
  hub.add(
    createTracingListener({
      tracer: provider.getTracer('kinstrument'),
      propagator: buildPropagator(['tracecontext']),
      traceTopic: () => true,
      captureMessageKey: false,
      consumerSpanRelation: 'parent',
      maxBatchLinks: 128,
    }),
  );
  const client: ClientInfo = {
    role: 'producer',
    clientId: 'app',
    broker: '127.0.0.1:9092',
    groupId: undefined,
    transactionalId: undefined,
  };
  Object.defineProperty(performance, 'timeOrigin', {
    value: performance.timeOrigin - DRIFT_MS,
    configurable: true,
  });

  const wallBefore = Date.now();
  const http: Span = provider.getTracer('app').startSpan('POST /signup');
  await new Promise((resolve) => setTimeout(resolve, 5));
  const event: SendEvent = {
    operation: 'send',
    client,
    transactional: false,
    acks: 1,
    topicMessages: [{ topic: 'signups', messages: [{ value: 'v' }] }],
    startTime: now(),
  };
  await context.with(trace.setSpan(context.active(), http), () =>
    hub.run(
      'onSend',
      event,
      () => new Promise((resolve) => setTimeout(resolve, 5)),
      () => ({ recordMetadata: [] }),
    ),
  );
  // The SDK anchors each span to Date.now() as it starts, in 1 ms steps: spans anchored apart can disagree by
  // up to 1 ms. The app's span goes on a little after the send, as it goes on a little before it.
  await new Promise((resolve) => setTimeout(resolve, 5));
  http.end();
  const wallAfter = Date.now();

  const byName = new Map(ended.map((span) => [span.name, span]));
  const send = byName.get('send signups');
  const parent = byName.get('POST /signup');
  assert.ok(send && parent, `spans: ${[...byName.keys()].join(', ')}`);
  const ms = (time: ReadableSpan['startTime']) => hrTimeToMilliseconds(time);
  assert.equal(send.parentSpanContext?.spanId, parent.spanContext().spanId);
  assert.ok(ms(send.startTime) >= wallBefore - 1, `send starts at wall-clock time, not ${DRIFT_MS} ms early`);
  assert.ok(ms(send.endTime) <= wallAfter + 1);
  assert.ok(ms(send.startTime) >= ms(parent.startTime), 'the send starts inside its parent');
  assert.ok(ms(send.endTime) <= ms(parent.endTime), 'the send ends inside its parent');
  assert.ok(ms(send.endTime) - ms(send.startTime) >= 4, 'its duration is the monotonic one');
  await provider.shutdown();
  trace.disable();
  context.disable();
});
