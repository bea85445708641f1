// JVM metrics from Jolokia answers (recorded from the rig's G1 broker, plus a ZGC and a Parallel GC JVM): JMXFetch's
// names per collector, the `jvm` tag, values the JVM does not know (-1) left out, every name in the catalogs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JolokiaReadResult } from '../../src/agent/checks/jolokia/client';
import { JvmMetrics } from '../../src/agent/checks/jolokia/jvm-metrics';
import { CounterState } from '../../src/agent/checks/runtime/counter-state';
import { RunContext } from '../../src/agent/checks/runtime/run-context';
import { KAFKA_CATALOG } from '../../src/catalog/checks/kafka';
import { findCatalogMetric } from '../../src/catalog/checks/types';
import { ZK_CATALOG } from '../../src/catalog/checks/zk';

type Beans = Record<string, Record<string, unknown>>;

const G1: Beans = {
  'java.lang:type=Memory': {
    HeapMemoryUsage: { init: 536870912, committed: 536870912, max: 536870912, used: 66689536 },
    NonHeapMemoryUsage: { init: 7667712, committed: 84869120, max: -1, used: 82826392 },
  },
  'java.lang:name=G1 Young Generation,type=GarbageCollector': { CollectionCount: 37, CollectionTime: 974 },
  'java.lang:name=G1 Old Generation,type=GarbageCollector': { CollectionCount: 0, CollectionTime: 0 },
  'java.lang:name=G1 Eden Space,type=MemoryPool': { Usage: { used: 7340032 } },
  'java.lang:name=G1 Old Gen,type=MemoryPool': { Usage: { used: 64075776 } },
  'java.lang:name=G1 Survivor Space,type=MemoryPool': { Usage: { used: 3129696 } },
  'java.lang:name=Metaspace,type=MemoryPool': { Usage: { used: 51536680 } },
  "java.lang:name=CodeHeap 'non-nmethods',type=MemoryPool": { Usage: { used: 1234 } },
  'java.nio:name=direct,type=BufferPool': { Count: 24, MemoryUsed: 10058017, TotalCapacity: 10058017 },
  'java.nio:name=mapped,type=BufferPool': { Count: 414, MemoryUsed: 3964466040, TotalCapacity: 3964466040 },
  "java.nio:name=mapped - 'non-volatile memory',type=BufferPool": {
    Count: 0,
    MemoryUsed: 0,
    TotalCapacity: 0,
  },
  'java.lang:type=Threading': { ThreadCount: 60 },
  'java.lang:type=OperatingSystem': { ProcessCpuLoad: -1, SystemCpuLoad: 0.25, OpenFileDescriptorCount: 160 },
  'java.lang:type=ClassLoading': { LoadedClassCount: 8544 },
};

/** Answers the reads the way Jolokia does: exact names by value, patterns by a map of matching beans. */
function answer(jvm: JvmMetrics, beans: Beans): JolokiaReadResult[] {
  return jvm.reads.map((read) => {
    const pattern = read.mbean.endsWith(',*') ? read.mbean.slice(0, -2) : undefined;
    const matching = Object.entries(beans).filter(([name]) =>
      pattern
        ? name.split(':')[0] === pattern.split(':')[0] && name.includes(pattern.split(':')[1] ?? '')
        : name === read.mbean,
    );
    return { ok: true, beans: new Map(matching) };
  });
}

function run(jvm: JvmMetrics, beans: Beans, counters: CounterState, now: number, runNumber: number) {
  const context = new RunContext({
    check: 'kafka',
    baseTags: [],
    counters,
    run: runNumber,
    now: () => now,
    intervalSeconds: 15,
    signal: new AbortController().signal,
  });
  jvm.submit(context, answer(jvm, beans), 'kafka', ['instance:kafka-b1-8778']);
  return context.metrics;
}

test('G1 broker, new_gc_metrics: false (JMXFetch default): per-collector jvm.gc.cms.count / parnew.time rates', () => {
  const jvm = new JvmMetrics({ enabled: true, newGcMetrics: false });
  const counters = new CounterState();
  run(jvm, G1, counters, 1_000_000, 1);
  const later: Beans = {
    ...G1,
    'java.lang:name=G1 Young Generation,type=GarbageCollector': { CollectionCount: 41, CollectionTime: 1014 },
  };
  const metrics = run(jvm, later, counters, 1_010_000, 2);
  const value = (name: string, tag?: string) =>
    metrics.find((m) => m.name === name && (tag === undefined || m.tags.includes(tag)));
  assert.deepEqual(value('jvm.heap_memory')?.tags, ['instance:kafka-b1-8778', 'jvm:kafka']);
  assert.equal(value('jvm.heap_memory')?.value, 66689536);
  assert.equal(value('jvm.heap_memory_max')?.value, 536870912);
  assert.equal(value('jvm.non_heap_memory_max'), undefined, 'max -1 (unlimited) is not reported');
  assert.equal(value('jvm.cpu_load.process'), undefined, 'ProcessCpuLoad -1 (not known yet) is not reported');
  assert.equal(value('jvm.cpu_load.system')?.value, 0.25);
  assert.equal(value('jvm.gc.eden_size')?.value, 7340032);
  assert.equal(value('jvm.gc.old_gen_size')?.value, 64075776);
  assert.equal(value('jvm.buffer_pool.mapped.count')?.value, 414, "not summed with 'non-volatile memory'");
  assert.equal(value('jvm.gc.cms.count', 'name:G1 Young Generation')?.value, 0.4, '4 collections in 10 s');
  assert.equal(value('jvm.gc.parnew.time', 'name:G1 Young Generation')?.value, 4, '40 ms in 10 s');
  assert.equal(value('jvm.gc.cms.count', 'name:G1 Old Generation')?.value, 0);
  assert.equal(value('jvm.gc.minor_collection_count'), undefined);
});

test('new_gc_metrics (our default): G1 young → minor, G1 old → major; unmapped collectors left out', () => {
  const jvm = new JvmMetrics({ enabled: true, newGcMetrics: true });
  const counters = new CounterState();
  const zgc: Beans = {
    ...G1,
    'java.lang:name=ZGC Cycles,type=GarbageCollector': { CollectionCount: 3, CollectionTime: 30 },
  };
  run(jvm, zgc, counters, 0, 1);
  const metrics = run(jvm, zgc, counters, 5000, 2);
  const names = metrics
    .filter((m) => /^jvm\.gc\.(minor|major)_/.test(m.name))
    .map((m) => `${m.name} ${m.tags.at(-1)}`);
  assert.deepEqual(names.sort(), [
    'jvm.gc.major_collection_count name:G1 Old Generation',
    'jvm.gc.major_collection_time name:G1 Old Generation',
    'jvm.gc.minor_collection_count name:G1 Young Generation',
    'jvm.gc.minor_collection_time name:G1 Young Generation',
  ]);
  assert.equal(metrics.filter((m) => m.name === 'jvm.gc.cms.count').length, 0);
});

test('Parallel GC pools and collectors map to the same names', () => {
  const jvm = new JvmMetrics({ enabled: true, newGcMetrics: true });
  const parallel: Beans = {
    'java.lang:name=PS Eden Space,type=MemoryPool': { Usage: { used: 11 } },
    'java.lang:name=PS Old Gen,type=MemoryPool': { Usage: { used: 22 } },
    'java.lang:name=PS Scavenge,type=GarbageCollector': { CollectionCount: 5, CollectionTime: 50 },
    'java.lang:name=PS MarkSweep,type=GarbageCollector': { CollectionCount: 1, CollectionTime: 100 },
  };
  const counters = new CounterState();
  run(jvm, parallel, counters, 0, 1);
  const metrics = run(jvm, parallel, counters, 1000, 2);
  const find = (name: string) => metrics.find((m) => m.name === name);
  assert.equal(find('jvm.gc.eden_size')?.value, 11);
  assert.equal(find('jvm.gc.old_gen_size')?.value, 22);
  assert.ok(find('jvm.gc.minor_collection_count')?.tags.includes('name:PS Scavenge'));
  assert.ok(find('jvm.gc.major_collection_time')?.tags.includes('name:PS MarkSweep'));
});

test('collect_default_jvm_metrics: false reads nothing', () => {
  assert.equal(new JvmMetrics({ enabled: false, newGcMetrics: false }).reads.length, 0);
});

test('every JVM metric either mode submits is in the kafka and zk catalogs, with its type', () => {
  for (const newGcMetrics of [false, true]) {
    const jvm = new JvmMetrics({ enabled: true, newGcMetrics });
    const counters = new CounterState();
    run(jvm, G1, counters, 0, 1);
    for (const sample of run(jvm, G1, counters, 1000, 2)) {
      for (const catalog of [KAFKA_CATALOG, ZK_CATALOG]) {
        const entry = findCatalogMetric(catalog, sample.name);
        assert.ok(entry, `${sample.name} in the ${catalog.check} catalog`);
        assert.equal(sample.type, entry.type === 'rate' ? 'gauge' : entry.type, sample.name);
        assert.ok(entry.tags.includes('jvm'), `${sample.name} documents the jvm tag`);
      }
    }
  }
});
