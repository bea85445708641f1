// Tags that say which client a metric is about: `role`, `client_id` (once kafkajs reported it) and, for
// consumers, `consumer_group`; then `topic` and `partition`. Values pass the cardinality guard.
//
// The arrays are built once per client, topic and partition and then reused: per message, tagging is two
// map lookups, and the aggregation behind the recorder can key series by array identity.
import type { ClientInfo } from '../../instrumentation/events';
import type { CardinalityGuard } from './cardinality-guard';

/** The tag sets of one partition's consumer metrics. */
export interface PartitionTags {
  readonly base: readonly string[];
  readonly eachMessage: readonly string[];
  readonly eachBatch: readonly string[];
  readonly fromHeader: readonly string[];
  readonly fromRecord: readonly string[];
}

interface ClientCache {
  clientId: string | undefined;
  tags: readonly string[];
  topics: Map<string, readonly string[]>;
  partitions: Map<string, Map<number, PartitionTags>>;
  partitionCount: number;
}

/** Cached tag sets per client; past these, tags are built per call (still correct, just not reused). */
const MAX_CACHED_TOPICS = 1000;
const MAX_CACHED_PARTITIONS = 10_000;

export class ClientTagger {
  private readonly cache = new WeakMap<ClientInfo, ClientCache>();

  constructor(
    private readonly guard: CardinalityGuard,
    readonly partitionTagged: boolean,
  ) {}

  /** Tags of the client itself. */
  client(info: ClientInfo): readonly string[] {
    return this.cacheOf(info).tags;
  }

  /** Client tags plus `topic`. */
  topic(info: ClientInfo, topic: string): readonly string[] {
    const cache = this.cacheOf(info);
    let tags = cache.topics.get(topic);
    if (tags === undefined) {
      tags = [...cache.tags, this.guard.tag('topic', topic)];
      if (cache.topics.size < MAX_CACHED_TOPICS) cache.topics.set(topic, tags);
    }
    return tags;
  }

  /** Client tags plus `topic`, and `partition` when partition tagging is on, with their variants. */
  partition(info: ClientInfo, topic: string, partition: number): PartitionTags {
    const cache = this.cacheOf(info);
    let byPartition = cache.partitions.get(topic);
    let tags = byPartition?.get(partition);
    if (tags !== undefined) return tags;
    const base = this.partitionTagged
      ? [...this.topic(info, topic), this.guard.tag('partition', String(partition))]
      : this.topic(info, topic);
    tags = {
      base,
      eachMessage: [...base, 'handler:each_message'],
      eachBatch: [...base, 'handler:each_batch'],
      fromHeader: [...base, 'latency_source:produce_header'],
      fromRecord: [...base, 'latency_source:record_timestamp'],
    };
    if (cache.partitionCount < MAX_CACHED_PARTITIONS) {
      if (byPartition === undefined) {
        byPartition = new Map();
        cache.partitions.set(topic, byPartition);
      }
      byPartition.set(partition, tags);
      cache.partitionCount += 1;
    }
    return tags;
  }

  value(key: string, value: string): string {
    return this.guard.tag(key, value);
  }

  /** The client's cache, rebuilt when kafkajs reveals its client id (its first request). */
  private cacheOf(info: ClientInfo): ClientCache {
    const cached = this.cache.get(info);
    if (cached && cached.clientId === info.clientId) return cached;
    const tags = [`role:${info.role}`];
    if (info.clientId !== undefined) tags.push(this.guard.tag('client_id', info.clientId));
    if (info.role === 'consumer' && info.groupId !== undefined) {
      tags.push(this.guard.tag('consumer_group', info.groupId));
    }
    const fresh: ClientCache = {
      clientId: info.clientId,
      tags,
      topics: new Map(),
      partitions: new Map(),
      partitionCount: 0,
    };
    this.cache.set(info, fresh);
    return fresh;
  }
}
