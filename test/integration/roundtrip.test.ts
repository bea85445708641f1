// A produce → consume round trip through the real broker, with kafkajs and nothing of ours in between.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KafkaMessage } from 'kafkajs';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { rigMode, uniqueName } from '../support/rig-env';

test(`kafkajs round trip through the real broker (${rigMode()})`, async () => {
  const topic = uniqueName('roundtrip');
  const groupId = uniqueName('roundtrip-group');
  const kafka = testKafka('roundtrip-test');
  await createTopics(kafka, [topic], 2);

  const producer = kafka.producer();
  const consumer = kafka.consumer({ groupId });
  const received: { partition: number; message: KafkaMessage }[] = [];
  await producer.connect();
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        received.push({ partition, message });
      },
    });
    const sent = Array.from({ length: 10 }, (_, i) => ({
      key: `key-${i % 3}`,
      value: `value-${i}`,
      headers: { 'x-test': `h${i}` },
    }));
    const metadata = await producer.send({ topic, messages: sent });
    assert.ok(metadata.length >= 1);
    assert.equal(metadata[0]?.errorCode, 0);

    await waitFor('all 10 messages', () => (received.length >= 10 ? true : undefined));
    assert.equal(received.length, 10);
    const values = received.map((r) => r.message.value?.toString()).sort();
    assert.deepEqual(values, sent.map((m) => m.value).sort());
    for (const { message } of received) {
      const index = Number(message.value?.toString().split('-')[1]);
      assert.equal(message.key?.toString(), `key-${index % 3}`);
      assert.equal(message.headers?.['x-test']?.toString(), `h${index}`);
    }
    // Same key, same partition, and per-partition order is the send order.
    const partitionsByKey = new Map<string, Set<number>>();
    for (const { partition, message } of received) {
      const key = message.key?.toString() ?? '';
      partitionsByKey.set(key, (partitionsByKey.get(key) ?? new Set()).add(partition));
    }
    for (const partitions of partitionsByKey.values()) assert.equal(partitions.size, 1);
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
  }
});
