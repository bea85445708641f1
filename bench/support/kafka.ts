// The broker the benchmarks use: KAFKA_BROKERS (as the test runner sets it) or the local rig.
import { Kafka, logLevel, type Admin, type ITopicConfig } from 'kafkajs';

export function benchBrokers(): string[] {
  const value = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
  return value
    .split(',')
    .map((broker) => broker.trim())
    .filter((broker) => broker !== '');
}

export function benchKafka(clientId: string): Kafka {
  return new Kafka({ clientId, brokers: benchBrokers(), logLevel: logLevel.NOTHING });
}

export async function withAdmin<T>(kafka: Kafka, work: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Creates the topic unless it exists (under KRaft, kafkajs cannot rely on auto-creation). */
export async function ensureTopic(admin: Admin, topic: ITopicConfig): Promise<void> {
  const existing = await admin.listTopics();
  if (existing.includes(topic.topic)) return;
  await admin.createTopics({ waitForLeaders: true, topics: [{ replicationFactor: 1, ...topic }] });
  // Under KRaft the leaders can be known to the controller before the broker serves them: wait until every
  // partition answers (bounded), or the first produce fails with "not the leader".
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      await admin.fetchTopicOffsets(topic.topic);
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Messages currently in the topic (sum over partitions of high − low watermark). */
export async function messagesInTopic(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + (Number(p.high) - Number(p.low)), 0);
}
