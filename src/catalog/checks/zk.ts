// The `zk` check's metrics: Datadog's names for what ZooKeeper's `stat` and `mntr` four-letter words report, and
// with `jolokia_url` the ZooKeeper JVM's own metrics.
import { JVM_CATALOG_METRICS } from './jvm';
import type { CheckCatalog, CheckMetricDefinition, CheckMetricType } from './types';

export const ZK_MODES = [
  'leader',
  'follower',
  'observer',
  'standalone',
  'down',
  'inactive',
  'unknown',
] as const;

function stat(name: string, type: CheckMetricType, unit: string, description: string, line: string) {
  return metric(name, type, unit, description, `stat → ${line}`);
}

function mntr(key: string, type: CheckMetricType, unit: string, description: string) {
  return metric(`zookeeper.${key.replace(/^zk_/, '')}`, type, unit, description, `mntr → ${key}`);
}

function metric(
  name: string,
  type: CheckMetricType,
  unit: string,
  description: string,
  source: string,
): CheckMetricDefinition {
  return { name, type, unit, description, tags: ['mode'], source, origin: 'datadog' };
}

export const ZK_CATALOG: CheckCatalog = {
  check: 'zk',
  description:
    'ZooKeeper health and statistics over its four-letter words (ruok, stat, mntr); with `jolokia_url`, its JVM.',
  metrics: [
    stat('zookeeper.latency.min', 'gauge', 'millisecond', 'Minimum request latency.', 'Latency min/avg/max'),
    stat('zookeeper.latency.avg', 'gauge', 'millisecond', 'Average request latency.', 'Latency min/avg/max'),
    stat('zookeeper.latency.max', 'gauge', 'millisecond', 'Maximum request latency.', 'Latency min/avg/max'),
    stat(
      'zookeeper.bytes_received',
      'gauge',
      'packet',
      'Packets received since start (Datadog name kept; the value counts packets).',
      'Received',
    ),
    stat('zookeeper.bytes_sent', 'gauge', 'packet', 'Packets sent since start (Datadog name kept).', 'Sent'),
    stat('zookeeper.packets.received', 'rate', 'packet', 'Packets received per second.', 'Received'),
    stat('zookeeper.packets.sent', 'rate', 'packet', 'Packets sent per second.', 'Sent'),
    stat('zookeeper.connections', 'gauge', 'connection', 'Client connections.', 'Connections'),
    stat('zookeeper.zxid.epoch', 'gauge', '', 'Epoch part (high 32 bits) of the last zxid.', 'Zxid'),
    stat('zookeeper.zxid.count', 'gauge', '', 'Counter part (low 32 bits) of the last zxid.', 'Zxid'),
    stat('zookeeper.nodes', 'gauge', 'node', 'Znodes.', 'Node count'),
    {
      ...stat('zookeeper.outstanding_requests', 'gauge', 'request', 'Queued requests.', 'Outstanding'),
      source: 'stat → Outstanding, mntr → zk_outstanding_requests',
    },
    mntr('zk_avg_latency', 'gauge', 'millisecond', 'Average request latency.'),
    mntr('zk_min_latency', 'gauge', 'millisecond', 'Minimum request latency.'),
    mntr('zk_max_latency', 'gauge', 'millisecond', 'Maximum request latency.'),
    mntr('zk_packets_received', 'rate', 'packet', 'Packets received per second.'),
    mntr('zk_packets_sent', 'rate', 'packet', 'Packets sent per second.'),
    mntr('zk_num_alive_connections', 'gauge', 'connection', 'Live client connections.'),
    mntr('zk_znode_count', 'gauge', 'node', 'Znodes.'),
    mntr('zk_watch_count', 'gauge', '', 'Watches.'),
    mntr('zk_ephemerals_count', 'gauge', 'node', 'Ephemeral znodes.'),
    mntr('zk_approximate_data_size', 'gauge', 'byte', 'Approximate size of the data tree.'),
    mntr('zk_open_file_descriptor_count', 'gauge', 'file', 'Open file descriptors.'),
    mntr('zk_max_file_descriptor_count', 'gauge', 'file', 'File descriptor limit.'),
    mntr('zk_followers', 'gauge', 'node', 'Followers (leader only).'),
    mntr('zk_synced_followers', 'gauge', 'node', 'Followers in sync (leader only).'),
    mntr('zk_pending_syncs', 'gauge', '', 'Pending syncs (leader only).'),
    {
      name: 'zookeeper.<mntr key>',
      namePattern: 'zookeeper\\.[A-Za-z0-9_]+',
      type: 'gauge',
      unit: '',
      description:
        'Every other numeric `mntr` line (ZooKeeper 3.6+ reports ~500): `zk_` becomes `zookeeper.`; ' +
        'labelled lines `name{key="v"}` add the tag `key:v`.',
      tags: ['mode'],
      source: 'mntr → zk_*',
      origin: 'datadog',
    },
    {
      name: 'zookeeper.instances',
      type: 'gauge',
      unit: 'instance',
      description: '1, tagged with the server mode (`report_instance_mode`).',
      tags: ['mode'],
      source: 'mntr → zk_server_state, else stat → Mode',
      origin: 'datadog',
    },
    ...ZK_MODES.map((mode): CheckMetricDefinition => ({
      name: `zookeeper.instances.${mode}`,
      type: 'gauge',
      unit: 'instance',
      description: `1 when the server is in ${mode} mode, else 0 (\`report_instance_mode\`).`,
      tags: [],
      source: 'mntr → zk_server_state, else stat → Mode',
      origin: 'datadog',
    })),
    {
      name: 'zookeeper.timeouts',
      type: 'count',
      unit: 'timeout',
      description: '1 for a run in which ZooKeeper did not answer ruok in time.',
      tags: [],
      source: 'ruok',
      origin: 'datadog',
    },
    ...JVM_CATALOG_METRICS.map((metric): CheckMetricDefinition => ({
      ...metric,
      source: `\`jolokia_url\`: ${metric.source}`,
    })),
  ],
  serviceChecks: [
    {
      name: 'zookeeper.ruok',
      statuses: ['OK', 'WARNING', 'CRITICAL'],
      tags: ['host', 'port'],
      description: 'OK on `imok`, WARNING on another answer, CRITICAL when ZooKeeper does not answer.',
    },
    {
      name: 'zookeeper.mode',
      statuses: ['OK', 'CRITICAL'],
      tags: ['host', 'port', 'mode'],
      description: 'Only with `expected_mode`: OK when the server mode is one of the expected modes.',
    },
  ],
  metadata: ['version'],
};
