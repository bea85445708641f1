// The parts of kafkajs (1.16 – 2.x) that the patch touches, typed locally: the instrumentation must not
// depend on the app's kafkajs type definitions, and these shapes are all it relies on.

export type HeaderValue = Buffer | string | (Buffer | string)[] | null | undefined;
export type MessageHeaders = Record<string, HeaderValue>;

export interface OutgoingMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  partition?: number;
  headers?: MessageHeaders;
  timestamp?: string;
}

export interface IncomingMessage {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  size?: number;
  attributes?: number;
  offset: string;
  headers?: MessageHeaders;
}

export interface TopicMessages {
  topic: string;
  messages: OutgoingMessage[];
}

export interface ProducerRecord extends TopicMessages {
  acks?: number;
  timeout?: number;
  compression?: number;
}

export interface ProducerBatch {
  acks?: number;
  timeout?: number;
  compression?: number;
  topicMessages?: TopicMessages[];
}

export interface RecordMetadata {
  topicName: string;
  partition: number;
  errorCode: number;
  baseOffset?: string;
  offset?: string;
  logAppendTime?: string;
  logStartOffset?: string;
}

export type AsyncMethod = (...args: unknown[]) => Promise<unknown>;

export interface KafkaEmitterClient {
  on(eventName: string, listener: (event: InstrumentationEventShape) => void): () => void;
  events: Record<string, string>;
}

export interface InstrumentationEventShape {
  id: number;
  type: string;
  timestamp: number;
  payload: Record<string, unknown>;
}

export interface ProducerShape extends KafkaEmitterClient {
  send: (record: ProducerRecord) => Promise<RecordMetadata[]>;
  sendBatch: (batch: ProducerBatch) => Promise<RecordMetadata[]>;
  transaction: () => Promise<TransactionShape>;
}

export interface TransactionShape {
  send: (record: ProducerRecord) => Promise<RecordMetadata[]>;
  sendBatch: (batch: ProducerBatch) => Promise<RecordMetadata[]>;
  sendOffsets: (offsets: { consumerGroupId: string; topics: unknown[] }) => Promise<void>;
  commit: () => Promise<void>;
  abort: () => Promise<void>;
  isActive: () => boolean;
}

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: IncomingMessage;
}

export interface BatchShape {
  topic: string;
  partition: number;
  highWatermark: string;
  messages: IncomingMessage[];
  firstOffset(): string | null;
  lastOffset(): string;
}

export interface EachBatchPayload {
  batch: BatchShape;
}

export interface ConsumerRunConfig {
  eachMessage?: (payload: EachMessagePayload) => Promise<void>;
  eachBatch?: (payload: EachBatchPayload) => Promise<void>;
  [option: string]: unknown;
}

export interface ConsumerShape extends KafkaEmitterClient {
  run: (config?: ConsumerRunConfig) => Promise<void>;
}

export interface ProducerConfigShape {
  transactionalId?: string;
}

export interface ConsumerConfigShape {
  groupId?: string;
}
