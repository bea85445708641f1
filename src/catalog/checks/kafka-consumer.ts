// The `kafka_consumer` check's metrics: Datadog's offsets and lag, plus lag in seconds and a Burrow-style
// group status.
import type { CheckCatalog } from './types';

const PARTITION_TAGS = ['topic', 'partition', 'consumer_group', 'kafka_cluster_id'];

export const KAFKA_CONSUMER_CATALOG: CheckCatalog = {
  check: 'kafka_consumer',
  description:
    'Consumer group offsets, lag in messages and seconds, and a lag status, through the Kafka admin API.',
  metrics: [
    {
      name: 'kafka.broker_offset',
      type: 'gauge',
      unit: 'offset',
      description: 'High watermark (log end offset) of the partition.',
      tags: ['topic', 'partition', 'kafka_cluster_id'],
      source: 'admin ListOffsets (latest), once per topic per run',
      origin: 'datadog',
    },
    {
      name: 'kafka.consumer_offset',
      type: 'gauge',
      unit: 'offset',
      description: 'Offset the consumer group committed for the partition.',
      tags: PARTITION_TAGS,
      source: 'admin OffsetFetch, once per group per run',
      origin: 'datadog',
    },
    {
      name: 'kafka.consumer_lag',
      type: 'gauge',
      unit: 'offset',
      description: 'Messages behind: broker offset − committed offset (never negative).',
      tags: PARTITION_TAGS,
      source: 'kafka.broker_offset − kafka.consumer_offset',
      origin: 'datadog',
    },
    {
      name: 'kafka.estimated_consumer_lag',
      type: 'gauge',
      unit: 'second',
      description:
        'Seconds behind: now − the time the high watermark passed the committed offset, interpolated from ' +
        'the high watermarks seen on earlier runs (no estimate until two observations exist).',
      tags: PARTITION_TAGS,
      source: 'history of kafka.broker_offset per partition',
      origin: 'datadog',
    },
    {
      name: 'kafka.consumer_lag.status',
      type: 'gauge',
      unit: '',
      description:
        'Burrow-style group status over a sliding window: 0 OK, 1 WARN, 2 STALL, 3 STOP, 4 ERR, also as the ' +
        '`status` tag.',
      tags: ['consumer_group', 'status', 'kafka_cluster_id'],
      source: 'window of committed offsets and lags per partition',
      origin: 'kinstrument',
    },
  ],
  serviceChecks: [
    {
      name: 'kafka_consumer.can_connect',
      statuses: ['OK', 'CRITICAL'],
      tags: ['kafka_connect_str'],
      description:
        'CRITICAL when the admin client cannot connect or read any group offsets (groups whose coordinator ' +
        'is still loading do not count), else OK.',
    },
    {
      name: 'kafka.consumer_group.status',
      statuses: ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'],
      tags: ['consumer_group'],
      description:
        'Lag status per group: OK → OK, WARN → WARNING, STALL / STOP / ERR → CRITICAL (message says why); ' +
        "UNKNOWN for a run in which the group's coordinator was loading or moving (after a broker restart).",
    },
  ],
  metadata: ['kafka_cluster_id'],
};
