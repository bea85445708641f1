// Maps parsed `stat` and `mntr` answers to Datadog's `zookeeper.*` metric names.
import type { MntrResult } from './four-letter-words';
import type { StatResult } from './stat';

export interface ZkSample {
  name: string;
  type: 'gauge' | 'rate';
  value: number;
  tags: string[];
}

/** mntr keys Datadog submits as rates; every other numeric key is a gauge. */
const MNTR_RATES = new Set(['zk_packets_received', 'zk_packets_sent']);

export function statMetrics(stat: StatResult): ZkSample[] {
  const samples: ZkSample[] = [];
  const gauge = (name: string, value: number | undefined) => {
    if (value !== undefined) samples.push({ name, type: 'gauge', value, tags: [] });
  };
  if (stat.latency) {
    gauge('zookeeper.latency.min', stat.latency.min);
    gauge('zookeeper.latency.avg', stat.latency.avg);
    gauge('zookeeper.latency.max', stat.latency.max);
  }
  gauge('zookeeper.bytes_received', stat.received);
  gauge('zookeeper.bytes_sent', stat.sent);
  if (stat.received !== undefined) {
    samples.push({ name: 'zookeeper.packets.received', type: 'rate', value: stat.received, tags: [] });
  }
  if (stat.sent !== undefined) {
    samples.push({ name: 'zookeeper.packets.sent', type: 'rate', value: stat.sent, tags: [] });
  }
  gauge('zookeeper.connections', stat.connections);
  gauge('zookeeper.outstanding_requests', stat.outstanding);
  gauge('zookeeper.zxid.epoch', stat.zxid?.epoch);
  gauge('zookeeper.zxid.count', stat.zxid?.count);
  gauge('zookeeper.nodes', stat.nodeCount);
  return samples;
}

/** `zk_avg_latency` → `zookeeper.avg_latency`: the `zk` prefix becomes `zookeeper`, the first `_` a dot. */
export function mntrMetricName(key: string): string {
  return key.replace(/^zk/, 'zookeeper').replace('_', '.');
}

export function mntrMetrics(mntr: MntrResult): ZkSample[] {
  const samples: ZkSample[] = [];
  for (const [key, value] of mntr.metrics) {
    if (!key.startsWith('zk_')) continue;
    samples.push({
      name: mntrMetricName(key),
      type: MNTR_RATES.has(key) ? 'rate' : 'gauge',
      value,
      tags: [],
    });
  }
  for (const line of mntr.labelled) {
    if (!line.key.startsWith('zk_')) continue;
    samples.push({
      name: mntrMetricName(line.key),
      type: MNTR_RATES.has(line.key) ? 'rate' : 'gauge',
      value: line.value,
      tags: [`${line.label}:${line.labelValue}`],
    });
  }
  return samples;
}
