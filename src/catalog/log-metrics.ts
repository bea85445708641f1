// The log-based metrics the agent ships with (on unless `log_based_metrics_defaults: false`). Each rule counts the
// collected log records its query matches; README lists them from here, and the rules are written in the same
// form users write theirs in `log_based_metrics:` (see src/agent/logs/metrics).

export interface LogMetricGroupBySpec {
  /** `source`, `service`, `host`, `status`, `logger`, or `@name`: a record attribute or a group of `extract`. */
  path: string;
  /** The tag key; the path without `@` when omitted. */
  tag_name?: string;
}

export interface LogMetricRuleSpec {
  /** The count metric's name. */
  name: string;
  /** Datadog log search syntax (src/agent/logs/metrics/query.ts). */
  query: string;
  group_by?: readonly LogMetricGroupBySpec[];
  /** A regular expression run on the message of matching records; its named groups become `@` attributes. */
  extract?: string;
  description: string;
}

// Kafka writes the topic-partition into a bracketed prefix: `[UnifiedLog partition=orders-3, dir=/data] …` and
// `[Partition orders-3 broker=1] …`. Topic names may contain `-` and digits, so the partition is the last `-N`.
const UNIFIED_LOG_PREFIX = String.raw`\[UnifiedLog partition=(?<topic>.+)-(?<partition>\d+), dir=`;
const PARTITION_PREFIX = String.raw`\[Partition (?<topic>.+)-(?<partition>\d+) broker=\d+\]`;

export const DEFAULT_LOG_METRICS: readonly LogMetricRuleSpec[] = [
  {
    name: 'logs.kafka.errors',
    query: 'source:kafka status:(error OR fatal)',
    group_by: [{ path: 'logger' }],
    description: 'Broker log records at ERROR or FATAL, by logger.',
  },
  {
    name: 'logs.kafka.warnings',
    query: 'source:kafka status:warn',
    group_by: [{ path: 'logger' }],
    description: 'Broker log records at WARN, by logger.',
  },
  {
    name: 'logs.kafka.segments_deleted',
    query: 'source:kafka logger:*UnifiedLog "Deleting segment" "due to log retention"',
    extract: `${UNIFIED_LOG_PREFIX}.*due to log retention (?<reason>time|size)`,
    group_by: [{ path: '@topic' }, { path: '@reason' }],
    description:
      'Log segments the broker deleted because they passed `retention.ms` (`reason:time`) or `retention.bytes` (`reason:size`), by topic.',
  },
  {
    name: 'logs.kafka.isr_changes',
    query:
      'source:kafka logger:*Partition ("ISR updated to" OR "Shrinking ISR from" OR "Expanding ISR from")',
    extract: `${PARTITION_PREFIX} (?<change>ISR updated|Shrinking ISR|Expanding ISR)`,
    group_by: [{ path: '@topic' }, { path: '@change' }],
    description:
      'In-sync replica set changes written by partition leaders (`change:ISR_updated` is a committed change; shrinks and expansions are also logged when proposed), by topic.',
  },
  {
    name: 'logs.zookeeper.session_expirations',
    query: 'source:zookeeper "Expiring session"',
    description: 'ZooKeeper sessions the server expired because their client stopped heart-beating.',
  },
  {
    name: 'logs.zookeeper.errors',
    query: 'source:zookeeper status:(error OR fatal)',
    group_by: [{ path: 'logger' }],
    description: 'ZooKeeper log records at ERROR or FATAL, by logger.',
  },
];
