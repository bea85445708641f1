// Small helpers for tests that talk to the real broker through kafkajs.
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { brokers } from './rig-env';

export function testKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: brokers(), logLevel: logLevel.NOTHING });
}

/**
 * Creates topics up front (under KRaft, kafkajs cannot rely on auto-creation when it subscribes) and waits
 * until every partition has a leader. The wait is ours, not kafkajs' `waitForLeaders`: on a loaded machine
 * the broker's metadata can lag the controller by more than kafkajs' retries allow (~5 s), and it then
 * failed with UNKNOWN_TOPIC_OR_PARTITION although the topic was being created.
 */
export async function createTopics(kafka: Kafka, topics: string[], numPartitions = 1): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: false,
      topics: topics.map((topic) => ({ topic, numPartitions, replicationFactor: 1 })),
    });
    await waitFor(
      `leaders for ${topics.join(', ')}`,
      async () => {
        try {
          const metadata = await admin.fetchTopicMetadata({ topics });
          const led = metadata.topics.every(
            (each) => each.partitions.length > 0 && each.partitions.every((p) => p.leader >= 0),
          );
          return led ? true : undefined;
        } catch {
          return undefined; // not in the broker's metadata yet
        }
      },
      60_000,
    );
  } finally {
    await admin.disconnect();
  }
}

/** Resolves with the value once `predicate` holds, polling; rejects after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until every consumer group's coordinator answers an offset fetch. Right after the broker starts (or
 * creates `__consumer_offsets`), a coordinator answers "loading" for a while; an agent check that runs then
 * records that error in its status, which a golden file of the status would then show.
 */
export async function waitForGroupCoordinators(kafka: Kafka, timeoutMs = 60_000): Promise<void> {
  const admin: Admin = kafka.admin();
  await admin.connect();
  try {
    await waitFor(
      'the group coordinators to answer',
      async () => {
        try {
          const { groups } = await admin.listGroups();
          for (const { groupId } of groups) await admin.fetchOffsets({ groupId });
          return true;
        } catch {
          return undefined; // still loading: ask again
        }
      },
      timeoutMs,
    );
  } finally {
    await admin.disconnect();
  }
}
