// Records shaped like what the agent stores most: kinstrument's `process <topic>` spans (its attributes and
// resource) and kafkajs JSON log lines with trace correlation, as records and as the SDK's JSON log lines.
// Ids are random, as real trace and span ids are: the store's index on them then sees inserts in random order.
import { randomBytes } from 'node:crypto';
import type { SpanRecord } from '../../src/agent/intake/otlp/model';
import type { LogRecord } from '../../src/agent/logs/record';

const RESOURCE = {
  'service.name': 'signup-worker',
  'deployment.environment.name': 'bench',
  'service.version': '1.4.2',
  'telemetry.distro.name': 'kinstrument',
  'telemetry.distro.version': '0.1.0',
  'host.name': 'bench-host',
};

/** Random hex ids for `count` records: a 32-digit trace id and two 16-digit span ids each, one draw for all. */
function randomIds(count: number): (record: number) => { traceId: string; spanId: string; parentId: string } {
  const hex = randomBytes(count * 32).toString('hex');
  return (record) => {
    const at = record * 64;
    return {
      traceId: hex.slice(at, at + 32),
      spanId: hex.slice(at + 32, at + 48),
      parentId: hex.slice(at + 48, at + 64),
    };
  };
}

export function benchSpans(count: number, startIndex: number): SpanRecord[] {
  const now = BigInt(Date.now()) * 1_000_000n;
  const ids = randomIds(count);
  return Array.from({ length: count }, (_, i) => {
    const index = startIndex + i;
    const { traceId, spanId, parentId } = ids(i);
    const start = now - BigInt((count - i) * 1_000);
    return {
      traceId,
      spanId,
      parentSpanId: parentId,
      name: `process orders-${index % 8}`,
      kind: 5,
      service: 'signup-worker',
      startTimeUnixNano: String(start),
      endTimeUnixNano: String(start + 850_000n),
      durationNs: 850_000,
      status: { code: 0 },
      attributes: {
        'messaging.system': 'kafka',
        'messaging.client.id': 'signup-consumer',
        'server.address': '127.0.0.1',
        'server.port': 9092,
        'messaging.operation.type': 'process',
        'messaging.operation.name': 'process',
        'messaging.destination.name': `orders-${index % 8}`,
        'messaging.destination.partition.id': String(index % 12),
        'messaging.kafka.offset': index,
        'messaging.consumer.group.name': 'signup-workers',
        'messaging.message.body.size': 1024,
      },
      events: [],
      links: [],
      resource: RESOURCE,
      scope: { name: 'kinstrument-kafkajs', version: '0.1.0' },
    };
  });
}

export function benchLogs(count: number, startIndex: number): LogRecord[] {
  const now = Date.now();
  const ids = randomIds(count);
  return Array.from({ length: count }, (_, i) => {
    const index = startIndex + i;
    const { traceId, spanId } = ids(i);
    return {
      timestamp: now - (count - i),
      level: index % 50 === 0 ? 'warn' : 'info',
      message: `[Consumer] Consumer has joined the group ${index % 4 === 0 ? 'after a rebalance' : ''} groupId=signup-workers memberId=signup-consumer-${index % 16} leaderId=signup-consumer-0 isLeader=false memberAssignment={"orders-${index % 8}":[${index % 12}]}`,
      logger: 'kafkajs.Consumer',
      service: 'signup-worker',
      source: 'json',
      host: 'bench-host',
      tags: ['env:bench', 'team:growth', 'service:signup-worker'],
      traceId,
      spanId,
      attributes: { groupId: 'signup-workers', generationId: index % 100, 'kafkajs.namespace': 'Consumer' },
      file: '/var/log/signup-worker/app.log',
    };
  });
}

/** A kafkajs log line as kinstrument's SDK writes it (src/signals/logs/record.ts), for the agent to tail. */
export function benchLogLine(index: number, now: number): string {
  const { traceId, spanId } = randomIds(1)(0);
  return JSON.stringify({
    timestamp: new Date(now).toISOString(),
    level: index % 50 === 0 ? 'warn' : 'info',
    message: 'Consumer has joined the group',
    source: 'kafkajs',
    service: 'signup-worker',
    env: 'bench',
    ddtags: 'team:growth',
    logger: { name: 'kafkajs', namespace: 'Consumer' },
    kafkajs: {
      groupId: 'signup-workers',
      memberId: `signup-consumer-${index % 16}`,
      leaderId: 'signup-consumer-0',
      isLeader: false,
      memberAssignment: { [`orders-${index % 8}`]: [index % 12] },
      groupProtocol: 'RoundRobinAssigner',
      duration: 12 + (index % 40),
    },
    trace_id: traceId,
    span_id: spanId,
  });
}
