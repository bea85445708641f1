// Records shaped like what the agent stores most: kinstrument's `process <topic>` spans (its attributes and
// resource) and kafkajs JSON log lines with trace correlation.
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

export function benchSpans(count: number, startIndex: number): SpanRecord[] {
  const now = BigInt(Date.now()) * 1_000_000n;
  return Array.from({ length: count }, (_, i) => {
    const index = startIndex + i;
    const start = now - BigInt((count - i) * 1_000);
    return {
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      parentSpanId: randomBytes(8).toString('hex'),
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
  return Array.from({ length: count }, (_, i) => {
    const index = startIndex + i;
    return {
      timestamp: now - (count - i),
      level: index % 50 === 0 ? 'warn' : 'info',
      message: `[Consumer] Consumer has joined the group ${index % 4 === 0 ? 'after a rebalance' : ''} groupId=signup-workers memberId=signup-consumer-${index % 16} leaderId=signup-consumer-0 isLeader=false memberAssignment={"orders-${index % 8}":[${index % 12}]}`,
      logger: 'kafkajs.Consumer',
      service: 'signup-worker',
      source: 'json',
      host: 'bench-host',
      tags: ['env:bench', 'team:growth', 'service:signup-worker'],
      traceId: randomBytes(16).toString('hex'),
      spanId: randomBytes(8).toString('hex'),
      attributes: { groupId: 'signup-workers', generationId: index % 100, 'kafkajs.namespace': 'Consumer' },
      file: '/var/log/signup-worker/app.log',
    };
  });
}
