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
  /**
   * Request tags by broker, then API name (NO_API for the broker alone). Nested maps, not a joined key: the
   * broker and API strings kafkajs hands over are the same objects every time, so no string is built or
   * hashed per request.
   */
  requests: Map<string, Map<string, readonly string[]>>;
  requestTagSets: number;
  partitions: Map<string, Map<number, PartitionTags>>;
  partitionCount: number;
}

/** Cached tag sets per client; past these, tags are built per call (still correct, just not reused). */
const MAX_CACHED_TOPICS = 1000;
const MAX_CACHED_REQUEST_TAGS = 1000;
/** The key of a broker's own tags (no `api`): not a name kafkajs could report. */
const NO_API = '\u0000';
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

  /**
   * Client tags plus `broker`, and `api` when given: kafkajs reports every network request, so these are
   * looked up, not built (and joined into a series key by the aggregation) per request.
   */
  request(info: ClientInfo, broker: string, api?: string): readonly string[] {
    const cache = this.cacheOf(info);
    let byApi = cache.requests.get(broker);
    let tags = byApi?.get(api ?? NO_API);
    if (tags === undefined) {
      const built = [...cache.tags, this.guard.tag('broker', broker)];
      if (api !== undefined) built.push(this.guard.tag('api', api));
      tags = built;
      if (cache.requestTagSets < MAX_CACHED_REQUEST_TAGS) {
        if (byApi === undefined) {
          byApi = new Map();
          cache.requests.set(broker, byApi);
        }
        byApi.set(api ?? NO_API, tags);
        cache.requestTagSets += 1;
      }
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
      requests: new Map(),
      requestTagSets: 0,
      partitions: new Map(),
      partitionCount: 0,
    };
    this.cache.set(info, fresh);
    return fresh;
  }
}
