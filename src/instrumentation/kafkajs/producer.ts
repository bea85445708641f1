// Producer side: send, sendBatch and the transactional producer publish events around the real calls.
import { guarded } from '../../diagnostics/diagnostics';
import type { ClientInfo, SendEvent } from '../events';
import { now, type EventHub } from '../hub';
import { watchClient } from './client-info';
import { copyMessages, copyTopicMessages } from './messages';
import type {
  ProducerBatch,
  ProducerRecord,
  ProducerShape,
  RecordMetadata,
  TransactionShape,
} from './shapes';

type Send = (record: ProducerRecord) => Promise<RecordMetadata[]>;
type SendBatch = (batch: ProducerBatch) => Promise<RecordMetadata[]>;

const recordMetadataOf = (value: unknown) => ({
  recordMetadata: Array.isArray(value) ? (value as RecordMetadata[]) : undefined,
});

export function instrumentProducer(producer: ProducerShape, info: ClientInfo, hub: EventHub): void {
  watchClient(producer, info, hub);
  producer.send = wrapSend(producer.send, info, hub, false);
  producer.sendBatch = wrapSendBatch(producer.sendBatch, info, hub, false);
  const transaction = producer.transaction;
  if (typeof transaction === 'function') {
    producer.transaction = function transactionWithTelemetry(this: unknown) {
      const pending = transaction.call(this);
      // Registered before the caller's await, so the transaction object is instrumented before they see it.
      pending.then(
        (txn) => guarded('kafkajs.transaction', undefined, () => instrumentTransaction(txn, info, hub)),
        () => undefined,
      );
      return pending;
    };
  }
}

function wrapSend(original: Send, info: ClientInfo, hub: EventHub, transactional: boolean): Send {
  if (typeof original !== 'function') return original;
  return function sendWithTelemetry(this: unknown, record: ProducerRecord) {
    if (
      !hub.wants('onSend') ||
      typeof record !== 'object' ||
      record === null ||
      !Array.isArray(record.messages)
    ) {
      return original.call(this, record);
    }
    const copy = guarded('kafkajs.send.copy', undefined, () => ({
      ...record,
      messages: copyMessages(record.messages),
    }));
    if (!copy) return original.call(this, record);
    const event: SendEvent = {
      operation: 'send',
      client: info,
      transactional,
      acks: typeof record.acks === 'number' ? record.acks : undefined,
      topicMessages: [{ topic: String(record.topic), messages: copy.messages }],
      startTime: now(),
    };
    return hub.run('onSend', event, () => original.call(this, copy), recordMetadataOf);
  };
}

function wrapSendBatch(
  original: SendBatch,
  info: ClientInfo,
  hub: EventHub,
  transactional: boolean,
): SendBatch {
  if (typeof original !== 'function') return original;
  return function sendBatchWithTelemetry(this: unknown, batch: ProducerBatch) {
    if (
      !hub.wants('onSend') ||
      typeof batch !== 'object' ||
      batch === null ||
      !Array.isArray(batch.topicMessages)
    ) {
      return original.call(this, batch);
    }
    const topicMessages = batch.topicMessages;
    const copy = guarded('kafkajs.sendBatch.copy', undefined, () => ({
      ...batch,
      topicMessages: copyTopicMessages(topicMessages),
    }));
    if (!copy) return original.call(this, batch);
    const event: SendEvent = {
      operation: 'sendBatch',
      client: info,
      transactional,
      acks: typeof batch.acks === 'number' ? batch.acks : undefined,
      topicMessages: copy.topicMessages.filter(
        (t) => typeof t === 'object' && t !== null && Array.isArray(t.messages),
      ),
      startTime: now(),
    };
    return hub.run('onSend', event, () => original.call(this, copy), recordMetadataOf);
  };
}

function instrumentTransaction(txn: TransactionShape, info: ClientInfo, hub: EventHub): void {
  if (typeof txn !== 'object' || txn === null) return;
  txn.send = wrapSend(txn.send, info, hub, true);
  txn.sendBatch = wrapSendBatch(txn.sendBatch, info, hub, true);
  const settle = <A extends unknown[]>(
    operation: 'commit' | 'abort' | 'sendOffsets',
    original: (...args: A) => Promise<void>,
  ) => {
    if (typeof original !== 'function') return original;
    return function transactionStepWithTelemetry(this: unknown, ...args: A): Promise<void> {
      if (!hub.wants('onTransaction')) return original.apply(this, args);
      const offsets = args[0] as { consumerGroupId?: unknown } | undefined;
      return hub.run(
        'onTransaction',
        {
          operation,
          client: info,
          consumerGroupId: typeof offsets?.consumerGroupId === 'string' ? offsets.consumerGroupId : undefined,
          startTime: now(),
        },
        () => original.apply(this, args),
      );
    };
  };
  txn.commit = settle('commit', txn.commit);
  txn.abort = settle('abort', txn.abort);
  txn.sendOffsets = settle('sendOffsets', txn.sendOffsets);
}
