// The `kafka` check's metrics: Datadog's default broker set (JMXFetch `kafka` integration) plus KRaft and a
// few kinstrument additions, each with the MBean attribute it is read from through Jolokia, and the JVM
// metrics (./jvm.ts) of the broker and, with `zookeeper_jolokia_url`, of ZooKeeper.
import { jmxMetric as jmx, type JmxMetricDefinition } from './jmx';
import { JVM_CATALOG_METRICS } from './jvm';
import type { CheckCatalog, CheckMetricType } from './types';

export type { JmxMetricDefinition, JmxSource } from './jmx';

const TOPIC_TOTALS = 'kafka.server:type=BrokerTopicMetrics,name=*';
const PER_TOPIC = 'kafka.server:type=BrokerTopicMetrics,name=*,topic=*';
const REQUEST_RATES = 'kafka.network:type=RequestMetrics,name=RequestsPerSec,*';
const REQUEST_TIMES = 'kafka.network:type=RequestMetrics,name=TotalTimeMs,request=*';
const PURGATORY = 'kafka.server:type=DelayedOperationPurgatory,name=PurgatorySize,delayedOperation=*';
const REPLICA_MANAGER = 'kafka.server:type=ReplicaManager,name=*';
const CONTROLLER_STATS = 'kafka.controller:type=ControllerStats,name=*';
const CONTROLLER = 'kafka.controller:type=KafkaController,name=*';
const ZK_SESSIONS = 'kafka.server:type=SessionExpireListener,name=*';
const FETCH_SESSIONS = 'kafka.server:type=FetchSessionCache,name=*';
const RAFT = 'kafka.server:type=raft-metrics';
const BROKER_METADATA = 'kafka.server:type=broker-metadata-metrics';

function topicTotal(name: string, bean: string, unit: string, description: string): JmxMetricDefinition {
  return jmx({
    name,
    type: 'rate',
    unit,
    description,
    jmx: { mbean: TOPIC_TOTALS, attribute: 'Count', match: { name: bean } },
  });
}

function perTopic(name: string, bean: string, unit: string, description: string): JmxMetricDefinition {
  return jmx({
    name,
    type: 'rate',
    unit,
    description,
    jmx: { mbean: PER_TOPIC, attribute: 'Count', match: { name: bean }, beanTags: { topic: 'topic' } },
  });
}

function requestRate(metric: string, request: string): JmxMetricDefinition {
  return jmx({
    name: `kafka.request.${metric}.rate`,
    type: 'rate',
    unit: 'request',
    description: `${request} requests per second (all protocol versions summed).`,
    jmx: { mbean: REQUEST_RATES, attribute: 'Count', match: { request } },
  });
}

function requestTimes(metric: string, request: string, what: string): JmxMetricDefinition[] {
  return [
    jmx({
      name: `kafka.request.${metric}.time.avg`,
      type: 'gauge',
      unit: 'millisecond',
      description: `Mean total time of ${what} requests.`,
      jmx: { mbean: REQUEST_TIMES, attribute: 'Mean', match: { request } },
    }),
    jmx({
      name: `kafka.request.${metric}.time.99percentile`,
      type: 'gauge',
      unit: 'millisecond',
      description: `99th percentile total time of ${what} requests.`,
      jmx: { mbean: REQUEST_TIMES, attribute: '99thPercentile', match: { request } },
    }),
  ];
}

function gaugeOf(
  name: string,
  mbean: string,
  match: Record<string, string> | undefined,
  unit: string,
  description: string,
  origin: 'datadog' | 'kinstrument' = 'datadog',
): JmxMetricDefinition {
  return jmx({ name, type: 'gauge', unit, description, origin, jmx: { mbean, attribute: 'Value', match } });
}

function rateOf(
  name: string,
  mbean: string,
  match: Record<string, string> | undefined,
  unit: string,
  description: string,
): JmxMetricDefinition {
  return jmx({ name, type: 'rate', unit, description, jmx: { mbean, attribute: 'Count', match } });
}

function raft(name: string, attribute: string, unit: string, description: string): JmxMetricDefinition {
  return jmx({
    name: `kafka.raft.${name}`,
    type: 'gauge',
    unit,
    description: `KRaft: ${description}`,
    origin: 'kinstrument',
    jmx: { mbean: RAFT, attribute },
  });
}

// ZooKeeper's own MBeans through its JVM's Jolokia (standalone server; quorum members register other names).
const ZK_SERVER = 'org.apache.ZooKeeperService:name0=*';
const ZK_TREE = 'org.apache.ZooKeeperService:name0=*,name1=InMemoryDataTree';

function zookeeperJmx(
  name: string,
  mbean: string,
  attribute: string,
  type: CheckMetricType,
  unit: string,
  description: string,
): JmxMetricDefinition {
  return jmx({
    name: `zookeeper.jmx.${name}`,
    type,
    unit,
    description: `${description} (ZooKeeper MBean, through its Jolokia).`,
    origin: 'kinstrument',
    jmx: { mbean, attribute, target: 'zookeeper' },
  });
}

const ZOOKEEPER_JMX_METRICS: JmxMetricDefinition[] = [
  zookeeperJmx(
    'latency.avg',
    ZK_SERVER,
    'AvgRequestLatency',
    'gauge',
    'millisecond',
    'Average request latency',
  ),
  zookeeperJmx(
    'latency.max',
    ZK_SERVER,
    'MaxRequestLatency',
    'gauge',
    'millisecond',
    'Maximum request latency',
  ),
  zookeeperJmx(
    'latency.min',
    ZK_SERVER,
    'MinRequestLatency',
    'gauge',
    'millisecond',
    'Minimum request latency',
  ),
  zookeeperJmx(
    'connections',
    ZK_SERVER,
    'NumAliveConnections',
    'gauge',
    'connection',
    'Live client connections',
  ),
  zookeeperJmx(
    'outstanding_requests',
    ZK_SERVER,
    'OutstandingRequests',
    'gauge',
    'request',
    'Queued requests',
  ),
  zookeeperJmx(
    'packets.received',
    ZK_SERVER,
    'PacketsReceived',
    'rate',
    'packet',
    'Packets received per second',
  ),
  zookeeperJmx('packets.sent', ZK_SERVER, 'PacketsSent', 'rate', 'packet', 'Packets sent per second'),
  zookeeperJmx('znode_count', ZK_TREE, 'NodeCount', 'gauge', 'node', 'Znodes in the data tree'),
  zookeeperJmx('watch_count', ZK_TREE, 'WatchCount', 'gauge', '', 'Watches set'),
];

export const KAFKA_JMX_METRICS: readonly JmxMetricDefinition[] = [
  // Broker throughput
  topicTotal('kafka.net.bytes_in.rate', 'BytesInPerSec', 'byte', 'Bytes received from clients per second.'),
  topicTotal('kafka.net.bytes_out.rate', 'BytesOutPerSec', 'byte', 'Bytes sent to clients per second.'),
  topicTotal('kafka.net.bytes_rejected.rate', 'BytesRejectedPerSec', 'byte', 'Bytes rejected per second.'),
  topicTotal('kafka.messages_in.rate', 'MessagesInPerSec', 'message', 'Messages received per second.'),
  topicTotal(
    'kafka.request.fetch.failed.rate',
    'FailedFetchRequestsPerSec',
    'request',
    'Failed fetch requests per second.',
  ),
  topicTotal(
    'kafka.request.produce.failed.rate',
    'FailedProduceRequestsPerSec',
    'request',
    'Failed produce requests per second.',
  ),
  // Per topic
  perTopic('kafka.topic.messages_in.rate', 'MessagesInPerSec', 'message', 'Messages received per second.'),
  perTopic('kafka.topic.net.bytes_in.rate', 'BytesInPerSec', 'byte', 'Bytes received per second.'),
  perTopic('kafka.topic.net.bytes_out.rate', 'BytesOutPerSec', 'byte', 'Bytes sent per second.'),
  perTopic(
    'kafka.topic.net.bytes_rejected.rate',
    'BytesRejectedPerSec',
    'byte',
    'Bytes rejected per second.',
  ),
  // Requests
  requestRate('produce', 'Produce'),
  requestRate('fetch_consumer', 'FetchConsumer'),
  requestRate('fetch_follower', 'FetchFollower'),
  ...requestTimes('produce', 'Produce', 'produce'),
  ...requestTimes('fetch_consumer', 'FetchConsumer', 'consumer fetch'),
  ...requestTimes('fetch_follower', 'FetchFollower', 'follower fetch'),
  ...requestTimes('update_metadata', 'UpdateMetadata', 'update-metadata'),
  ...requestTimes('metadata', 'Metadata', 'metadata'),
  // Datadog reads request=Offsets, the pre-2.0 name of ListOffsets.
  ...requestTimes('offsets', 'ListOffsets', 'list-offsets'),
  gaugeOf(
    'kafka.request.channel.queue.size',
    'kafka.network:type=RequestChannel,name=RequestQueueSize',
    undefined,
    'request',
    'Requests waiting in the request queue.',
  ),
  gaugeOf(
    'kafka.net.processor.avg.idle.pct.rate',
    'kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent',
    undefined,
    'fraction',
    'Average fraction of time the network processors are idle.',
  ),
  jmx({
    name: 'kafka.request.handler.avg.idle.pct.rate',
    type: 'gauge',
    unit: 'fraction',
    description: 'Average fraction of time the request handler threads are idle (one-minute rate).',
    jmx: {
      mbean: 'kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent',
      attribute: 'OneMinuteRate',
    },
  }),
  // Purgatory
  gaugeOf(
    'kafka.request.producer_request_purgatory.size',
    PURGATORY,
    { delayedOperation: 'Produce' },
    'request',
    'Produce requests waiting in purgatory.',
  ),
  gaugeOf(
    'kafka.request.fetch_request_purgatory.size',
    PURGATORY,
    { delayedOperation: 'Fetch' },
    'request',
    'Fetch requests waiting in purgatory.',
  ),
  // Replication
  gaugeOf(
    'kafka.replication.under_replicated_partitions',
    REPLICA_MANAGER,
    { name: 'UnderReplicatedPartitions' },
    '',
    'Partitions with fewer in-sync replicas than replicas.',
  ),
  gaugeOf(
    'kafka.replication.under_min_isr_partition_count',
    REPLICA_MANAGER,
    { name: 'UnderMinIsrPartitionCount' },
    '',
    'Partitions whose ISR is below min.insync.replicas.',
  ),
  rateOf(
    'kafka.replication.isr_shrinks.rate',
    REPLICA_MANAGER,
    { name: 'IsrShrinksPerSec' },
    'node',
    'Replicas leaving the ISR per second.',
  ),
  rateOf(
    'kafka.replication.isr_expands.rate',
    REPLICA_MANAGER,
    { name: 'IsrExpandsPerSec' },
    'node',
    'Replicas joining the ISR per second.',
  ),
  gaugeOf(
    'kafka.replication.partition_count',
    REPLICA_MANAGER,
    { name: 'PartitionCount' },
    '',
    'Partitions on this broker.',
  ),
  gaugeOf(
    'kafka.replication.leader_count',
    REPLICA_MANAGER,
    { name: 'LeaderCount' },
    '',
    'Partitions led by this broker.',
  ),
  gaugeOf(
    'kafka.replication.max_lag',
    'kafka.server:type=ReplicaFetcherManager,name=MaxLag,clientId=Replica',
    undefined,
    'offset',
    'Largest lag in messages between follower and leader replicas.',
  ),
  rateOf(
    'kafka.replication.leader_elections.rate',
    CONTROLLER_STATS,
    { name: 'LeaderElectionRateAndTimeMs' },
    'event',
    'Leader elections per second (ZooKeeper-mode controller).',
  ),
  rateOf(
    'kafka.replication.unclean_leader_elections.rate',
    CONTROLLER_STATS,
    { name: 'UncleanLeaderElectionsPerSec' },
    'event',
    'Unclean leader elections per second.',
  ),
  gaugeOf(
    'kafka.replication.offline_partitions_count',
    CONTROLLER,
    { name: 'OfflinePartitionsCount' },
    '',
    'Partitions without an active leader (reported by the active controller).',
  ),
  gaugeOf(
    'kafka.replication.active_controller_count',
    CONTROLLER,
    { name: 'ActiveControllerCount' },
    '',
    '1 on the active controller, 0 elsewhere.',
  ),
  // Controller view of the cluster (both modes in Kafka 3.x, KRaft in 4.x)
  gaugeOf(
    'kafka.controller.active_broker_count',
    CONTROLLER,
    { name: 'ActiveBrokerCount' },
    'node',
    'Brokers the active controller sees as active.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.fenced_broker_count',
    CONTROLLER,
    { name: 'FencedBrokerCount' },
    'node',
    'Brokers the active controller has fenced.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.global_topic_count',
    CONTROLLER,
    { name: 'GlobalTopicCount' },
    '',
    'Topics in the cluster.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.global_partition_count',
    CONTROLLER,
    { name: 'GlobalPartitionCount' },
    '',
    'Partitions in the cluster.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.preferred_replica_imbalance_count',
    CONTROLLER,
    { name: 'PreferredReplicaImbalanceCount' },
    '',
    'Partitions whose leader is not the preferred replica.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.last_applied_record_lag_ms',
    CONTROLLER,
    { name: 'LastAppliedRecordLagMs' },
    'millisecond',
    'KRaft: age of the last metadata record the controller applied.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.metadata_error_count',
    CONTROLLER,
    { name: 'MetadataErrorCount' },
    'error',
    'KRaft: metadata errors seen by the controller.',
    'kinstrument',
  ),
  gaugeOf(
    'kafka.controller.timed_out_broker_heartbeat_count',
    CONTROLLER,
    { name: 'TimedOutBrokerHeartbeatCount' },
    '',
    'KRaft: broker heartbeats that timed out in the controller queue.',
    'kinstrument',
  ),
  // Log flush
  rateOf(
    'kafka.log.flush_rate.rate',
    'kafka.log:type=LogFlushStats,name=LogFlushRateAndTimeMs',
    undefined,
    'flush',
    'Log flushes per second.',
  ),
  // ZooKeeper client sessions (ZooKeeper mode only)
  rateOf(
    'kafka.session.zookeeper.disconnect.rate',
    ZK_SESSIONS,
    { name: 'ZooKeeperDisconnectsPerSec' },
    'event',
    'ZooKeeper client disconnects per second.',
  ),
  rateOf(
    'kafka.session.zookeeper.expire.rate',
    ZK_SESSIONS,
    { name: 'ZooKeeperExpiresPerSec' },
    'event',
    'ZooKeeper session expirations per second.',
  ),
  rateOf(
    'kafka.session.zookeeper.readonly.rate',
    ZK_SESSIONS,
    { name: 'ZooKeeperReadOnlyConnectsPerSec' },
    'event',
    'Read-only ZooKeeper connections per second.',
  ),
  rateOf(
    'kafka.session.zookeeper.sync.rate',
    ZK_SESSIONS,
    { name: 'ZooKeeperSyncConnectsPerSec' },
    'event',
    'ZooKeeper (re)connections per second.',
  ),
  // Fetch sessions
  gaugeOf(
    'kafka.session.fetch.count',
    FETCH_SESSIONS,
    { name: 'NumIncrementalFetchSessions' },
    '',
    'Incremental fetch sessions in the cache.',
  ),
  rateOf(
    'kafka.session.fetch.eviction',
    FETCH_SESSIONS,
    { name: 'IncrementalFetchSessionEvictionsPerSec' },
    'eviction',
    'Incremental fetch session evictions per second.',
  ),
  // Listeners
  jmx({
    name: 'kafka.server.socket.connection_count',
    type: 'gauge',
    unit: 'connection',
    description: 'Open connections per listener (network processors summed).',
    jmx: {
      mbean: 'kafka.server:type=socket-server-metrics,listener=*,networkProcessor=*',
      attribute: 'connection-count',
      beanTags: { listener: 'listener' },
    },
  }),
  // Broker state (kinstrument)
  gaugeOf(
    'kafka.broker.state',
    'kafka.server:type=KafkaServer,name=BrokerState',
    undefined,
    '',
    'Broker state (3 = RUNNING).',
    'kinstrument',
  ),
  // KRaft quorum (only present when the broker runs KRaft)
  raft('current_leader', 'current-leader', 'node', 'id of the current quorum leader (-1 unknown).'),
  raft('current_epoch', 'current-epoch', '', 'current quorum epoch.'),
  raft('high_watermark', 'high-watermark', 'offset', 'high watermark of the metadata log.'),
  raft('log_end_offset', 'log-end-offset', 'offset', 'end offset of the metadata log.'),
  raft(
    'commit_latency.avg',
    'commit-latency-avg',
    'millisecond',
    'average time to commit a metadata record.',
  ),
  raft(
    'commit_latency.max',
    'commit-latency-max',
    'millisecond',
    'maximum time to commit a metadata record.',
  ),
  raft(
    'append_records.rate',
    'append-records-rate',
    'record',
    'records appended to the metadata log per second.',
  ),
  raft('fetch_records.rate', 'fetch-records-rate', 'record', 'records fetched from the leader per second.'),
  raft('poll_idle_ratio.avg', 'poll-idle-ratio-avg', 'fraction', 'fraction of time the raft client is idle.'),
  raft('voters', 'number-of-voters', 'node', 'voters in the quorum.'),
  jmx({
    name: 'kafka.broker.metadata.last_applied_record_lag_ms',
    type: 'gauge',
    unit: 'millisecond',
    description: 'KRaft: age of the last metadata record this broker applied.',
    origin: 'kinstrument',
    jmx: { mbean: BROKER_METADATA, attribute: 'last-applied-record-lag-ms' },
  }),
  jmx({
    name: 'kafka.broker.metadata.apply_error_count',
    type: 'gauge',
    unit: 'error',
    description: 'KRaft: errors applying metadata records on this broker.',
    origin: 'kinstrument',
    jmx: { mbean: BROKER_METADATA, attribute: 'metadata-apply-error-count' },
  }),
  ...ZOOKEEPER_JMX_METRICS,
];

/** Beans read for metadata and tags rather than metrics. */
export const KAFKA_INFO_BEANS = {
  appInfo: 'kafka.server:type=app-info',
  clusterId: 'kafka.server:type=KafkaServer,name=ClusterId',
  raftState: RAFT,
} as const;

export const KAFKA_CATALOG: CheckCatalog = {
  check: 'kafka',
  description:
    'Broker metrics over JMX, and the JVM metrics of the broker (and ZooKeeper), read through the Jolokia agent ' +
    'in one bulk HTTP request per JVM per run.',
  // JVM metrics are read from the broker's JVM and, with `zookeeper_jolokia_url`, from ZooKeeper's.
  metrics: [...KAFKA_JMX_METRICS, ...JVM_CATALOG_METRICS],
  serviceChecks: [
    {
      name: 'kafka.can_connect',
      statuses: ['OK', 'CRITICAL'],
      tags: ['instance', 'jmx_server'],
      description: 'CRITICAL when Jolokia cannot be reached or answers with an error, else OK.',
    },
  ],
  metadata: ['version', 'kafka_cluster_id', 'metadata_mode'],
};
