// Consumer metrics from the wrapped eachMessage / eachBatch handlers: volume, handler time and errors,
// end-to-end latency, and handler outcomes for the lag tracker.
import { METRIC, PRODUCE_TIME_HEADER } from '../../catalog/client-metrics';
import type {
  KafkaListener,
  Outcome,
  ProcessBatchEvent,
  ProcessMessageEvent,
} from '../../instrumentation/events';
import type { IncomingMessage } from '../../instrumentation/kafkajs/shapes';
import type { PartitionTags } from './client-tags';
import type { MetricsContext } from './context';
import { errorTypeOf } from './error-type';
import { recordBytes } from './record-bytes';

export function consumerHooks(
  ctx: MetricsContext,
): Pick<KafkaListener, 'onProcessMessage' | 'onProcessBatch'> {
  const { recorder, tags, lag } = ctx;

  const received = (tagSet: PartitionTags, messages: readonly IncomingMessage[]) => {
    const now = Date.now();
    let bytes = 0;
    for (const message of messages) bytes += receivedOne(tagSet, message, now);
    volume(tagSet, messages.length, bytes);
  };

  const volume = (tagSet: PartitionTags, count: number, bytes: number) => {
    recorder.record(METRIC.consumerMessagesConsumed, count, tagSet.base);
    recorder.record(METRIC.consumerBytesConsumed, bytes, tagSet.base);
  };

  /** Records one message's end-to-end latency; returns its size. */
  const receivedOne = (tagSet: PartitionTags, message: IncomingMessage, now: number): number => {
    if (typeof message !== 'object' || message === null) return 0;
    const produced = produceTime(message);
    if (produced !== undefined) {
      recorder.record(METRIC.consumerEndToEndLatency, Math.max(0, now - produced), tagSet.fromHeader);
    } else {
      const timestamp = Number(message.timestamp);
      if (Number.isFinite(timestamp) && timestamp > 0) {
        recorder.record(METRIC.consumerEndToEndLatency, Math.max(0, now - timestamp), tagSet.fromRecord);
      }
    }
    return recordBytes(message);
  };

  /** Records the handler's time and failure; true when it succeeded. */
  const handled = (handlerTags: readonly string[], startTime: number, outcome: Outcome) => {
    recorder.record(METRIC.consumerHandlerDuration, outcome.endTime - startTime, handlerTags);
    if (outcome.error === undefined) return true;
    recorder.record(METRIC.consumerHandlerErrors, 1, [
      ...handlerTags,
      tags.value('error_type', errorTypeOf(outcome.error)),
    ]);
    return false;
  };

  return {
    onProcessMessage(event: ProcessMessageEvent) {
      const tagSet = tags.partition(event.client, event.topic, event.partition);
      // One message: no array made for it.
      volume(tagSet, 1, receivedOne(tagSet, event.message, Date.now()));
      return {
        end(outcome) {
          if (handled(tagSet.eachMessage, event.startTime, outcome)) {
            lag.processed(event.client, event.topic, event.partition, event.message.offset);
          }
        },
      };
    },

    onProcessBatch(event: ProcessBatchEvent) {
      const tagSet = tags.partition(event.client, event.topic, event.partition);
      received(tagSet, event.messages);
      return {
        end(outcome) {
          const last = event.messages[event.messages.length - 1];
          if (handled(tagSet.eachBatch, event.startTime, outcome) && last) {
            lag.processed(event.client, event.topic, event.partition, last.offset);
          }
        },
      };
    },
  };
}

/** PRODUCE_TIME_HEADER as ms since epoch, when an instrumented producer set it. */
function produceTime(message: IncomingMessage): number | undefined {
  let value = message.headers?.[PRODUCE_TIME_HEADER];
  if (Array.isArray(value)) value = value[0];
  if (value === undefined || value === null) return undefined;
  const time = typeof value === 'string' ? Number(value) : bufferNumber(value);
  return Number.isFinite(time) && time > 0 ? time : undefined;
}

/** A number written as text in a Buffer: plain digits are read in place, without making a string. */
function bufferNumber(bytes: Buffer): number {
  const length = bytes.length;
  if (length === 0 || length > 15) return Number(bytes.toString('latin1'));
  let value = 0;
  for (let i = 0; i < length; i++) {
    const digit = bytes[i]! - 0x30;
    // Anything else (spaces, a sign, a fraction, an exponent): Number() decides, as it did for every value.
    if (digit < 0 || digit > 9) return Number(bytes.toString('latin1'));
    value = value * 10 + digit;
  }
  return value;
}
