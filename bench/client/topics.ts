// The client benchmark's topics: one to produce into (kept small by retention, since every run adds to it)
// and one pre-filled for the consumers, reused across runs while it holds enough messages.
import { randomBytes } from 'node:crypto';
import { Partitioners } from 'kafkajs';
import { benchKafka, ensureTopic, messagesInTopic, withAdmin } from '../support/kafka';
import {
  CONSUME_TOPIC,
  MESSAGE_BYTES,
  MESSAGES_PER_PRODUCER_CONTEXT,
  PRODUCE_TOPIC,
  TOPIC_PARTITIONS,
} from './workloads';

const PREFILL_BATCH = 500;

/**
 * Headers a traced producer would have set: W3C trace context, Datadog's, and kinstrument's produce time,
 * so every variant's consumer finds a parent to continue (sampled), as in production.
 */
function producerHeaders(): Record<string, string> {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return {
    traceparent: `00-${traceId}-${spanId}-01`,
    'x-datadog-trace-id': BigInt(`0x${traceId.slice(16)}`).toString(10),
    'x-datadog-parent-id': BigInt(`0x${spanId}`).toString(10),
    'x-datadog-sampling-priority': '1',
    'x-datadog-tags': `_dd.p.tid=${traceId.slice(0, 16)}`,
    'x-kinstrument-produce-ts': String(Date.now()),
  };
}

export async function prepareClientTopics(consumeMessagesNeeded: number): Promise<void> {
  const kafka = benchKafka('bench-setup');
  const missing = await withAdmin(kafka, async (admin) => {
    await ensureTopic(admin, {
      topic: PRODUCE_TOPIC,
      numPartitions: TOPIC_PARTITIONS,
      // Every run appends tens of MB: let the broker delete old segments soon.
      configEntries: [
        { name: 'retention.bytes', value: String(64 * 1024 * 1024) },
        { name: 'segment.bytes', value: String(16 * 1024 * 1024) },
        { name: 'retention.ms', value: String(10 * 60 * 1000) },
      ],
    });
    await ensureTopic(admin, { topic: CONSUME_TOPIC, numPartitions: TOPIC_PARTITIONS });
    return Math.max(0, consumeMessagesNeeded - (await messagesInTopic(admin, CONSUME_TOPIC)));
  });
  if (missing === 0) return;
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    const value = Buffer.alloc(MESSAGE_BYTES, 'c');
    for (let written = 0; written < missing; written += PREFILL_BATCH) {
      const count = Math.min(PREFILL_BATCH, missing - written);
      let headers = producerHeaders();
      const messages = Array.from({ length: count }, (_, i) => {
        if (i % MESSAGES_PER_PRODUCER_CONTEXT === 0) headers = producerHeaders();
        return { value, headers };
      });
      await producer.send({ topic: CONSUME_TOPIC, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}
