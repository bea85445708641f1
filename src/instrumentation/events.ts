// Typed lifecycle events the kafkajs patch publishes. Signals (traces, metrics, logs) subscribe by
// implementing KafkaListener; the patch knows nothing about telemetry.
import type {
  IncomingMessage,
  InstrumentationEventShape,
  OutgoingMessage,
  RecordMetadata,
} from './kafkajs/shapes';

/** What is known about the kafkajs client behind an operation; filled in as kafkajs reports it. */
export interface ClientInfo {
  role: 'producer' | 'consumer';
  clientId: string | undefined;
  /** First broker the client talked to (`host:port`). */
  broker: string | undefined;
  groupId: string | undefined;
  transactionalId: string | undefined;
}

export interface SendEvent {
  operation: 'send' | 'sendBatch';
  client: ClientInfo;
  transactional: boolean;
  acks: number | undefined;
  /** Copies of the caller's messages: listeners may add headers to these, never to the caller's objects. */
  topicMessages: readonly { topic: string; messages: OutgoingMessage[] }[];
  /** When the patch saw the call (ms since epoch, high resolution). */
  startTime: number;
}

export interface ProcessMessageEvent {
  client: ClientInfo;
  topic: string;
  partition: number;
  message: IncomingMessage;
  startTime: number;
}

export interface ProcessBatchEvent {
  client: ClientInfo;
  topic: string;
  partition: number;
  messages: readonly IncomingMessage[];
  highWatermark: string;
  startTime: number;
}

export interface TransactionEvent {
  operation: 'commit' | 'abort' | 'sendOffsets';
  client: ClientInfo;
  consumerGroupId: string | undefined;
  startTime: number;
}

/** A kafkajs instrumentation event (connect, request, commit_offsets, group_join, crash, …). */
export interface ClientEvent {
  client: ClientInfo;
  event: InstrumentationEventShape;
}

export interface Outcome {
  error?: unknown;
  /** send/sendBatch: what the broker acknowledged. */
  recordMetadata?: readonly RecordMetadata[];
  endTime: number;
}

/** What a listener hands back for an operation it follows. */
export interface OperationScope {
  /** Runs the operation (the kafkajs call or the user's handler), e.g. inside a span's context. */
  run?<T>(operation: () => T): T;
  end?(outcome: Outcome): void;
}

export interface KafkaListener {
  readonly name: string;
  onSend?(event: SendEvent): OperationScope | undefined;
  onProcessMessage?(event: ProcessMessageEvent): OperationScope | undefined;
  onProcessBatch?(event: ProcessBatchEvent): OperationScope | undefined;
  onTransaction?(event: TransactionEvent): OperationScope | undefined;
  onClientEvent?(event: ClientEvent): void;
}
