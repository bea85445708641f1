// The admin calls of one run, batched so a thousand groups stay fast: committed offsets per group with bounded
// concurrency (one FindCoordinator + OffsetFetch each), then high watermarks once per topic, whatever the
// number of groups reading it.
import type { Admin } from 'kafkajs';
import { mapLimit } from '../runtime/map-limit';

export interface CommittedOffset {
  group: string;
  topic: string;
  partition: number;
  offset: number;
}

export interface GroupOffsets {
  offsets: CommittedOffset[];
  /** Groups whose offsets could not be fetched, with the reason. */
  failedGroups: Map<string, string>;
}

/** Committed offsets of every group (all topics it committed for); partitions with no commit are left out. */
export async function fetchCommittedOffsets(
  admin: Admin,
  groups: readonly string[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<GroupOffsets> {
  const settled = await mapLimit(groups, concurrency, (groupId) => admin.fetchOffsets({ groupId }), signal);
  const result: GroupOffsets = { offsets: [], failedGroups: new Map() };
  settled.forEach((outcome, index) => {
    const group = groups[index] as string;
    if (!outcome.ok) {
      result.failedGroups.set(
        group,
        outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
      );
      return;
    }
    for (const { topic, partitions } of outcome.value) {
      for (const { partition, offset } of partitions) {
        const value = Number(offset);
        // -1: no offset committed for this partition.
        if (Number.isSafeInteger(value) && value >= 0)
          result.offsets.push({ group, topic, partition, offset: value });
      }
    }
  });
  return result;
}

export interface TopicHighWatermarks {
  /** topic → partition → high watermark. */
  highs: Map<string, Map<number, number>>;
  failedTopics: Map<string, string>;
}

export async function fetchHighWatermarks(
  admin: Admin,
  topics: readonly string[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<TopicHighWatermarks> {
  const settled = await mapLimit(topics, concurrency, (topic) => admin.fetchTopicOffsets(topic), signal);
  const result: TopicHighWatermarks = { highs: new Map(), failedTopics: new Map() };
  settled.forEach((outcome, index) => {
    const topic = topics[index] as string;
    if (!outcome.ok) {
      result.failedTopics.set(
        topic,
        outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
      );
      return;
    }
    const partitions = new Map<number, number>();
    for (const { partition, high } of outcome.value) {
      const value = Number(high);
      if (Number.isSafeInteger(value)) partitions.set(partition, value);
    }
    result.highs.set(topic, partitions);
  });
  return result;
}

/** Kafka's own topics, which carry no user data to lag on. */
export function isInternalTopic(topic: string): boolean {
  return topic.startsWith('__');
}
