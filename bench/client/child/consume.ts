// The consumer workloads: a fresh group reads the pre-filled topic from the start with eachMessage or
// eachBatch; the first `warmupMessages` are not measured, the next `messages` are.
import { Kafka, logLevel, type KafkaMessage } from 'kafkajs';
import type { ConsumeWorkload } from '../workloads';
import type { Meter } from './meter';
import type { WorkloadOutcome } from './workload-outcome';

/** The app's "work" per message: touch the payload, nothing more, so the client's own cost dominates. */
function handle(message: KafkaMessage, totals: { bytes: number }): void {
  totals.bytes += message.value?.length ?? 0;
}

export async function runConsume(
  workload: ConsumeWorkload,
  brokers: string[],
  groupId: string,
  meter: Meter,
  timeoutMs: number,
): Promise<WorkloadOutcome> {
  const kafka = new Kafka({ clientId: 'bench-consumer', brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topics: [workload.topic], fromBeginning: true });

  const target = workload.warmupMessages + workload.messages;
  const totals = { bytes: 0 };
  let seen = 0;
  let measuredFrom = 0;
  let measuredTo = 0;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  // Called before a message (or batch) is handled: starts the window once warm-up is over. kafkajs waits
  // for the handler, so nothing is consumed while the window opens.
  const beforeWork = async () => {
    if (!meter.started && seen >= workload.warmupMessages) {
      measuredFrom = seen;
      await meter.start();
    }
  };
  // Called after: closes the window at the target and stops fetching, so the closing flush runs alone.
  const afterWork = () => {
    if (meter.started && measuredTo === 0 && seen >= target) {
      meter.stopWork();
      measuredTo = seen;
      consumer.pause([{ topic: workload.topic }]);
      finish();
    }
  };

  await consumer.run(
    workload.mode === 'eachMessage'
      ? {
          eachMessage: async ({ message }) => {
            if (measuredTo !== 0) return;
            await beforeWork();
            handle(message, totals);
            seen += 1;
            afterWork();
          },
        }
      : {
          eachBatch: async ({ batch }) => {
            if (measuredTo !== 0) return;
            await beforeWork();
            for (const message of batch.messages) handle(message, totals);
            seen += batch.messages.length;
            afterWork();
          },
        },
  );
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    finished,
    new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`consumed ${seen} of ${target} messages within ${timeoutMs} ms`)),
        timeoutMs,
      );
    }),
  ]).finally(() => clearTimeout(timer));
  return { messages: measuredTo - measuredFrom, close: () => consumer.disconnect() };
}
