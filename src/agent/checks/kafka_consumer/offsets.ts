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
  /**
   * Groups whose coordinator is loading its offsets or moving (after a broker start, a restart or a
   * partition leader change), with the reason: a passing state, read again next run, not a failure.
   */
  pendingGroups: Map<string, string>;
}

/**
 * kafkajs' names of the group coordinator states that pass by themselves: the coordinator is loading the
 * group's offsets partition, is not elected yet, or has just moved to another broker.
 */
const PASSING_COORDINATOR_ERRORS = new Set([
  'GROUP_LOAD_IN_PROGRESS',
  'GROUP_COORDINATOR_NOT_AVAILABLE',
  'NOT_COORDINATOR_FOR_GROUP',
]);

/**
 * What kafkajs throws when every broker answered FindCoordinator without naming one: it keeps no reason.
 * Mostly "not available" retried to the end (a broker just started, or an offsets topic that cannot be
 * created); a group the client may not describe looks the same, which the run's warning keeps in view.
 */
const NO_COORDINATOR_FOUND = 'KafkaJSGroupCoordinatorNotFound';

/** True when the error, or the one it wraps as `cause` (kafkajs' retrier wraps the last one), is such a state. */
export function isPassingCoordinatorState(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const { type, name, cause } = current as { type?: unknown; name?: unknown; cause?: unknown };
    if (typeof type === 'string' && PASSING_COORDINATOR_ERRORS.has(type)) return true;
    if (name === NO_COORDINATOR_FOUND) return true;
    current = cause;
  }
  return false;
}

/** Committed offsets of every group (all topics it committed for); partitions with no commit are left out. */
export async function fetchCommittedOffsets(
  admin: Admin,
  groups: readonly string[],
  concurrency: number,
  signal?: AbortSignal,
): Promise<GroupOffsets> {
  const settled = await mapLimit(groups, concurrency, (groupId) => admin.fetchOffsets({ groupId }), signal);
  const result: GroupOffsets = { offsets: [], failedGroups: new Map(), pendingGroups: new Map() };
  settled.forEach((outcome, index) => {
    const group = groups[index] as string;
    if (!outcome.ok) {
      const reason = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      (isPassingCoordinatorState(outcome.error) ? result.pendingGroups : result.failedGroups).set(
        group,
        reason,
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
