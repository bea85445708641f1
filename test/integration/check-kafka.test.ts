// The `kafka` check against the real broker's Jolokia: values equal direct Jolokia reads, rates follow a
// produce burst, every submitted name is in the catalog with its type.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KAFKA_CATALOG } from '../../src/catalog/checks/kafka';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { ServiceCheckStatus, type Flush, type MetricSample } from '../../src/agent/model';
import { jolokiaBulk } from '../support/jolokia';
import { createTopics, testKafka } from '../support/kafka';
import { kafkaJolokiaUrl, rigMode, uniqueName, zookeeperJolokiaUrl } from '../support/rig-env';
import { singleCheckRunner } from '../support/check-runner';

const jolokia = kafkaJolokiaUrl();
const skip = !jolokia && 'no broker Jolokia URL (KINSTRUMENT_TEST_KAFKA_JOLOKIA)';

function kafkaInstance(extra: Record<string, unknown> = {}) {
  const url = new URL(jolokia ?? 'http://127.0.0.1:8778/jolokia');
  return { host: url.hostname, port: Number(url.port), jolokia_path: url.pathname, ...extra };
}

function setup(instance: Record<string, unknown>) {
  return singleCheckRunner('kafka', instance);
}

function metric(flush: Flush | undefined, name: string, tag?: string): MetricSample | undefined {
  return flush?.metrics.find((m) => m.name === name && (tag === undefined || m.tags.includes(tag)));
}

async function direct(mbean: string, attribute: string, path?: string): Promise<number> {
  const [response] = await jolokiaBulk(jolokia ?? '', [
    { type: 'read', mbean, attribute, ...(path ? { path } : {}) },
  ]);
  assert.equal(response?.status, 200, `${mbean} ${attribute}: ${response?.error}`);
  return response?.value as number;
}

test(`kafka check gauges equal direct Jolokia reads (${rigMode()})`, { skip }, async () => {
  const { runner, id, flushes } = setup(kafkaInstance());
  const partitionsBefore = await direct('kafka.server:type=ReplicaManager,name=PartitionCount', 'Value');
  const status = await runner.runOnce(id);
  const partitionsAfter = await direct('kafka.server:type=ReplicaManager,name=PartitionCount', 'Value');
  await runner.stop();
  assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
  const flush = flushes.at(-1);
  const canConnect = flush?.serviceChecks.find((s) => s.name === 'kafka.can_connect');
  assert.equal(canConnect?.status, ServiceCheckStatus.OK);
  const clusterId = await direct('kafka.server:type=KafkaServer,name=ClusterId', 'Value');
  assert.equal(status.metadata.kafka_cluster_id, String(clusterId));
  assert.match(status.metadata.version ?? '', /^[34]\.\d+\.\d+/);
  assert.equal(status.metadata.metadata_mode, rigMode() === 'kraft' ? 'kraft' : 'zookeeper');
  const instanceTag = `instance:kafka-${kafkaInstance().host}-${kafkaInstance().port}`;
  assert.ok(metric(flush, 'kafka.broker.state')?.tags.includes(instanceTag));
  assert.ok(metric(flush, 'kafka.broker.state')?.tags.includes(`kafka_cluster_id:${clusterId}`));

  const stable: [string, string, string, string?][] = [
    ['kafka.broker.state', 'kafka.server:type=KafkaServer,name=BrokerState', 'Value'],
    [
      'kafka.replication.active_controller_count',
      'kafka.controller:type=KafkaController,name=ActiveControllerCount',
      'Value',
    ],
    [
      'kafka.replication.offline_partitions_count',
      'kafka.controller:type=KafkaController,name=OfflinePartitionsCount',
      'Value',
    ],
    [
      'kafka.replication.under_replicated_partitions',
      'kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions',
      'Value',
    ],
    ['jvm.heap_memory_max', 'java.lang:type=Memory', 'HeapMemoryUsage', 'max'],
  ];
  for (const [name, mbean, attribute, path] of stable) {
    assert.equal(metric(flush, name)?.value, await direct(mbean, attribute, path), name);
  }
  const partitions = metric(flush, 'kafka.replication.partition_count')?.value ?? -1;
  assert.ok(partitions >= partitionsBefore && partitions <= partitionsAfter, `${partitions} partitions`);
  const queue = metric(flush, 'kafka.request.channel.queue.size');
  assert.equal(queue?.type, 'gauge');

  for (const sample of flushes.flatMap((f) => f.metrics)) {
    const entry = findCatalogMetric(KAFKA_CATALOG, sample.name);
    assert.ok(entry, `${sample.name} is in the kafka catalog`);
    assert.equal(
      sample.type,
      entry.type === 'rate' ? 'gauge' : entry.type === 'monotonic_count' ? 'count' : entry.type,
    );
  }
  if (rigMode() === 'kraft') {
    assert.equal(
      metric(flush, 'kafka.raft.current_leader')?.value,
      await direct('kafka.server:type=raft-metrics', 'current-leader'),
    );
    assert.ok(metric(flush, 'kafka.controller.active_broker_count'));
  } else {
    assert.equal(metric(flush, 'kafka.raft.current_leader'), undefined, 'no raft metrics in ZooKeeper mode');
  }
});

test(
  `a produce burst moves kafka.messages_in.rate and the topic's rate (${rigMode()})`,
  { skip },
  async () => {
    const topic = uniqueName('check-kafka-burst');
    const kafka = testKafka('check-kafka-test');
    await createTopics(kafka, [topic], 1);
    const producer = kafka.producer();
    await producer.connect();
    // The per-topic bean appears with the first message: send one before the baseline run.
    await producer.send({ topic, messages: [{ value: 'first' }] });
    const { runner, id, flushes } = setup(kafkaInstance());
    try {
      const outerStart = Date.now();
      await runner.runOnce(id);
      const innerStart = Date.now();
      for (let batch = 0; batch < 5; batch += 1) {
        await producer.send({
          topic,
          messages: Array.from({ length: 100 }, (_, i) => ({ value: `m${batch}-${i}` })),
        });
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const innerEnd = Date.now();
      const status = await runner.runOnce(id);
      const outerEnd = Date.now();
      assert.equal(status.state, 'OK');
      const flush = flushes.at(-1);
      const topicRate = metric(flush, 'kafka.topic.messages_in.rate', `topic:${topic}`)?.value ?? -1;
      const low = 500 / ((outerEnd - outerStart) / 1000);
      const high = 500 / ((innerEnd - innerStart) / 1000);
      assert.ok(
        topicRate >= low - 1e-9 && topicRate <= high + 1e-9,
        `rate ${topicRate} not in [${low}, ${high}]`,
      );
      assert.ok((metric(flush, 'kafka.messages_in.rate')?.value ?? 0) >= low - 1e-9);
      assert.ok((metric(flush, 'kafka.net.bytes_in.rate')?.value ?? 0) > 0);
      assert.ok((metric(flush, 'kafka.request.produce.rate')?.value ?? 0) > 0, 'produce request rate');
    } finally {
      await producer.disconnect();
      await runner.stop();
    }
  },
);

test('kafka.can_connect is CRITICAL when Jolokia does not answer, and the run is an error', async () => {
  const { runner, id, flushes } = setup({
    host: '127.0.0.1',
    port: 1,
    timeout: 2,
    password: 'pw-xyz-123',
    user: 'u',
  });
  const status = await runner.runOnce(id);
  await runner.stop();
  assert.equal(status.state, 'ERROR');
  assert.match(status.lastError?.message ?? '', /Jolokia http:\/\/127\.0\.0\.1:1\/jolokia unreachable/);
  const check = flushes.at(-1)?.serviceChecks.find((s) => s.name === 'kafka.can_connect');
  assert.equal(check?.status, ServiceCheckStatus.CRITICAL);
  assert.match(check?.message ?? '', /unreachable/);
  assert.deepEqual(check?.tags, ['instance:kafka-127.0.0.1-1', 'jmx_server:127.0.0.1']);
  assert.doesNotMatch(JSON.stringify({ status, flushes }), /pw-xyz-123/);
});

test(
  'ZooKeeper MBeans through its own Jolokia (zookeeper_jolokia_url)',
  { skip: (!jolokia || !zookeeperJolokiaUrl()) && 'no ZooKeeper Jolokia URL (KINSTRUMENT_TEST_ZK_JOLOKIA)' },
  async () => {
    const zkJolokia = zookeeperJolokiaUrl() ?? '';
    const { runner, id, flushes } = setup(kafkaInstance({ zookeeper_jolokia_url: zkJolokia }));
    const read = async () => {
      const [response] = await jolokiaBulk(zkJolokia, [
        {
          type: 'read',
          mbean: 'org.apache.ZooKeeperService:name0=*,name1=InMemoryDataTree',
          attribute: 'NodeCount',
        },
      ]);
      const beans = Object.values(response?.value as Record<string, { NodeCount: number }>);
      return beans[0]?.NodeCount ?? -1;
    };
    const before = await read();
    const status = await runner.runOnce(id);
    const after = await read();
    await runner.stop();
    assert.equal(status.state, 'OK', JSON.stringify(status.lastWarnings));
    const znodes = flushes.at(-1)?.metrics.find((m) => m.name === 'zookeeper.jmx.znode_count');
    assert.ok(
      znodes && znodes.value >= before && znodes.value <= after,
      `${znodes?.value} in [${before}, ${after}]`,
    );
    assert.ok(znodes.tags.some((tag) => tag.startsWith('instance:zookeeper-')));
    const zkHeap = flushes.at(-1)?.metrics.filter((m) => m.name === 'jvm.heap_memory');
    assert.equal(zkHeap?.length, 2, 'broker and ZooKeeper JVMs, told apart by the instance tag');
  },
);
