// Producer metrics from send/sendBatch and transaction events.
import { METRIC, PRODUCE_TIME_HEADER } from '../../catalog/client-metrics';
import type { KafkaListener, SendEvent, TransactionEvent } from '../../instrumentation/events';
import { sharedHeaderValue } from '../../instrumentation/kafkajs/shared-header-values';
import type { MetricsContext } from './context';
import { errorTypeOf } from './error-type';
import { recordBytes } from './record-bytes';

export function producerHooks(ctx: MetricsContext): Pick<KafkaListener, 'onSend' | 'onTransaction'> {
  const { recorder, tags } = ctx;
  return {
    onSend(event: SendEvent) {
      if (ctx.produceTimeHeader) stampProduceTime(event);
      const perTopic = event.topicMessages.map(({ topic, messages }) => ({
        messages,
        tags: tags.topic(event.client, topic),
      }));
      for (const { messages, tags: topicTags } of perTopic) {
        recorder.record(METRIC.producerBatchSize, messages.length, topicTags);
      }
      return {
        end(outcome) {
          if (outcome.error !== undefined) {
            const errorTag = tags.value('error_type', errorTypeOf(outcome.error));
            for (const { messages, tags: topicTags } of perTopic) {
              const withError = [...topicTags, errorTag];
              recorder.record(METRIC.producerSendErrors, 1, withError);
              recorder.record(METRIC.producerMessagesFailed, messages.length, withError);
            }
            return;
          }
          const duration = outcome.endTime - event.startTime;
          for (const { messages, tags: topicTags } of perTopic) {
            recorder.record(METRIC.producerSendDuration, duration, topicTags);
            recorder.record(METRIC.producerMessagesSent, messages.length, topicTags);
            // Measured now, after every listener added its headers: what actually went to the broker.
            let bytes = 0;
            for (const message of messages)
              if (message && typeof message === 'object') bytes += recordBytes(message);
            recorder.record(METRIC.producerBytesSent, bytes, topicTags);
          }
        },
      };
    },

    onTransaction(event: TransactionEvent) {
      if (event.operation === 'sendOffsets') return undefined;
      const clientTags = tags.client(event.client);
      return {
        end(outcome) {
          const failed = outcome.error !== undefined;
          const result =
            event.operation === 'commit'
              ? failed
                ? 'commit_failed'
                : 'committed'
              : failed
                ? 'abort_failed'
                : 'aborted';
          recorder.record(METRIC.producerTransactions, 1, [...clientTags, `outcome:${result}`]);
        },
      };
    },
  };
}

/**
 * The send time, on the copies of the messages (never the caller's objects); a value already there wins.
 * As bytes, once per call and shared by its messages (kafkajs only reads header values): a string would be
 * encoded again by kafkajs for every message, and a shared value's header is encoded once per call.
 */
function stampProduceTime(event: SendEvent): void {
  const stamp = sharedHeaderValue(String(Date.now()));
  for (const { messages } of event.topicMessages) {
    for (const message of messages) {
      if (typeof message !== 'object' || message === null) continue;
      const headers = message.headers ?? (message.headers = {});
      if (headers[PRODUCE_TIME_HEADER] === undefined) headers[PRODUCE_TIME_HEADER] = stamp;
    }
  }
}
