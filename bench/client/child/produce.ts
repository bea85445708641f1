// The producer workload: `inFlight` loops each awaiting send() of `batchSize` 1 KiB messages.
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { MESSAGE_BYTES, type ProduceWorkload } from '../workloads';
import type { Meter } from './meter';
import type { WorkloadOutcome } from './workload-outcome';

export async function runProduce(
  workload: ProduceWorkload,
  brokers: string[],
  meter: Meter,
): Promise<WorkloadOutcome> {
  const kafka = new Kafka({ clientId: 'bench-producer', brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const value = Buffer.alloc(MESSAGE_BYTES, 'k');
  const sendAll = async (sends: number) => {
    let issued = 0;
    const loop = async () => {
      while (issued < sends) {
        issued += 1;
        // A fresh message array per call, as an app builds one per request.
        const messages = Array.from({ length: workload.batchSize }, () => ({ value }));
        await producer.send({ topic: workload.topic, acks: workload.acks, messages });
      }
    };
    await Promise.all(Array.from({ length: workload.inFlight }, loop));
  };
  await sendAll(workload.warmupSends);
  await meter.start();
  await sendAll(workload.sends);
  meter.stopWork();
  return { messages: workload.sends * workload.batchSize, close: () => producer.disconnect() };
}
