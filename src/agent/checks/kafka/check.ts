// The `kafka` check: broker (and optionally ZooKeeper) JMX metrics through Jolokia, one bulk POST per JVM per
// run, plus the `kafka.can_connect` service check, the broker version and its cluster mode as metadata. Each
// JVM's default metrics (`jvm.*`, tagged `jvm:kafka` / `jvm:zookeeper`) ride in the same request.
import { KAFKA_CATALOG, KAFKA_INFO_BEANS, KAFKA_JMX_METRICS } from '../../../catalog/checks/kafka';
import { ServiceCheckStatus } from '../../model';
import { jolokiaBulkRead, type JolokiaReadResult } from '../jolokia/client';
import { planJmxReads, submitJmxMetrics } from '../jolokia/jmx-metrics';
import { JvmMetrics, zookeeperInstanceTag } from '../jolokia/jvm-metrics';
import type { CheckContext, CheckDefinition, CheckInstance } from '../types';
import { jolokiaUrl, KAFKA_SECRET_KEYS, parseKafkaInstance, type KafkaCheckConfig } from './config';

const BROKER_METRICS = KAFKA_JMX_METRICS.filter((metric) => (metric.jmx.target ?? 'broker') === 'broker');
const ZOOKEEPER_METRICS = KAFKA_JMX_METRICS.filter((metric) => metric.jmx.target === 'zookeeper');

const INFO_READS = [
  { mbean: KAFKA_INFO_BEANS.appInfo, attributes: ['version'] },
  { mbean: KAFKA_INFO_BEANS.clusterId, attributes: ['Value'] },
  { mbean: KAFKA_INFO_BEANS.raftState, attributes: ['current-state'] },
];

export class KafkaCheck implements CheckInstance {
  private readonly url: string;
  private readonly brokerPlan = planJmxReads(BROKER_METRICS, INFO_READS);
  private readonly zookeeperPlan = planJmxReads(ZOOKEEPER_METRICS);
  private readonly jvm: JvmMetrics;
  private clusterId: string | undefined;

  constructor(private readonly config: KafkaCheckConfig) {
    this.url = jolokiaUrl(config);
    this.jvm = new JvmMetrics({
      enabled: config.collectDefaultJvmMetrics,
      newGcMetrics: config.newGcMetrics,
    });
  }

  async collect(context: CheckContext): Promise<void> {
    const instanceTag = `instance:kafka-${this.config.host}-${this.config.port}`;
    const serviceTags = [instanceTag, `jmx_server:${this.config.host}`];
    let results: JolokiaReadResult[];
    try {
      const reads = [...this.brokerPlan.reads, ...this.jvm.reads];
      results = await jolokiaBulkRead(this.brokerTarget(), reads, context.signal);
    } catch (cause) {
      const message = cause instanceof Error ? cause.message : String(cause);
      context.serviceCheck('kafka.can_connect', ServiceCheckStatus.CRITICAL, { tags: serviceTags, message });
      throw cause;
    }
    context.serviceCheck('kafka.can_connect', ServiceCheckStatus.OK, { tags: serviceTags });
    this.readInfo(context, results);
    const tags = [instanceTag, ...(this.clusterId ? [`kafka_cluster_id:${this.clusterId}`] : [])];
    const brokerCount = this.brokerPlan.reads.length;
    const summary = submitJmxMetrics(context, BROKER_METRICS, this.brokerPlan, results, tags);
    const jvm = this.jvm.submit(context, results.slice(brokerCount), 'kafka', tags);
    for (const failure of [...summary.failures, ...jvm.failures])
      context.warning(`broker MBean read failed: ${failure}`);
    if (this.config.zookeeperJolokiaUrl)
      await this.collectZookeeper(context, this.config.zookeeperJolokiaUrl);
  }

  private async collectZookeeper(context: CheckContext, url: string): Promise<void> {
    const tags = [zookeeperInstanceTag(url)];
    try {
      const results = await jolokiaBulkRead(
        { url, timeoutMs: this.config.timeout * 1000 },
        [...this.zookeeperPlan.reads, ...this.jvm.reads],
        context.signal,
      );
      const zookeeperCount = this.zookeeperPlan.reads.length;
      const summary = submitJmxMetrics(context, ZOOKEEPER_METRICS, this.zookeeperPlan, results, tags);
      const jvm = this.jvm.submit(context, results.slice(zookeeperCount), 'zookeeper', tags);
      for (const failure of [...summary.failures, ...jvm.failures])
        context.warning(`ZooKeeper MBean read failed: ${failure}`);
    } catch (cause) {
      // ZooKeeper's JVM is an extra: its absence is a warning, not a broker outage.
      context.warning(`ZooKeeper Jolokia: ${cause instanceof Error ? cause.message : String(cause)}`);
    }
  }

  private readInfo(context: CheckContext, results: readonly JolokiaReadResult[]): void {
    const valueOf = (mbean: string, attribute: string): unknown => {
      const index = this.brokerPlan.reads.findIndex((read) => read.mbean === mbean);
      const result = results[index];
      return result?.ok ? result.beans.get(mbean)?.[attribute] : undefined;
    };
    const version = valueOf(KAFKA_INFO_BEANS.appInfo, 'version');
    if (typeof version === 'string') context.setMetadata('version', version);
    const clusterId = valueOf(KAFKA_INFO_BEANS.clusterId, 'Value');
    if (typeof clusterId === 'string' && clusterId !== '') {
      this.clusterId = clusterId;
      context.setMetadata('kafka_cluster_id', clusterId);
    }
    // raft-metrics exists only on KRaft nodes: its presence tells the mode.
    const raftState = valueOf(KAFKA_INFO_BEANS.raftState, 'current-state');
    context.setMetadata('metadata_mode', typeof raftState === 'string' ? 'kraft' : 'zookeeper');
    if (typeof raftState === 'string') context.setMetadata('raft_state', raftState);
  }

  private brokerTarget() {
    return {
      url: this.url,
      user: this.config.user,
      password: this.config.password,
      timeoutMs: this.config.timeout * 1000,
    };
  }
}

export const kafkaCheck: CheckDefinition<KafkaCheckConfig> = {
  name: 'kafka',
  catalog: KAFKA_CATALOG,
  secretKeys: KAFKA_SECRET_KEYS,
  parseInstance: parseKafkaInstance,
  common: (config) => config.common,
  create: (config) => new KafkaCheck(config),
};
