// ZooKeeper's JVM metrics, read through its own Jolokia agent either by the `zk` check (`jolokia_url`) or by the
// `kafka` check (`zookeeper_jolokia_url`): heap equal to a direct read of java.lang:type=Memory, GC rates that
// follow a requested collection, tagged `jvm:zookeeper` and the same `instance` tag whichever check reads them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Flush, MetricSample } from '../../src/agent/model';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { ZK_CATALOG } from '../../src/catalog/checks/zk';
import { assertBetween, collectionCounts, readMemory, requestGc } from '../support/jvm';
import { waitFor } from '../support/kafka';
import { kafkaJolokiaUrl, zookeeperAddress, zookeeperJolokiaUrl } from '../support/rig-env';
import { singleCheckRunner } from '../support/check-runner';

const zkJolokia = zookeeperJolokiaUrl();
const zk = zookeeperAddress();
const skip = (!zkJolokia || !zk) && 'no ZooKeeper (KINSTRUMENT_TEST_ZOOKEEPER, KINSTRUMENT_TEST_ZK_JOLOKIA)';
const url = zkJolokia ?? '';
const MIB = 1024 * 1024;
const instanceTag = `instance:zookeeper-${new URL(url || 'http://x:1').host.replace(':', '-')}`;

function setup(check: 'zk' | 'kafka', instance: Record<string, unknown>) {
  return singleCheckRunner(check, instance);
}

const zookeeperJvm = (flush: Flush | undefined): MetricSample[] =>
  flush?.metrics.filter((m) => m.name.startsWith('jvm.') && m.tags.includes('jvm:zookeeper')) ?? [];

const value = (samples: readonly MetricSample[], name: string, tag?: string) =>
  samples.find((m) => m.name === name && (tag === undefined || m.tags.includes(tag)))?.value;

test(
  'zk check with jolokia_url: ZooKeeper heap equals a direct read, GC rates follow a collection',
  { skip },
  async () => {
    const { runner, id, flushes } = setup('zk', { host: zk?.host, port: zk?.port, jolokia_url: url });
    await runner.runOnce(id);
    const countsBefore = await collectionCounts(url);
    await requestGc(url);
    const young = 'G1 Young Generation';
    await waitFor('the requested collection', async () =>
      ((await collectionCounts(url)).get(young) ?? 0) > (countsBefore.get(young) ?? 0) ? true : undefined,
    );
    const before = await readMemory(url);
    const status = await runner.runOnce(id);
    const after = await readMemory(url);
    await runner.stop();
    assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
    const samples = zookeeperJvm(flushes.at(-1));
    // ZooKeeper's heap is -Xms64m -Xmx256m: committed may be resized by a collection, so it is compared with both
    // reads (equal to them when they agree); max is fixed.
    assertBetween(
      value(samples, 'jvm.heap_memory_committed'),
      [before.heap.committed, after.heap.committed],
      0,
      'committed',
    );
    if (before.heap.committed === after.heap.committed)
      assert.equal(value(samples, 'jvm.heap_memory_committed'), before.heap.committed);
    assert.equal(value(samples, 'jvm.heap_memory_max'), before.heap.max);
    assert.equal(value(samples, 'jvm.heap_memory_max'), after.heap.max);
    assertBetween(value(samples, 'jvm.heap_memory'), [before.heap.used, after.heap.used], 32 * MIB, 'used');
    assert.ok(
      (value(samples, 'jvm.gc.minor_collection_count', `name:${young}`) ?? 0) > 0,
      'the requested collection is counted',
    );
    for (const sample of samples.filter((m) => m.name.startsWith('jvm.gc.') && !m.name.endsWith('_size')))
      assert.ok(sample.value >= 0, `${sample.name} ${sample.tags.join()} = ${sample.value}`);
    for (const sample of samples) {
      assert.ok(sample.tags.includes(instanceTag), `${sample.name}: ${sample.tags.join()}`);
      assert.ok(findCatalogMetric(ZK_CATALOG, sample.name), `${sample.name} in the zk catalog`);
    }
    // The four-letter-word metrics carry no jvm tag, the JVM ones no mode tag.
    assert.ok(
      flushes
        .at(-1)
        ?.metrics.some(
          (m) => m.name === 'zookeeper.znode_count' && !m.tags.some((t) => t.startsWith('jvm:')),
        ),
    );
    assert.ok(samples.every((m) => !m.tags.some((t) => t.startsWith('mode:'))));
  },
);

test(
  'zk check: an unreachable jolokia_url is a warning, the four-letter words still report',
  { skip },
  async () => {
    const { runner, id, flushes } = setup('zk', {
      host: zk?.host,
      port: zk?.port,
      jolokia_url: 'http://127.0.0.1:1/jolokia',
    });
    const status = await runner.runOnce(id);
    await runner.stop();
    assert.equal(status.state, 'WARNING');
    assert.match(
      status.lastWarnings.join('\n'),
      /ZooKeeper Jolokia: Jolokia http:\/\/127\.0\.0\.1:1\/jolokia unreachable/,
    );
    assert.ok(flushes.at(-1)?.metrics.some((m) => m.name === 'zookeeper.znode_count'));
  },
);

test(
  'kafka check with zookeeper_jolokia_url: both JVMs, told apart by the jvm tag, same ZooKeeper series as the zk check',
  { skip: skip || (!kafkaJolokiaUrl() && 'no broker Jolokia URL') },
  async () => {
    const broker = new URL(kafkaJolokiaUrl() ?? 'http://127.0.0.1:8778/jolokia');
    const { runner, id, flushes } = setup('kafka', {
      host: broker.hostname,
      port: Number(broker.port),
      jolokia_path: broker.pathname,
      zookeeper_jolokia_url: url,
    });
    const before = await readMemory(url);
    const status = await runner.runOnce(id);
    const after = await readMemory(url);
    await runner.stop();
    assert.equal(status.state, 'OK', JSON.stringify(status.lastWarnings));
    const heaps = flushes.at(-1)?.metrics.filter((m) => m.name === 'jvm.heap_memory_max') ?? [];
    assert.deepEqual(heaps.map((m) => m.tags.find((t) => t.startsWith('jvm:'))).sort(), [
      'jvm:kafka',
      'jvm:zookeeper',
    ]);
    const samples = zookeeperJvm(flushes.at(-1));
    assert.equal(value(samples, 'jvm.heap_memory_max'), before.heap.max);
    assertBetween(
      value(samples, 'jvm.heap_memory_committed'),
      [before.heap.committed, after.heap.committed],
      0,
      'committed',
    );
    assertBetween(value(samples, 'jvm.heap_memory'), [before.heap.used, after.heap.used], 32 * MIB, 'used');
    assert.ok(
      samples.every((m) => m.tags.includes(instanceTag)),
      'same instance tag as through the zk check',
    );
  },
);
