// The `kafka_consumer` check against the real broker. The reference for offsets and lag is Kafka's own Java
// AdminClient doing what `kafka-consumer-groups.sh --describe` does (listConsumerGroupOffsets + listOffsets
// latest): ConsumerGroupCommand itself lives in kafka-tools, which the rig's classpath does not carry.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { KAFKA_CONSUMER_CATALOG } from '../../src/catalog/checks/kafka-consumer';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { ServiceCheckStatus, type Flush, type MetricSample } from '../../src/agent/model';
import { singleCheckRunner } from '../support/check-runner';
import { createTopics, testKafka, waitFor } from '../support/kafka';
import { brokers, rigMode, uniqueName } from '../support/rig-env';

const run = promisify(execFile);
const projectRoot = resolve(__dirname, '..', '..', '..');
const probeDir = mkdtempSync(join(tmpdir(), 'kinstrument-lag-probe-'));
after(() => rmSync(probeDir, { recursive: true, force: true }));

const PROBE = `
import org.apache.kafka.clients.admin.*;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import java.util.*;

public class LagProbe {
  public static void main(String[] args) throws Exception {
    Properties props = new Properties();
    props.put("bootstrap.servers", args[1]);
    try (Admin admin = Admin.create(props)) {
      if (args[0].equals("seed")) {
        // seed <bootstrap> <topic> <group prefix> <count>: group i commits i % 25 on partition 0, 25 on 1.
        List<org.apache.kafka.common.KafkaFuture<Void>> pending = new ArrayList<>();
        for (int g = 0; g < Integer.parseInt(args[4]); g++) {
          Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
          offsets.put(new TopicPartition(args[2], 0), new OffsetAndMetadata(g % 25));
          offsets.put(new TopicPartition(args[2], 1), new OffsetAndMetadata(25));
          pending.add(admin.alterConsumerGroupOffsets(args[3] + g, offsets).all());
        }
        for (org.apache.kafka.common.KafkaFuture<Void> future : pending) future.get();
        return;
      }
      for (int i = 2; i < args.length; i++) {
        Map<TopicPartition, OffsetAndMetadata> committed =
            admin.listConsumerGroupOffsets(args[i]).partitionsToOffsetAndMetadata().get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicPartition tp : committed.keySet()) latest.put(tp, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
        for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
          if (e.getValue() == null) continue;
          long end = ends.get(e.getKey()).offset();
          long offset = e.getValue().offset();
          System.out.println(args[i] + " " + e.getKey().topic() + " " + e.getKey().partition() + " " + offset + " " + end + " " + (end - offset));
        }
      }
    }
  }
}
`;

interface ProbeRow {
  group: string;
  topic: string;
  partition: number;
  offset: number;
  end: number;
  lag: number;
}

function rigLibs(): string | undefined {
  const preferred = rigMode() === 'kraft' ? 'kraft' : 'zk';
  for (const mode of [preferred, 'zk', 'kraft']) {
    const lib = join(projectRoot, 'rig', 'target', mode, 'lib');
    if (existsSync(lib)) return lib;
  }
  return undefined;
}

async function probe(args: string[]): Promise<string> {
  const lib = rigLibs();
  assert.ok(lib, 'the rig jars (rig/target/*/lib) are needed for the reference lag');
  const source = join(probeDir, 'LagProbe.java');
  writeFileSync(source, PROBE);
  const { stdout } = await run(
    'java',
    ['-cp', `${lib}/*`, source, args[0] ?? '', brokers().join(','), ...args.slice(1)],
    {
      timeout: 60_000,
    },
  );
  return stdout;
}

/** What Kafka's own admin client reports for the groups. */
async function kafkaView(groups: string[]): Promise<ProbeRow[]> {
  const stdout = await probe(['describe', ...groups]);
  return stdout
    .trim()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [group = '', topic = '', partition, offset, end, lag] = line.split(' ');
      return {
        group,
        topic,
        partition: Number(partition),
        offset: Number(offset),
        end: Number(end),
        lag: Number(lag),
      };
    });
}

function setup(instance: Record<string, unknown>) {
  return singleCheckRunner('kafka_consumer', instance);
}

function find(flush: Flush | undefined, name: string, ...tags: string[]): MetricSample | undefined {
  return flush?.metrics.find((m) => m.name === name && tags.every((tag) => m.tags.includes(tag)));
}

test(`offsets and lag equal Kafka's own view; lag in seconds and Burrow status follow (${rigMode()})`, async () => {
  const topic = uniqueName('check-consumer');
  const [stuck, caughtUp, ahead] = [uniqueName('stuck'), uniqueName('caught-up'), uniqueName('ahead')];
  const kafka = testKafka('check-consumer-test');
  await createTopics(kafka, [topic], 3);
  const producer = kafka.producer();
  const admin = kafka.admin();
  await Promise.all([producer.connect(), admin.connect()]);
  const { runner, id, flushes } = setup({
    kafka_connect_str: brokers(),
    consumer_groups: { [stuck]: {}, [caughtUp]: { [topic]: [] }, [ahead]: { [topic]: [0] } },
    tags: ['team:data'],
  });
  try {
    for (const partition of [0, 1, 2]) {
      await producer.send({
        topic,
        messages: Array.from({ length: 10 }, (_, i) => ({ partition, value: `v${i}` })),
      });
    }
    await admin.setOffsets({
      groupId: stuck,
      topic,
      partitions: [
        { partition: 0, offset: '5' },
        { partition: 1, offset: '2' },
        { partition: 2, offset: '10' },
      ],
    });
    // Committed beyond the log end: Kafka allows it; the check reports lag 0 and an error event.
    await admin.setOffsets({ groupId: ahead, topic, partitions: [{ partition: 0, offset: '25' }] });
    const consumer = kafka.consumer({ groupId: caughtUp });
    await consumer.connect();
    let received = 0;
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({ eachMessage: async () => void (received += 1) });
    await waitFor('30 messages consumed', () => (received >= 30 ? true : undefined));
    await consumer.disconnect(); // commits what it consumed
    await waitFor('caught-up group committed', async () => {
      const offsets = await admin.fetchOffsets({ groupId: caughtUp, topics: [topic] });
      return offsets[0]?.partitions.every((p) => p.offset === '10') ? true : undefined;
    });

    const firstRunAt = Date.now() / 1000;
    const status = await runner.runOnce(id);
    assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
    const reference = await kafkaView([stuck, caughtUp, ahead]);
    assert.equal(reference.length, 7, JSON.stringify(reference));
    const flush = flushes.at(-1);
    for (const row of reference) {
      const tags = [`topic:${row.topic}`, `partition:${row.partition}`, `consumer_group:${row.group}`];
      assert.equal(find(flush, 'kafka.consumer_offset', ...tags)?.value, row.offset, `offset ${tags}`);
      assert.equal(find(flush, 'kafka.broker_offset', tags[0] as string, tags[1] as string)?.value, row.end);
      assert.equal(find(flush, 'kafka.consumer_lag', ...tags)?.value, Math.max(0, row.lag), `lag ${tags}`);
    }
    assert.equal(reference.find((row) => row.group === ahead)?.lag, -15);
    const negative = flush?.events.find((e) => e.title === 'Negative consumer lag');
    assert.match(negative?.text ?? '', new RegExp(`group: ${ahead} topic: ${topic} partition: 0`));
    assert.ok(find(flush, 'kafka.consumer_lag', `consumer_group:${stuck}`)?.tags.includes('team:data'));
    assert.ok(
      find(flush, 'kafka.consumer_lag', `consumer_group:${stuck}`)?.tags.some((t) =>
        t.startsWith('kafka_cluster_id:'),
      ),
    );
    const canConnect = flush?.serviceChecks.find((s) => s.name === 'kafka_consumer.can_connect');
    assert.equal(canConnect?.status, ServiceCheckStatus.OK);

    // More messages on partition 1, then two more runs: the stuck group's lag in seconds grows with time.
    await new Promise((done) => setTimeout(done, 600));
    await producer.send({
      topic,
      messages: Array.from({ length: 20 }, (_, i) => ({ partition: 1, value: `w${i}` })),
    });
    await new Promise((done) => setTimeout(done, 600));
    await runner.runOnce(id);
    await new Promise((done) => setTimeout(done, 600));
    await runner.runOnce(id);
    const lastRunAt = Date.now() / 1000;
    const last = flushes.at(-1);
    const seconds =
      find(last, 'kafka.estimated_consumer_lag', `consumer_group:${stuck}`, 'partition:1')?.value ?? -1;
    // Offset 2 was already below the high watermark at the first run, so its lag is at least the time since
    // that run; it lies before the oldest observation, so it is extrapolated at the rate seen between the
    // first two runs (7 of 20 offsets back: at most 35% of that span more).
    const span = lastRunAt - firstRunAt;
    assert.ok(seconds >= 1.1 && seconds <= 1.35 * span + 0.1, `estimated lag ${seconds}s over ${span}s`);
    assert.equal(
      find(last, 'kafka.estimated_consumer_lag', `consumer_group:${stuck}`, 'partition:2')?.value,
      0,
    );
    assert.equal(find(last, 'kafka.consumer_lag', `consumer_group:${stuck}`, 'partition:1')?.value, 28);

    const statusOf = (group: string) => find(last, 'kafka.consumer_lag.status', `consumer_group:${group}`);
    assert.ok(statusOf(stuck)?.tags.includes('status:stop'), 'offsets frozen with lag and no members → STOP');
    assert.equal(statusOf(stuck)?.value, 3);
    assert.ok(statusOf(caughtUp)?.tags.includes('status:ok'), 'lag was 0 within the window → OK');
    const groupCheck = last?.serviceChecks.find(
      (s) => s.name === 'kafka.consumer_group.status' && s.tags.includes(`consumer_group:${stuck}`),
    );
    assert.equal(groupCheck?.status, ServiceCheckStatus.CRITICAL);
    assert.match(groupCheck?.message ?? '', /^STOP: /);

    for (const sample of flushes.flatMap((f) => f.metrics)) {
      const entry = findCatalogMetric(KAFKA_CONSUMER_CATALOG, sample.name);
      assert.ok(entry, `${sample.name} is in the kafka_consumer catalog`);
      assert.equal(sample.type, entry.type);
    }
  } finally {
    await runner.stop();
    await Promise.all([producer.disconnect(), admin.disconnect()]);
  }
});

test(`1000 groups by regex: one run stays fast (${rigMode()})`, async () => {
  const prefix = uniqueName('many');
  const topic = `${prefix}-topic`;
  const kafka = testKafka('check-consumer-scale');
  await createTopics(kafka, [topic], 2);
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: Array.from({ length: 50 }, (_, i) => ({ partition: i % 2, value: `${i}` })),
    });
    // kafkajs' setOffsets joins each group with a consumer (slow); Kafka's admin commits directly.
    await probe(['seed', topic, `${prefix}-g`, '1000']);
    const { runner, id, flushes } = setup({
      kafka_connect_str: brokers().join(','),
      consumer_groups_regex: { [`^${prefix}-g`]: { [topic]: [0] } },
      offset_fetch_concurrency: 32,
    });
    const started = Date.now();
    const status = await runner.runOnce(id);
    const elapsed = Date.now() - started;
    await runner.stop();
    assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
    const flush = flushes.at(-1);
    const lags = flush?.metrics.filter((m) => m.name === 'kafka.consumer_lag') ?? [];
    assert.equal(lags.length, 1000, 'one partition per group: the regex keeps partition 0 only');
    // 25 of the 50 went to partition 0, unless kafkajs retried a send the broker had written (a loaded
    // machine): the lag is measured against the partition's real end.
    const admin = kafka.admin();
    await admin.connect();
    const end = await admin.fetchTopicOffsets(topic).finally(() => admin.disconnect());
    const high = Number(end.find((p) => p.partition === 0)?.high);
    assert.ok(high >= 25, `partition 0 ends at ${high}`);
    const g7 = lags.find((m) => m.tags.includes(`consumer_group:${prefix}-g7`));
    assert.equal(g7?.value, high - 7);
    assert.equal(flush?.metrics.filter((m) => m.name === 'kafka.consumer_lag.status').length, 1000);
    assert.ok(elapsed < 15_000, `run took ${elapsed} ms for 1000 groups`);
    console.log(`kafka_consumer: 1000 groups in ${elapsed} ms`);
  } finally {
    await producer.disconnect();
  }
});
