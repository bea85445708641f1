// Shared set-up for tracing end-to-end tests: an OTLP receiver and instrumented fixture processes.
import assert from 'node:assert/strict';
import type { ReceivedSpan } from './otlp-receiver';
import { waitFor } from './kafka';
import { brokers } from './rig-env';
import { AppProcess, fixture, projectRoot, startApp } from './processes';
import { join } from 'node:path';

export const REGISTER_CJS = join(projectRoot, 'dist', 'register.js');

export const SPAN_KIND = { INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;

export interface Consumed {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string | null>;
  baggage: Record<string, string>;
  activeTraceId?: string;
}

export function instrumentedEnv(endpoint: string, service: string, extra: Record<string, string> = {}) {
  return {
    KAFKA_BROKERS: brokers().join(','),
    OTEL_SERVICE_NAME: service,
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
    ...extra,
  };
}

export async function startProducerService(endpoint: string, extra: Record<string, string> = {}) {
  const app = startApp(
    ['-r', REGISTER_CJS, fixture('tracing', 'producer-service.js')],
    instrumentedEnv(endpoint, 'signup-api', extra),
  );
  const ready = await app.waitForLine(/^READY \d+/);
  return { app, port: Number(ready.split(' ')[1]) };
}

export async function startConsumerService(
  endpoint: string,
  topics: string[],
  groupId: string,
  extra: Record<string, string> = {},
): Promise<AppProcess> {
  const app = startApp(
    ['-r', REGISTER_CJS, fixture('tracing', 'consumer-service.js')],
    instrumentedEnv(endpoint, 'signup-worker', { TOPICS: topics.join(','), GROUP_ID: groupId, ...extra }),
  );
  await app.waitForLine(/^READY$/);
  return app;
}

export function findSpan(
  spans: readonly ReceivedSpan[],
  predicate: (s: ReceivedSpan) => boolean,
  what: string,
): Promise<ReceivedSpan> {
  return waitFor(what, () => spans.find(predicate), 30_000);
}

export function traceparent(traceId: string, spanId: string): string {
  return `00-${traceId}-${spanId}-01`;
}

export function assertChild(child: ReceivedSpan, parent: ReceivedSpan): void {
  assert.equal(child.traceId, parent.traceId, `${child.name} is in the trace of ${parent.name}`);
  assert.equal(child.parentSpanId, parent.spanId, `${child.name} is a child of ${parent.name}`);
}
