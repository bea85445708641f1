// Metrics from kafkajs' own instrumentation events (network requests, connects, group membership, batches,
// crashes), from retries and from offset commit outcomes.
import { METRIC } from '../../catalog/client-metrics';
import type { ClientEvent, KafkaListener, OffsetCommitEvent, RetryEvent } from '../../instrumentation/events';
import type { MetricsContext } from './context';
import { errorTypeOf } from './error-type';

type Payload = Record<string, unknown>;

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const number = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

export function clientEventHooks(
  ctx: MetricsContext,
): Pick<KafkaListener, 'onClientEvent' | 'onRetry' | 'onOffsetCommit'> {
  const { recorder, tags, lag } = ctx;

  const network = (event: ClientEvent, kind: string, payload: Payload) => {
    const broker = text(payload.broker) ?? 'unknown';
    if (kind === 'network.request') {
      const requestTags = tags.request(event.client, broker, text(payload.apiName) ?? 'unknown');
      const duration = number(payload.duration);
      if (duration !== undefined) recorder.record(METRIC.requestDuration, duration, requestTags);
      const size = number(payload.size);
      if (size !== undefined) recorder.record(METRIC.requestBytes, size, requestTags);
    } else if (kind === 'network.request_timeout') {
      recorder.record(
        METRIC.requestTimeouts,
        1,
        tags.request(event.client, broker, text(payload.apiName) ?? 'unknown'),
      );
    } else {
      const queueSize = number(payload.queueSize);
      if (queueSize !== undefined)
        recorder.record(METRIC.requestQueueSize, queueSize, tags.request(event.client, broker));
    }
  };

  const batch = (event: ClientEvent, kind: string, payload: Payload) => {
    const topic = text(payload.topic);
    const partition = number(payload.partition);
    const highWatermark = text(payload.highWatermark);
    if (topic === undefined || partition === undefined || highWatermark === undefined) return;
    if (kind === 'start_batch_process') {
      lag.batchStarted(event.client, topic, partition, highWatermark);
      return;
    }
    const lastOffset = text(payload.lastOffset);
    const batchSize = number(payload.batchSize) ?? 0;
    if (lastOffset === undefined) return;
    const value = lag.batchEnded(event.client, {
      topic,
      partition,
      highWatermark,
      firstOffset: text(payload.firstOffset),
      lastOffset,
      batchSize,
    });
    if (value !== undefined) {
      if (tags.partitionTagged) {
        recorder.record(METRIC.consumerLag, value, tags.partition(event.client, topic, partition).base);
      } else {
        recorder.record(
          METRIC.consumerLag,
          lag.topicLag(event.client, topic),
          tags.topic(event.client, topic),
        );
      }
    }
    recorder.record(METRIC.consumerBatchSize, batchSize, tags.topic(event.client, topic));
  };

  const group = (event: ClientEvent, kind: string, payload: Payload) => {
    const client = tags.client(event.client);
    switch (kind) {
      case 'heartbeat':
        return recorder.record(METRIC.consumerHeartbeats, 1, client);
      case 'commit_offsets':
        return recorder.record(METRIC.consumerCommits, 1, client);
      case 'rebalancing':
        return recorder.record(METRIC.consumerRebalances, 1, client);
      case 'fetch': {
        const duration = number(payload.duration);
        if (duration !== undefined) recorder.record(METRIC.consumerFetchDuration, duration, client);
        return;
      }
      case 'group_join': {
        recorder.record(METRIC.consumerGroupJoins, 1, client);
        recorder.record(
          METRIC.consumerAssignedPartitions,
          assignedPartitions(payload.memberAssignment),
          client,
        );
        return;
      }
      case 'crash':
        return recorder.record(METRIC.consumerCrashes, 1, [
          ...client,
          tags.value('error_type', errorTypeOf(payload.error)),
          `restart:${payload.restart === true}`,
        ]);
    }
  };

  return {
    onClientEvent(event: ClientEvent) {
      const type = event.event.type;
      // kafkajs names events `<role>.<kind>`, e.g. `consumer.network.request`, `producer.connect`.
      const kind = type.slice(type.indexOf('.') + 1);
      const payload: Payload =
        typeof event.event.payload === 'object' && event.event.payload !== null ? event.event.payload : {};
      if (kind.startsWith('network.')) return network(event, kind, payload);
      if (kind === 'connect') return recorder.record(METRIC.connects, 1, tags.client(event.client));
      if (kind === 'disconnect') return recorder.record(METRIC.disconnects, 1, tags.client(event.client));
      if (event.client.role !== 'consumer') return;
      if (kind === 'start_batch_process' || kind === 'end_batch_process') return batch(event, kind, payload);
      group(event, kind, payload);
    },

    onRetry(event: RetryEvent) {
      recorder.record(METRIC.retries, 1, [
        ...tags.client(event.client),
        tags.value('error_type', errorTypeOf(event.error)),
      ]);
    },

    onOffsetCommit(event: OffsetCommitEvent) {
      return {
        end(outcome) {
          if (outcome.error === undefined) return;
          const commitTags = ['role:consumer', tags.value('error_type', errorTypeOf(outcome.error))];
          if (event.groupId !== undefined) commitTags.push(tags.value('consumer_group', event.groupId));
          recorder.record(METRIC.consumerCommitErrors, 1, commitTags);
        },
      };
    },
  };
}

/** `{ topic: [partitions] }` from a group_join payload → number of partitions. */
function assignedPartitions(assignment: unknown): number {
  if (typeof assignment !== 'object' || assignment === null) return 0;
  let count = 0;
  for (const partitions of Object.values(assignment))
    if (Array.isArray(partitions)) count += partitions.length;
  return count;
}
