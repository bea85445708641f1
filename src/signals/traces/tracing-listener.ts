// Turns kafkajs lifecycle events into spans and carries trace context through message headers.
//
// Granularity: one PRODUCER span per topic per send/sendBatch call, its context injected into every
// message of that topic (the headers are computed once and copied). Per-message producer spans would
// multiply span count — and export cost — by the batch size for no extra causality: a consumer's
// `process` span still points at the exact call that produced its message.
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
  type SpanOptions,
  type TextMapPropagator,
  type Tracer,
} from '@opentelemetry/api';
import { ATTR } from '../../catalog/span-attributes';
import type {
  KafkaListener,
  OperationScope,
  Outcome,
  ProcessBatchEvent,
  ProcessMessageEvent,
  SendEvent,
  TransactionEvent,
} from '../../instrumentation/events';
import type { MessageHeaders } from '../../instrumentation/kafkajs/shapes';
import { baseAttributes, byteSize, errorType, keyText, offsetNumber } from './attributes';
import { sharedBytesHeaderSetter } from './propagation/kafka-headers';
import { MemoizedExtractor } from './propagation/memoized-extraction';
import type { TopicFilter } from './topic-filter';

export interface TracingOptions {
  tracer: Tracer;
  propagator: TextMapPropagator;
  traceTopic: TopicFilter;
  captureMessageKey: boolean;
  consumerSpanRelation: 'parent' | 'link';
  maxBatchLinks: number;
}

export function createTracingListener(options: TracingOptions): KafkaListener {
  const { tracer, propagator, traceTopic } = options;
  // Consecutive messages of one producer call carry the same headers: their context is extracted once.
  const messageExtractor = new MemoizedExtractor(propagator);
  const extract = (headers: MessageHeaders | undefined): Context =>
    headers ? messageExtractor.extract(headers) : ROOT_CONTEXT;
  // Its own for batches: a batch's first message must be read even when the last batch ended with its context.
  const batchExtractor = new MemoizedExtractor(propagator);

  const endSpan = (span: Span, outcome: Outcome) => {
    if (outcome.error !== undefined) {
      span.recordException(outcome.error instanceof Error ? outcome.error : String(outcome.error));
      span.setAttribute(ATTR.errorType, errorType(outcome.error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
      });
    }
    span.end(outcome.endTime);
  };

  const runIn =
    (ctx: Context): OperationScope['run'] =>
    (operation) =>
      context.with(ctx, operation);

  /** Starts a span under `parent`; the operation runs in its context and its outcome ends it. */
  const spanScope = (name: string, spanOptions: SpanOptions, parent: Context): OperationScope => {
    const span = tracer.startSpan(name, spanOptions, parent);
    return { run: runIn(trace.setSpan(parent, span)), end: (outcome) => endSpan(span, outcome) };
  };

  return {
    name: 'traces',

    onSend(event: SendEvent) {
      const parent = context.active();
      const spans: { topic: string; span: Span }[] = [];
      let firstContext: Context | undefined;
      for (const { topic, messages } of event.topicMessages) {
        if (!traceTopic(topic)) continue;
        const attributes = baseAttributes(event.client, 'send', 'send');
        attributes[ATTR.destinationName] = topic;
        if (messages.length > 1) attributes[ATTR.batchCount] = messages.length;
        if (messages.length === 1) {
          const message = messages[0]!;
          const size = byteSize(message.value);
          if (size !== undefined) attributes[ATTR.bodySize] = size;
          if (message.value === null) attributes[ATTR.tombstone] = true;
          const key = options.captureMessageKey ? keyText(message.key) : undefined;
          if (key !== undefined) attributes[ATTR.messageKey] = key;
        }
        if (event.transactional) attributes[ATTR.transactional] = true;
        if (event.client.transactionalId) attributes[ATTR.transactionalId] = event.client.transactionalId;
        const span = tracer.startSpan(
          `send ${topic}`,
          { kind: SpanKind.PRODUCER, attributes, startTime: event.startTime },
          parent,
        );
        const spanContext = trace.setSpan(parent, span);
        firstContext ??= spanContext;
        // Into the message's own (copied) headers when it is alone; else made once and copied into each.
        const only = messages.length === 1 ? messages[0] : undefined;
        if (only && typeof only === 'object') {
          propagator.inject(spanContext, only.headers ?? (only.headers = {}), sharedBytesHeaderSetter);
        } else {
          const headers: MessageHeaders = {};
          propagator.inject(spanContext, headers, sharedBytesHeaderSetter);
          for (const message of messages) {
            if (message && typeof message === 'object')
              Object.assign(message.headers ?? (message.headers = {}), headers);
          }
        }
        spans.push({ topic, span });
      }
      if (spans.length === 0) return undefined;
      return {
        run: runIn(firstContext!),
        end(outcome) {
          for (const { topic, span } of spans) {
            const acknowledged = outcome.recordMetadata?.filter((m) => m.topicName === topic) ?? [];
            if (acknowledged.length === 1) {
              const only = acknowledged[0]!;
              span.setAttribute(ATTR.partitionId, String(only.partition));
              const offset = offsetNumber(only.baseOffset ?? only.offset);
              if (offset !== undefined) span.setAttribute(ATTR.offset, offset);
            }
            endSpan(span, outcome);
          }
        },
      };
    },

    onProcessMessage(event: ProcessMessageEvent) {
      if (!traceTopic(event.topic)) return undefined;
      const { message } = event;
      const extracted = extract(message.headers);
      const producer = trace.getSpanContext(extracted);
      let parent: Context;
      const links: Link[] = [];
      if (options.consumerSpanRelation === 'parent' && producer) {
        parent = extracted;
      } else {
        parent = withBaggageOf(extracted, context.active());
        if (producer) links.push({ context: producer });
      }
      const attributes = baseAttributes(event.client, 'process', 'process');
      attributes[ATTR.destinationName] = event.topic;
      attributes[ATTR.partitionId] = String(event.partition);
      const offset = offsetNumber(message.offset);
      if (offset !== undefined) attributes[ATTR.offset] = offset;
      if (event.client.groupId) attributes[ATTR.consumerGroup] = event.client.groupId;
      const size = byteSize(message.value);
      if (size !== undefined) attributes[ATTR.bodySize] = size;
      if (message.value === null) attributes[ATTR.tombstone] = true;
      const key = options.captureMessageKey ? keyText(message.key) : undefined;
      if (key !== undefined) attributes[ATTR.messageKey] = key;
      return spanScope(
        `process ${event.topic}`,
        { kind: SpanKind.CONSUMER, attributes, links, startTime: event.startTime },
        parent,
      );
    },

    onProcessBatch(event: ProcessBatchEvent) {
      if (!traceTopic(event.topic)) return undefined;
      const seen = new Set<string>();
      const links: Link[] = [];
      let dropped = 0;
      batchExtractor.forget();
      for (const message of event.messages) {
        const headers = message.headers;
        if (!headers) continue;
        const extracted = batchExtractor.extract(headers);
        // The same context as the message before: it is linked (or counted) already.
        if (batchExtractor.reused) continue;
        const producer = trace.getSpanContext(extracted);
        if (!producer) continue;
        const id = `${producer.traceId}-${producer.spanId}`;
        if (seen.has(id)) continue;
        seen.add(id);
        if (links.length < options.maxBatchLinks) links.push({ context: producer });
        else dropped += 1;
      }
      const attributes = baseAttributes(event.client, 'process', 'process');
      attributes[ATTR.destinationName] = event.topic;
      attributes[ATTR.partitionId] = String(event.partition);
      attributes[ATTR.batchCount] = event.messages.length;
      if (event.client.groupId) attributes[ATTR.consumerGroup] = event.client.groupId;
      if (dropped > 0) attributes[ATTR.linksDropped] = dropped;
      const parent = context.active();
      return spanScope(
        `process ${event.topic}`,
        { kind: SpanKind.CONSUMER, attributes, links, startTime: event.startTime },
        parent,
      );
    },

    onTransaction(event: TransactionEvent) {
      const operationName = event.operation === 'sendOffsets' ? 'send_offsets' : event.operation;
      const attributes = baseAttributes(
        event.client,
        event.operation === 'sendOffsets' ? 'send' : 'settle',
        operationName,
      );
      if (event.client.transactionalId) attributes[ATTR.transactionalId] = event.client.transactionalId;
      if (event.consumerGroupId) attributes[ATTR.consumerGroup] = event.consumerGroupId;
      return spanScope(
        `${operationName} ${event.client.transactionalId ?? 'transaction'}`,
        { kind: SpanKind.CLIENT, attributes, startTime: event.startTime },
        context.active(),
      );
    },
  };
}

/** In link mode the producer is not the parent, but its baggage still travels with the message. */
function withBaggageOf(extracted: Context, base: Context): Context {
  const baggage = propagation.getBaggage(extracted);
  return baggage ? propagation.setBaggage(base, baggage) : base;
}
