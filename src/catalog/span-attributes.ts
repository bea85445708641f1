// Every span attribute kinstrument sets, with where and when. Spans, README and tests read this list.
// Names follow the OpenTelemetry messaging semantic conventions where one exists; the few without a
// convention are under `messaging.kafka.*` and marked `convention: false`.

export type SpanKindName = 'send' | 'process' | 'process_batch' | 'transaction';

export interface SpanAttributeSpec {
  key: string;
  type: 'string' | 'int' | 'boolean';
  spans: readonly SpanKindName[];
  when: string;
  description: string;
  convention: boolean;
}

export const ATTR = {
  messagingSystem: 'messaging.system',
  operationType: 'messaging.operation.type',
  operationName: 'messaging.operation.name',
  destinationName: 'messaging.destination.name',
  partitionId: 'messaging.destination.partition.id',
  offset: 'messaging.kafka.offset',
  messageKey: 'messaging.kafka.message.key',
  tombstone: 'messaging.kafka.message.tombstone',
  consumerGroup: 'messaging.consumer.group.name',
  batchCount: 'messaging.batch.message_count',
  bodySize: 'messaging.message.body.size',
  clientId: 'messaging.client.id',
  serverAddress: 'server.address',
  serverPort: 'server.port',
  errorType: 'error.type',
  transactional: 'messaging.kafka.transactional',
  transactionalId: 'messaging.kafka.transactional_id',
  linksDropped: 'messaging.kafka.links_dropped',
} as const;

export const SPAN_ATTRIBUTES: readonly SpanAttributeSpec[] = [
  {
    key: ATTR.messagingSystem,
    type: 'string',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'always',
    description: 'Always `kafka`.',
    convention: true,
  },
  {
    key: ATTR.operationType,
    type: 'string',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'always',
    description:
      '`send` for producer spans, `process` for consumer spans, `settle` for transaction commit/abort.',
    convention: true,
  },
  {
    key: ATTR.operationName,
    type: 'string',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'always',
    description: '`send`, `process`, `commit`, `abort` or `send_offsets`.',
    convention: true,
  },
  {
    key: ATTR.destinationName,
    type: 'string',
    spans: ['send', 'process', 'process_batch'],
    when: 'always',
    description: 'The topic.',
    convention: true,
  },
  {
    key: ATTR.partitionId,
    type: 'string',
    spans: ['send', 'process', 'process_batch'],
    when: 'consumer: always; producer: when the broker acknowledged the whole call on one partition',
    description: 'The partition, as a string (convention).',
    convention: true,
  },
  {
    key: ATTR.offset,
    type: 'int',
    spans: ['send', 'process'],
    when: "consumer: always; producer: with the partition (the broker's base offset of the call)",
    description: 'Offset of the message (producer: of the first message of the call).',
    convention: true,
  },
  {
    key: ATTR.messageKey,
    type: 'string',
    spans: ['send', 'process'],
    when: 'only with `captureMessageKey` on, for one message, when the key is valid UTF-8 text',
    description: 'The message key. Off by default: keys can carry personal data.',
    convention: true,
  },
  {
    key: ATTR.tombstone,
    type: 'boolean',
    spans: ['send', 'process'],
    when: 'one message whose value is null',
    description: 'The message is a tombstone.',
    convention: true,
  },
  {
    key: ATTR.consumerGroup,
    type: 'string',
    spans: ['process', 'process_batch', 'transaction'],
    when: 'consumer spans; `send_offsets` spans',
    description: 'The consumer group.',
    convention: true,
  },
  {
    key: ATTR.batchCount,
    type: 'int',
    spans: ['send', 'process_batch'],
    when: 'more than one message in the span',
    description: 'Number of messages the span covers.',
    convention: true,
  },
  {
    key: ATTR.bodySize,
    type: 'int',
    spans: ['send', 'process'],
    when: 'one message with a value',
    description: 'Size of the message value in bytes.',
    convention: true,
  },
  {
    key: ATTR.clientId,
    type: 'string',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'once kafkajs has made its first request (it reports the client id with each request)',
    description: 'The kafkajs `clientId`.',
    convention: true,
  },
  {
    key: ATTR.serverAddress,
    type: 'string',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'once a broker connection is known',
    description: 'Host of the first broker the client talked to.',
    convention: true,
  },
  {
    key: ATTR.serverPort,
    type: 'int',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'with `server.address`',
    description: 'Port of that broker.',
    convention: true,
  },
  {
    key: ATTR.errorType,
    type: 'string',
    spans: ['send', 'process', 'process_batch', 'transaction'],
    when: 'the operation failed',
    description: "The error's class name (e.g. `KafkaJSNumberOfRetriesExceeded`); span status is ERROR.",
    convention: true,
  },
  {
    key: ATTR.transactional,
    type: 'boolean',
    spans: ['send'],
    when: 'sent through `producer.transaction()`',
    description: 'The send is part of a transaction.',
    convention: false,
  },
  {
    key: ATTR.transactionalId,
    type: 'string',
    spans: ['send', 'transaction'],
    when: 'transactional producers',
    description: 'The producer’s `transactionalId`.',
    convention: false,
  },
  {
    key: ATTR.linksDropped,
    type: 'int',
    spans: ['process_batch'],
    when: 'the batch came from more distinct producer contexts than `maxBatchLinks`',
    description: 'How many producer contexts were not linked.',
    convention: false,
  },
];
