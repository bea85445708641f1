// The `kafka_consumer` check: committed offsets, high watermarks and lag (messages and seconds) per group and
// partition, and a Burrow-style status per group, through one kafkajs admin client.
import { Kafka, logLevel, type Admin, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { KAFKA_CONSUMER_CATALOG } from '../../../catalog/checks/kafka-consumer';
import { ServiceCheckStatus } from '../../model';
import type { CheckContext, CheckDefinition, CheckInstance } from '../types';
import {
  KAFKA_CONSUMER_SECRET_KEYS,
  parseKafkaConsumerInstance,
  type KafkaConsumerCheckConfig,
} from './config';
import {
  evaluatePartition,
  lagStatusCode,
  LagWindows,
  resolveVerdict,
  worstStatus,
  type LagStatus,
  type PartitionVerdict,
} from './lag-status';
import {
  fetchCommittedOffsets,
  fetchHighWatermarks,
  isInternalTopic,
  isPassingCoordinatorState,
  type CommittedOffset,
} from './offsets';
import { groupsToFetch, isSelected, needsGroupListing } from './selection';
import { HighWatermarkHistory } from './time-lag';

/** Group states in which no consumer is running. */
const INACTIVE_GROUP_STATES = new Set(['Empty', 'Dead']);

interface GroupEvaluation {
  verdicts: { topic: string; partition: number; verdict: PartitionVerdict; lag: number }[];
  error?: string;
  /** Not read this run because the group's coordinator is loading or moving: the reason. */
  pending?: string;
}

/** Groups named in the one warning about groups whose coordinator is loading; the rest are counted. */
const PENDING_GROUPS_NAMED = 5;

export class KafkaConsumerCheck implements CheckInstance {
  private admin: Admin | undefined;
  private clusterId: string | undefined;
  private run = 0;
  private readonly history: HighWatermarkHistory;
  private readonly windows: LagWindows;

  constructor(private readonly config: KafkaConsumerCheckConfig) {
    this.history = new HighWatermarkHistory({
      maxPoints: config.timestampHistorySize,
      maxPartitions: config.maxPartitionContexts,
    });
    this.windows = new LagWindows(config.lagStatusWindow, config.maxPartitionContexts);
  }

  async collect(context: CheckContext): Promise<void> {
    this.run += 1;
    const serviceTags = [`kafka_connect_str:${this.config.brokers.join(',')}`];
    let admin: Admin;
    try {
      admin = await this.connect();
    } catch (cause) {
      await this.dropAdmin();
      const message = `cannot connect to ${this.config.brokers.join(',')}: ${errorText(cause)}`;
      context.serviceCheck('kafka_consumer.can_connect', ServiceCheckStatus.CRITICAL, {
        tags: serviceTags,
        message,
      });
      throw new Error(message);
    }
    try {
      await this.collectWith(admin, context, serviceTags);
    } catch (cause) {
      await this.dropAdmin();
      context.serviceCheck('kafka_consumer.can_connect', ServiceCheckStatus.CRITICAL, {
        tags: serviceTags,
        message: errorText(cause),
      });
      throw cause;
    } finally {
      if (this.config.closeAdminClient) await this.dropAdmin();
    }
  }

  async close(): Promise<void> {
    await this.dropAdmin();
  }

  private async collectWith(admin: Admin, context: CheckContext, serviceTags: string[]): Promise<void> {
    const { selection, concurrency } = this.config;
    const listed = needsGroupListing(selection) ? await listGroupIds(admin, context) : [];
    const groups = groupsToFetch(selection, listed);
    const committed = await fetchCommittedOffsets(admin, groups, concurrency, context.signal);
    const { failedGroups, pendingGroups } = committed;
    // Every group unreadable, and not only because coordinators are loading: the cluster is not answering.
    if (failedGroups.size > 0 && failedGroups.size + pendingGroups.size === groups.length) {
      throw new Error(`no consumer group offsets could be read: ${[...failedGroups.values()][0]}`);
    }
    context.serviceCheck('kafka_consumer.can_connect', ServiceCheckStatus.OK, { tags: serviceTags });
    for (const [group, reason] of failedGroups) context.warning(`offsets of group ${group}: ${reason}`);
    if (pendingGroups.size > 0) context.warning(pendingWarning(pendingGroups));

    const monitored = committed.offsets.filter((o) => isSelected(selection, o.group, o.topic, o.partition));
    const topics = new Set(monitored.map((offset) => offset.topic));
    if (this.config.monitorAllBrokerHighwatermarks) {
      for (const topic of await admin.listTopics()) if (!isInternalTopic(topic)) topics.add(topic);
    }
    const watermarks = await fetchHighWatermarks(admin, [...topics].sort(), concurrency, context.signal);
    for (const [topic, reason] of watermarks.failedTopics)
      context.warning(`high watermarks of ${topic}: ${reason}`);

    const now = Date.now() / 1000;
    const clusterTags = this.clusterId ? [`kafka_cluster_id:${this.clusterId}`] : [];
    let contexts = 0;
    const limit = this.config.maxPartitionContexts;
    for (const [topic, partitions] of watermarks.highs) {
      for (const [partition, high] of partitions) {
        this.history.record(topic, partition, high, now, this.run);
        if (contexts >= limit) continue;
        contexts += 1;
        context.gauge('kafka.broker_offset', high, {
          tags: [`topic:${topic}`, `partition:${partition}`, ...clusterTags],
        });
      }
    }

    const evaluations = new Map<string, GroupEvaluation>();
    for (const group of groups) evaluations.set(group, { verdicts: [] });
    for (const [group, reason] of failedGroups) evaluations.set(group, { verdicts: [], error: reason });
    for (const [group, reason] of pendingGroups) evaluations.set(group, { verdicts: [], pending: reason });
    let dropped = 0;
    for (const offset of monitored) {
      const high = watermarks.highs.get(offset.topic)?.get(offset.partition);
      if (high === undefined) continue;
      if (contexts >= limit) {
        dropped += 1;
        continue;
      }
      contexts += 1;
      const lag = this.submitPartition(context, offset, high, now, clusterTags);
      const window = this.windows.observe(
        offset.group,
        offset.topic,
        offset.partition,
        { offset: offset.offset, lag, time: now },
        this.run,
      );
      evaluations.get(offset.group)?.verdicts.push({
        topic: offset.topic,
        partition: offset.partition,
        verdict: evaluatePartition(window),
        lag,
      });
    }
    if (dropped > 0) {
      context.warning(
        `max_partition_contexts (${limit}) reached: ${dropped} consumer partitions not reported`,
      );
    }
    await this.submitStatuses(admin, context, evaluations, clusterTags);
    this.history.expire(this.run);
    this.windows.expire(this.run);
  }

  /** Submits offset, lag and lag-in-seconds of one partition; returns the lag (never negative). */
  private submitPartition(
    context: CheckContext,
    offset: CommittedOffset,
    high: number,
    now: number,
    clusterTags: string[],
  ): number {
    const tags = [
      `topic:${offset.topic}`,
      `partition:${offset.partition}`,
      `consumer_group:${offset.group}`,
      ...clusterTags,
    ];
    context.gauge('kafka.consumer_offset', offset.offset, { tags });
    let lag = high - offset.offset;
    if (lag < 0) {
      // Offsets are read before high watermarks, so this means a truncated or re-created topic.
      context.event({
        title: 'Negative consumer lag',
        text: `Negative consumer lag for group: ${offset.group} topic: ${offset.topic} partition: ${offset.partition} (committed ${offset.offset}, high watermark ${high})`,
        alertType: 'error',
        aggregationKey: `${offset.group}:${offset.topic}:${offset.partition}`,
        tags,
      });
      lag = 0;
    }
    context.gauge('kafka.consumer_lag', lag, { tags });
    const seconds = this.history.estimateLagSeconds(offset.topic, offset.partition, offset.offset, now);
    if (seconds !== undefined) context.gauge('kafka.estimated_consumer_lag', seconds, { tags });
    return lag;
  }

  private async submitStatuses(
    admin: Admin,
    context: CheckContext,
    evaluations: Map<string, GroupEvaluation>,
    clusterTags: string[],
  ): Promise<void> {
    // Only groups with a stuck partition need their membership (STOP vs STALL): describe just those.
    const stuckGroups = [...evaluations]
      .filter(([, evaluation]) => evaluation.verdicts.some((v) => v.verdict === 'STUCK'))
      .map(([group]) => group);
    const active = new Map<string, boolean>();
    if (stuckGroups.length > 0) {
      try {
        const described = await admin.describeGroups(stuckGroups);
        for (const group of described.groups) {
          active.set(group.groupId, !INACTIVE_GROUP_STATES.has(group.state) && group.members.length > 0);
        }
      } catch (cause) {
        context.warning(`describing groups failed (stuck partitions reported as STALL): ${errorText(cause)}`);
      }
    }
    for (const [group, evaluation] of evaluations) {
      if (evaluation.pending !== undefined) {
        // No status is known this run; UNKNOWN, not CRITICAL: a broker restart must not page anyone.
        context.serviceCheck('kafka.consumer_group.status', ServiceCheckStatus.UNKNOWN, {
          tags: [`consumer_group:${group}`, ...clusterTags],
          message: `offsets not read this run, no group coordinator answered: ${evaluation.pending}`,
        });
        continue;
      }
      const statuses = evaluation.verdicts.map((v) => resolveVerdict(v.verdict, active.get(group) ?? true));
      const status: LagStatus = evaluation.error ? 'ERR' : worstStatus(statuses);
      const tags = [`consumer_group:${group}`, ...clusterTags];
      context.gauge('kafka.consumer_lag.status', lagStatusCode(status), {
        tags: [...tags, `status:${status.toLowerCase()}`],
      });
      const worst = evaluation.verdicts.find((_, index) => statuses[index] === status);
      const message = evaluation.error
        ? `ERR: offsets could not be read: ${evaluation.error}`
        : status === 'OK'
          ? undefined
          : `${status}: ${worst?.topic} partition ${worst?.partition} lag ${worst?.lag} (${describeStatus(status)})`;
      context.serviceCheck('kafka.consumer_group.status', serviceStatus(status), {
        tags,
        ...(message ? { message } : {}),
      });
    }
  }

  private async connect(): Promise<Admin> {
    if (this.admin) return this.admin;
    const timeoutMs = this.config.kafkaTimeout * 1000;
    const options: KafkaConfig = {
      clientId: 'kinstrument-agent',
      brokers: this.config.brokers,
      connectionTimeout: timeoutMs,
      requestTimeout: timeoutMs,
      // A check run retries on its next interval; long client-side retries would only hide outages.
      retry: { retries: 1, initialRetryTime: 200, maxRetryTime: 1000 },
      logLevel: logLevel.NOTHING,
    };
    if (this.config.ssl) options.ssl = { rejectUnauthorized: this.config.tlsVerify };
    if (this.config.sasl) options.sasl = this.config.sasl as SASLOptions;
    const admin = new Kafka(options).admin();
    this.admin = admin;
    await admin.connect();
    if (!this.clusterId) {
      try {
        this.clusterId = (await admin.describeCluster()).clusterId;
      } catch {
        // Only a tag: carry on without it.
      }
    }
    return admin;
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    if (admin) await admin.disconnect().catch(() => undefined);
  }
}

function serviceStatus(status: LagStatus): ServiceCheckStatus {
  if (status === 'OK') return ServiceCheckStatus.OK;
  return status === 'WARN' ? ServiceCheckStatus.WARNING : ServiceCheckStatus.CRITICAL;
}

function describeStatus(status: LagStatus): string {
  switch (status) {
    case 'WARN':
      return 'lag did not decrease over the window';
    case 'STALL':
      return 'committed offset stopped moving while the group has members';
    case 'STOP':
      return 'committed offset stopped moving and the group has no members';
    case 'ERR':
      return 'committed offset went backwards';
    default:
      return 'ok';
  }
}

/** The cluster's group ids; none this run (with a warning) while a coordinator is loading. */
async function listGroupIds(admin: Admin, context: CheckContext): Promise<string[]> {
  try {
    return (await admin.listGroups()).groups.map((group) => group.groupId);
  } catch (cause) {
    if (!isPassingCoordinatorState(cause)) throw cause;
    context.warning(
      `consumer groups not listed this run, a group coordinator is loading (${errorText(cause)}); ` +
        'they are listed again next run',
    );
    return [];
  }
}

function pendingWarning(pending: ReadonlyMap<string, string>): string {
  const named = [...pending.keys()].slice(0, PENDING_GROUPS_NAMED);
  const more = pending.size - named.length;
  const reason = pending.values().next().value as string;
  return (
    `offsets of ${pending.size} group(s) not read this run, no coordinator answered for them (${reason}): ` +
    `${named.join(', ')}${more > 0 ? ` and ${more} more` : ''}; they are read again next run`
  );
}

function errorText(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export const kafkaConsumerCheck: CheckDefinition<KafkaConsumerCheckConfig> = {
  name: 'kafka_consumer',
  catalog: KAFKA_CONSUMER_CATALOG,
  secretKeys: KAFKA_CONSUMER_SECRET_KEYS,
  parseInstance: parseKafkaConsumerInstance,
  common: (config) => config.common,
  create: (config) => new KafkaConsumerCheck(config),
};
