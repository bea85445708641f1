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
  /** When the patch saw the call: performance.now() (see `now()` in hub.ts). */
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

/** An OffsetCommit request to the group coordinator (automatic or manual commit). */
export interface OffsetCommitEvent {
  groupId: string | undefined;
  memberId: string | undefined;
  topics: readonly { topic: string; partitions: readonly { partition: number; offset: string }[] }[];
  startTime: number;
}

/** kafkajs' retrier starts an attempt again (retryCount ≥ 1) after `error` failed the previous one. */
export interface RetryEvent {
  client: ClientInfo;
  retryCount: number;
  /** Delay kafkajs waited before this attempt, ms. */
  retryTime: number;
  error: unknown;
}

export type KafkaLogLevelName = 'error' | 'warn' | 'info' | 'debug';

/** kafkajs' own numbers for its levels (NOTHING is 0). */
export const KAFKA_LOG_LEVEL_NUMBER: Readonly<Record<KafkaLogLevelName, number>> = {
  error: 1,
  warn: 2,
  info: 4,
  debug: 5,
};

/** One call to a kafkajs logger, seen whatever level the app gave kafkajs. */
export interface KafkaLogEntry {
  level: KafkaLogLevelName;
  /** kafkajs namespace (`Consumer`, `Connection`, `Producer`, …); undefined for the root logger. */
  namespace: string | undefined;
  message: string;
  /** Fields kafkajs attached; may hold Errors, Buffers and other non-JSON values. */
  extra: Readonly<Record<string, unknown>>;
  /** ms since epoch. */
  time: number;
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
  onOffsetCommit?(event: OffsetCommitEvent): OperationScope | undefined;
  onClientEvent?(event: ClientEvent): void;
  onRetry?(event: RetryEvent): void;
  /** Most verbose kafkajs level this listener wants in onKafkaLog; kafkajs calls above it are not reported. */
  readonly kafkaLogLevel?: KafkaLogLevelName;
  onKafkaLog?(entry: KafkaLogEntry): void;
}
