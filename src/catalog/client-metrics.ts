// Every metric the SDK sends over DogStatsD: name, type, unit, tags and where the value comes from. The
// metrics signal emits only through these definitions, tests check every received line against them and
// README's table is generated from them.
//
// Names live under `kafka.client.` so they never collide with the broker-side and Java-client (JMX) names of
// Datadog's `kafka` check; tag keys are the ones Datadog's `kafka_consumer` check uses (`topic`, `partition`,
// `consumer_group`), so client-side and broker-side series group and filter together.

/**
 * DogStatsD type, with its Datadog meaning:
 * - `count`: occurrences since the last flush (`|c`), shown as a rate per second;
 * - `gauge`: the last value in the flush interval (`|g`);
 * - `distribution`: every sample goes into a server-side sketch (`|d`), so percentiles are global.
 */
export type ClientMetricType = 'count' | 'gauge' | 'distribution';

/** Which clients send a metric: the `role` tag it carries (`none`: not about one client, no `role`/`client_id`). */
export type ClientMetricRole = 'producer' | 'consumer' | 'any' | 'none';

export interface ClientMetricDefinition {
  /** Name as sent, e.g. `kafka.client.producer.messages_sent`. */
  readonly name: string;
  readonly type: ClientMetricType;
  /** Datadog unit name (`millisecond`, `message`, `byte`, `offset`, …). */
  readonly unit: string;
  readonly role: ClientMetricRole;
  /**
   * Tag keys this metric sets besides CLIENT_METRIC_COMMON_TAGS. `partition` appears only while
   * `metrics.partitionTag` is on.
   */
  readonly tags: readonly string[];
  readonly description: string;
  /** The lifecycle event or kafkajs instrumentation event the value comes from. */
  readonly source: string;
}

/**
 * Tags on every metric: `service`, `env`, `version` and the user's tags (as DogStatsD global tags), then
 * `role`, `client_id` once kafkajs has reported it (from the client's first request) and, on a consumer's
 * metrics, `consumer_group`.
 */
export const CLIENT_METRIC_COMMON_TAGS = [
  'service',
  'env',
  'version',
  'role',
  'client_id',
  'consumer_group',
] as const;

/** The value a tag gets once its key has reached `metrics.maxTagValuesPerKey` distinct values. */
export const TAG_OVERFLOW_VALUE = 'other';

/** Header added to produced messages (while metrics are on) carrying the send time in ms since epoch. */
export const PRODUCE_TIME_HEADER = 'x-kinstrument-produce-ts';

const CONSUMER_PARTITION_TAGS = ['topic', 'partition'] as const;

export const METRIC = {
  producerSendDuration: {
    name: 'kafka.client.producer.send.duration',
    type: 'distribution',
    unit: 'millisecond',
    role: 'producer',
    tags: ['topic'],
    description:
      'Time from the `send`/`sendBatch` call until the broker acknowledged it (with `acks: 0`, until written), per topic in the call. Successful calls only.',
    source: 'send / sendBatch outcome',
  },
  producerMessagesSent: {
    name: 'kafka.client.producer.messages_sent',
    type: 'count',
    unit: 'message',
    role: 'producer',
    tags: ['topic'],
    description: 'Messages acknowledged by the broker.',
    source: 'send / sendBatch outcome',
  },
  producerBytesSent: {
    name: 'kafka.client.producer.bytes_sent',
    type: 'count',
    unit: 'byte',
    role: 'producer',
    tags: ['topic'],
    description:
      'Uncompressed record bytes acknowledged: key + value + header names and values (including headers kinstrument added).',
    source: 'send / sendBatch outcome',
  },
  producerBatchSize: {
    name: 'kafka.client.producer.batch_size',
    type: 'distribution',
    unit: 'message',
    role: 'producer',
    tags: ['topic'],
    description: 'Messages per topic in one `send`/`sendBatch` call.',
    source: 'send / sendBatch start',
  },
  producerSendErrors: {
    name: 'kafka.client.producer.send.errors',
    type: 'count',
    unit: 'error',
    role: 'producer',
    tags: ['topic', 'error_type'],
    description:
      'Failed `send`/`sendBatch` calls, per topic in the call. `error_type` is the innermost cause: a Kafka error code name (e.g. `UNKNOWN_TOPIC_OR_PARTITION`) or the error class.',
    source: 'send / sendBatch outcome',
  },
  producerMessagesFailed: {
    name: 'kafka.client.producer.messages_failed',
    type: 'count',
    unit: 'message',
    role: 'producer',
    tags: ['topic', 'error_type'],
    description: 'Messages in failed `send`/`sendBatch` calls.',
    source: 'send / sendBatch outcome',
  },
  producerTransactions: {
    name: 'kafka.client.producer.transactions',
    type: 'count',
    unit: 'transaction',
    role: 'producer',
    tags: ['outcome'],
    description:
      'Transactions ended: `outcome` is `committed`, `aborted`, `commit_failed` or `abort_failed`.',
    source: 'transaction commit / abort outcome',
  },
  retries: {
    name: 'kafka.client.retries',
    type: 'count',
    unit: 'attempt',
    role: 'any',
    tags: ['error_type'],
    description:
      "Attempts kafkajs' retrier started again after a failure (produce, metadata, connect, group join, fetch, transactions …), with the failure's type. Retries of a consumer re-created after a crash are not counted.",
    source: 'kafkajs retrier (kafkajs/src/retry)',
  },
  consumerMessagesConsumed: {
    name: 'kafka.client.consumer.messages_consumed',
    type: 'count',
    unit: 'message',
    role: 'consumer',
    tags: CONSUMER_PARTITION_TAGS,
    description: 'Messages handed to `eachMessage` or `eachBatch`.',
    source: 'eachMessage / eachBatch start',
  },
  consumerBytesConsumed: {
    name: 'kafka.client.consumer.bytes_consumed',
    type: 'count',
    unit: 'byte',
    role: 'consumer',
    tags: CONSUMER_PARTITION_TAGS,
    description: 'Uncompressed record bytes handed to the handlers: key + value + header names and values.',
    source: 'eachMessage / eachBatch start',
  },
  consumerHandlerDuration: {
    name: 'kafka.client.consumer.handler.duration',
    type: 'distribution',
    unit: 'millisecond',
    role: 'consumer',
    tags: [...CONSUMER_PARTITION_TAGS, 'handler'],
    description: 'Time the app’s handler took; `handler` is `each_message` or `each_batch`.',
    source: 'eachMessage / eachBatch outcome',
  },
  consumerHandlerErrors: {
    name: 'kafka.client.consumer.handler.errors',
    type: 'count',
    unit: 'error',
    role: 'consumer',
    tags: [...CONSUMER_PARTITION_TAGS, 'handler', 'error_type'],
    description: 'Handler calls that threw or rejected.',
    source: 'eachMessage / eachBatch outcome',
  },
  consumerEndToEndLatency: {
    name: 'kafka.client.consumer.end_to_end_latency',
    type: 'distribution',
    unit: 'millisecond',
    role: 'consumer',
    tags: [...CONSUMER_PARTITION_TAGS, 'latency_source'],
    description:
      'Now − when the message was produced, as the handler receives it. `latency_source:produce_header` uses the `x-kinstrument-produce-ts` header an instrumented producer adds; `record_timestamp` the record timestamp (CreateTime or LogAppendTime). Clock skew between hosts shows up here; negative values are sent as 0.',
    source: 'eachMessage / eachBatch start',
  },
  consumerLag: {
    name: 'kafka.client.consumer.lag',
    type: 'gauge',
    unit: 'offset',
    role: 'consumer',
    tags: CONSUMER_PARTITION_TAGS,
    description:
      'Messages behind, as this consumer sees it after each batch: high watermark of the fetch − the next offset to process. Handler failures and pauses mid-batch count: the position is the last message handled successfully. No broker polling.',
    source: 'kafkajs start_batch_process / end_batch_process + handler outcomes',
  },
  consumerBatchSize: {
    name: 'kafka.client.consumer.batch_size',
    type: 'distribution',
    unit: 'message',
    role: 'consumer',
    tags: ['topic'],
    description: 'Messages per fetched batch (one topic-partition).',
    source: 'kafkajs end_batch_process',
  },
  consumerFetchDuration: {
    name: 'kafka.client.consumer.fetch.duration',
    type: 'distribution',
    unit: 'millisecond',
    role: 'consumer',
    tags: [],
    description: 'Time of one fetch round from the brokers.',
    source: 'kafkajs fetch',
  },
  consumerCommits: {
    name: 'kafka.client.consumer.commits',
    type: 'count',
    unit: 'commit',
    role: 'consumer',
    tags: [],
    description: 'Offset commits the broker accepted (automatic and manual).',
    source: 'kafkajs commit_offsets',
  },
  consumerCommitErrors: {
    name: 'kafka.client.consumer.commit.errors',
    type: 'count',
    unit: 'error',
    role: 'consumer',
    tags: ['error_type'],
    description:
      'Offset commits that failed (e.g. `REBALANCE_IN_PROGRESS`). Tagged by group; `client_id` is not known at this level.',
    source: 'OffsetCommit request outcome (kafkajs Broker.offsetCommit)',
  },
  consumerRebalances: {
    name: 'kafka.client.consumer.rebalances',
    type: 'count',
    unit: 'event',
    role: 'consumer',
    tags: [],
    description: 'Times the consumer found its group rebalancing and re-joined.',
    source: 'kafkajs rebalancing',
  },
  consumerGroupJoins: {
    name: 'kafka.client.consumer.group_joins',
    type: 'count',
    unit: 'event',
    role: 'consumer',
    tags: [],
    description: 'Completed group joins (join + sync).',
    source: 'kafkajs group_join',
  },
  consumerAssignedPartitions: {
    name: 'kafka.client.consumer.assigned_partitions',
    type: 'gauge',
    unit: 'partition',
    role: 'consumer',
    tags: [],
    description: 'Partitions assigned to this consumer at its last group join.',
    source: 'kafkajs group_join',
  },
  consumerHeartbeats: {
    name: 'kafka.client.consumer.heartbeats',
    type: 'count',
    unit: 'event',
    role: 'consumer',
    tags: [],
    description: 'Heartbeats sent to the group coordinator.',
    source: 'kafkajs heartbeat',
  },
  consumerCrashes: {
    name: 'kafka.client.consumer.crashes',
    type: 'count',
    unit: 'event',
    role: 'consumer',
    tags: ['error_type', 'restart'],
    description: 'Consumer crashes; `restart` says whether kafkajs restarts it.',
    source: 'kafkajs crash',
  },
  requestDuration: {
    name: 'kafka.client.request.duration',
    type: 'distribution',
    unit: 'millisecond',
    role: 'any',
    tags: ['broker', 'api'],
    description:
      'Broker request round trip, from sent to response, per broker (`host:port`) and API (`Produce`, `Fetch`, …).',
    source: 'kafkajs request',
  },
  requestBytes: {
    name: 'kafka.client.request.bytes',
    type: 'count',
    unit: 'byte',
    role: 'any',
    tags: ['broker', 'api'],
    description: 'Bytes of the requests sent.',
    source: 'kafkajs request',
  },
  requestTimeouts: {
    name: 'kafka.client.request.timeouts',
    type: 'count',
    unit: 'request',
    role: 'any',
    tags: ['broker', 'api'],
    description: 'Requests that timed out.',
    source: 'kafkajs request_timeout',
  },
  requestQueueSize: {
    name: 'kafka.client.request.queue_size',
    type: 'gauge',
    unit: 'request',
    role: 'any',
    tags: ['broker'],
    description:
      'Requests waiting to be sent to the broker (kafkajs client-side throttling and in-flight limit).',
    source: 'kafkajs request_queue_size',
  },
  connects: {
    name: 'kafka.client.connects',
    type: 'count',
    unit: 'connection',
    role: 'any',
    tags: [],
    description: 'Producer or consumer connects.',
    source: 'kafkajs connect',
  },
  disconnects: {
    name: 'kafka.client.disconnects',
    type: 'count',
    unit: 'connection',
    role: 'any',
    tags: [],
    description: 'Producer or consumer disconnects.',
    source: 'kafkajs disconnect',
  },
  tagValuesOverflow: {
    name: 'kinstrument.tag_values.overflow',
    type: 'count',
    unit: 'value',
    role: 'none',
    tags: ['tag_key'],
    description:
      'Tag values replaced by `other` because their key already had `metrics.maxTagValuesPerKey` distinct values.',
    source: 'cardinality guard',
  },
} as const satisfies Record<string, ClientMetricDefinition>;

export type MetricId = keyof typeof METRIC;

/** All client metrics, in catalog order (README table, tests). */
export const CLIENT_METRICS: readonly ClientMetricDefinition[] = Object.values(METRIC);

export function findClientMetric(name: string): ClientMetricDefinition | undefined {
  return CLIENT_METRICS.find((metric) => metric.name === name);
}
