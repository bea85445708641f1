// The consumer groups the kafka_consumer check benchmark reads: `count` groups named bench-cg-NNNN (quick:
// bench-cg-quick-NN), each with a committed offset on every partition of one topic. Created once with
// kafkajs' admin client and reused: creating a thousand takes a while (each setOffsets joins the group).
import { benchKafka, ensureTopic, messagesInTopic, withAdmin } from '../support/kafka';

export interface GroupPlan {
  topic: string;
  partitions: number;
  groupPrefix: string;
  groups: number;
  /** Regex (as the check's consumer_groups_regex key) matching exactly these groups. */
  groupRegex: string;
}

export const GROUP_PLANS: Record<'full' | 'quick', GroupPlan> = {
  full: {
    topic: 'bench-cg-topic',
    partitions: 10,
    groupPrefix: 'bench-cg-',
    groups: 1_000,
    groupRegex: '^bench-cg-\\d{4}$',
  },
  quick: {
    topic: 'bench-cg-quick-topic',
    partitions: 10,
    groupPrefix: 'bench-cg-quick-',
    groups: 20,
    groupRegex: '^bench-cg-quick-\\d{4}$',
  },
};

const MESSAGES_PER_PARTITION = 50;
// Each setOffsets takes seconds (a consumer joins, fetches once, commits, leaves); they run side by side.
const CREATE_CONCURRENCY = 50;

export function groupName(plan: GroupPlan, index: number): string {
  return `${plan.groupPrefix}${String(index).padStart(4, '0')}`;
}

/** Makes sure every group of the plan exists; returns how many had to be created. */
export async function ensureBenchGroups(plan: GroupPlan, log: (line: string) => void): Promise<number> {
  const kafka = benchKafka('bench-cg-setup');
  return withAdmin(kafka, async (admin) => {
    await ensureTopic(admin, { topic: plan.topic, numPartitions: plan.partitions });
    if ((await messagesInTopic(admin, plan.topic)) < MESSAGES_PER_PARTITION * plan.partitions) {
      const producer = kafka.producer();
      await producer.connect();
      try {
        await producer.send({
          topic: plan.topic,
          messages: Array.from({ length: plan.partitions * MESSAGES_PER_PARTITION }, (_, i) => ({
            partition: i % plan.partitions,
            value: 'x',
          })),
        });
      } finally {
        await producer.disconnect();
      }
    }
    const existing = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const missing = Array.from({ length: plan.groups }, (_, i) => i).filter(
      (i) => !existing.has(groupName(plan, i)),
    );
    if (missing.length > 0)
      log(`consumer-check: creating ${missing.length} consumer groups (once; reused later)`);
    let next = 0;
    let created = 0;
    const worker = async () => {
      while (next < missing.length) {
        const index = missing[next]!;
        next += 1;
        // Different lags per group, so the check's status logic sees varied input.
        const offset = String(index % MESSAGES_PER_PARTITION);
        await admin.setOffsets({
          groupId: groupName(plan, index),
          topic: plan.topic,
          partitions: Array.from({ length: plan.partitions }, (_, partition) => ({ partition, offset })),
        });
        created += 1;
        if (created % 100 === 0) log(`consumer-check: ${created}/${missing.length} groups created`);
      }
    };
    await Promise.all(Array.from({ length: CREATE_CONCURRENCY }, worker));
    return missing.length;
  });
}
