// The broker JVM's metrics through the `kafka` check: heap equal to a direct Jolokia read of
// java.lang:type=Memory, GC rates that follow a requested collection and are never negative, Datadog's two naming
// schemes for collectors, the `jvm:kafka` tag, and `collect_default_jvm_metrics: false`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Flush, MetricSample } from '../../src/agent/model';
import { KAFKA_CATALOG } from '../../src/catalog/checks/kafka';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { assertBetween, collectionCounts, readMemory, requestGc } from '../support/jvm';
import { waitFor } from '../support/kafka';
import { kafkaJolokiaUrl, rigMode } from '../support/rig-env';
import { singleCheckRunner } from '../support/check-runner';

const jolokia = kafkaJolokiaUrl();
const skip = !jolokia && 'no broker Jolokia URL (KINSTRUMENT_TEST_KAFKA_JOLOKIA)';
const url = jolokia ?? '';
const MIB = 1024 * 1024;

function setup(instance: Record<string, unknown> = {}, initConfig: Record<string, unknown> = {}) {
  const target = new URL(url || 'http://127.0.0.1:8778/jolokia');
  return singleCheckRunner(
    'kafka',
    { host: target.hostname, port: Number(target.port), jolokia_path: target.pathname, ...instance },
    initConfig,
  );
}

const jvmSamples = (flush: Flush | undefined): MetricSample[] =>
  flush?.metrics.filter((m) => m.name.startsWith('jvm.')) ?? [];

const find = (samples: readonly MetricSample[], name: string, tag?: string) =>
  samples.find((m) => m.name === name && (tag === undefined || m.tags.includes(tag)));

test(`broker heap equals a direct read of java.lang:type=Memory (${rigMode()})`, { skip }, async () => {
  const { runner, id, flushes } = setup();
  const before = await readMemory(url);
  const status = await runner.runOnce(id);
  const after = await readMemory(url);
  await runner.stop();
  assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
  const samples = jvmSamples(flushes.at(-1));
  const value = (name: string) => find(samples, name)?.value;
  // committed and max only move when the heap is resized (the rig's broker has -Xms = -Xmx): equal to both reads.
  assertBetween(
    value('jvm.heap_memory_committed'),
    [before.heap.committed, after.heap.committed],
    0,
    'committed',
  );
  assertBetween(value('jvm.heap_memory_max'), [before.heap.max, after.heap.max], 0, 'max');
  if (before.heap.committed === after.heap.committed)
    assert.equal(value('jvm.heap_memory_committed'), before.heap.committed);
  assert.equal(value('jvm.heap_memory_init'), before.heap.init);
  // used moves with every allocation and collection: within the two reads, give or take what a few ms allocate.
  assertBetween(value('jvm.heap_memory'), [before.heap.used, after.heap.used], 64 * MIB, 'used');
  assertBetween(
    value('jvm.non_heap_memory'),
    [before.nonHeap.used, after.nonHeap.used],
    16 * MIB,
    'non-heap',
  );
  assert.equal(value('jvm.non_heap_memory_max'), undefined, 'non-heap max is -1 (unlimited): not reported');
  for (const sample of samples) {
    assert.ok(sample.tags.includes('jvm:kafka'), `${sample.name} tagged jvm:kafka`);
    assert.ok(
      sample.tags.some((t) => t.startsWith('instance:kafka-')),
      `${sample.name} has the instance tag`,
    );
    const entry = findCatalogMetric(KAFKA_CATALOG, sample.name);
    assert.ok(entry, `${sample.name} is in the kafka catalog`);
  }
  for (const name of ['jvm.thread_count', 'jvm.loaded_classes', 'jvm.os.open_file_descriptors'])
    assert.ok((value(name) ?? 0) > 0, `${name} > 0`);
  // Eden is empty right after a young collection: only its presence is certain.
  for (const name of ['jvm.gc.eden_size', 'jvm.gc.old_gen_size', 'jvm.buffer_pool.direct.count'])
    assert.ok((value(name) ?? -1) >= 0, `${name} reported`);
});

const YOUNG = 'G1 Young Generation';

/** Runs the check, has the broker collect, runs it again; returns the second run's JVM samples and the direct
 * collection counts read around each run. */
async function aroundRequestedGc(instance: Record<string, unknown>, initConfig: Record<string, unknown>) {
  const { runner, id, flushes } = setup(instance, initConfig);
  const beforeFirst = await collectionCounts(url);
  const firstStart = Date.now();
  await runner.runOnce(id);
  const firstEnd = Date.now();
  const afterFirst = await collectionCounts(url);
  await requestGc(url);
  // The collection finishes concurrently with the request: wait until the count moved.
  await waitFor('the requested collection', async () =>
    ((await collectionCounts(url)).get(YOUNG) ?? 0) > (afterFirst.get(YOUNG) ?? 0) ? true : undefined,
  );
  await new Promise((resolve) => setTimeout(resolve, 200));
  const beforeSecond = await collectionCounts(url);
  const secondStart = Date.now();
  const status = await runner.runOnce(id);
  const secondEnd = Date.now();
  const afterSecond = await collectionCounts(url);
  await runner.stop();
  assert.equal(status.state, 'OK', JSON.stringify(status.lastError ?? status.lastWarnings));
  // The rate covers the time between the check's two reads, which lie inside the two sandwiches.
  const young = (map: Map<string, number>) => map.get(YOUNG) ?? 0;
  const youngRateBounds = [
    (young(beforeSecond) - young(afterFirst)) / ((secondEnd - firstStart) / 1000),
    (young(afterSecond) - young(beforeFirst)) / ((secondStart - firstEnd) / 1000),
  ];
  return { samples: jvmSamples(flushes.at(-1)), collectors: [...afterSecond.keys()], youngRateBounds };
}

const assertNoNegativeGcRate = (samples: readonly MetricSample[]) => {
  for (const sample of samples.filter((m) => /^jvm\.gc\..*(count|time)$/.test(m.name)))
    assert.ok(sample.value >= 0, `${sample.name} ${sample.tags.join()} is ${sample.value}`);
};

test(
  `a requested GC shows in jvm.gc.minor_collection_count / _time; G1 old under major; never negative (${rigMode()})`,
  { skip },
  async () => {
    const { samples, youngRateBounds } = await aroundRequestedGc({}, {});
    const rate = find(samples, 'jvm.gc.minor_collection_count', `name:${YOUNG}`)?.value;
    assert.ok(rate !== undefined && rate > 0, `the requested collection counted (${rate}/s)`);
    assertBetween(rate, youngRateBounds, 1e-9, 'young collections per second');
    assert.ok((find(samples, 'jvm.gc.minor_collection_time', `name:${YOUNG}`)?.value ?? -1) >= 0);
    assert.ok(find(samples, 'jvm.gc.major_collection_count', 'name:G1 Old Generation'));
    assert.ok(find(samples, 'jvm.gc.major_collection_time', 'name:G1 Old Generation'));
    assert.equal(
      find(samples, 'jvm.gc.cms.count'),
      undefined,
      'the legacy names only with new_gc_metrics: false',
    );
    assertNoNegativeGcRate(samples);
  },
);

test(
  `new_gc_metrics: false gives JMXFetch's legacy jvm.gc.cms.count / parnew.time, one series per collector (${rigMode()})`,
  { skip },
  async () => {
    const { samples, collectors, youngRateBounds } = await aroundRequestedGc({}, { new_gc_metrics: false });
    assert.deepEqual(
      samples
        .filter((m) => m.name === 'jvm.gc.cms.count')
        .map((m) => m.tags.find((t) => t.startsWith('name:')))
        .sort(),
      collectors.map((name) => `name:${name}`).sort(),
    );
    assertBetween(
      find(samples, 'jvm.gc.cms.count', `name:${YOUNG}`)?.value,
      youngRateBounds,
      1e-9,
      'cms.count',
    );
    assert.ok(find(samples, 'jvm.gc.parnew.time', `name:${YOUNG}`));
    assert.equal(find(samples, 'jvm.gc.minor_collection_count'), undefined);
    assertNoNegativeGcRate(samples);
    for (const sample of samples) assert.ok(findCatalogMetric(KAFKA_CATALOG, sample.name), sample.name);
  },
);

test(
  `collect_default_jvm_metrics: false leaves the JVM out, the broker metrics in (${rigMode()})`,
  { skip },
  async () => {
    const { runner, id, flushes } = setup({ collect_default_jvm_metrics: false });
    const status = await runner.runOnce(id);
    await runner.stop();
    assert.equal(status.state, 'OK');
    assert.deepEqual(jvmSamples(flushes.at(-1)), []);
    assert.ok(flushes.at(-1)?.metrics.some((m) => m.name === 'kafka.broker.state'));
  },
);
