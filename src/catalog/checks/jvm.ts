// JVM metrics of the broker and ZooKeeper, with the names and types of JMXFetch's defaults
// (`default-jmx-metrics.yaml`, and the garbage-collector files chosen by `new_gc_metrics`). Read through the same
// Jolokia endpoint as the application's own MBeans; every sample carries `jvm:kafka` or `jvm:zookeeper`.
import { jmxMetric, type JmxMetricDefinition, type JmxSource } from './jmx';
import type { CheckMetricType } from './types';

/**
 * `new_gc_metrics` when not configured. JMXFetch defaults to false (the historical `jvm.gc.cms.count` /
 * `jvm.gc.parnew.time` for every collector, whatever it is); we default to the names that say what they count
 * (young = minor, old = major), which the bundled dashboards use. `new_gc_metrics: false` brings the old names back.
 */
export const DEFAULT_NEW_GC_METRICS = true;

/** Tag key telling which JVM a `jvm.*` sample comes from (`jvm:kafka`, `jvm:zookeeper`). */
export const JVM_TAG = 'jvm';
export type JvmName = 'kafka' | 'zookeeper';

const MEMORY = 'java.lang:type=Memory';
const MEMORY_POOLS = 'java.lang:type=MemoryPool,*';
const COLLECTORS = 'java.lang:type=GarbageCollector,*';
const BUFFER_POOLS = 'java.nio:type=BufferPool,*';
const OPERATING_SYSTEM = 'java.lang:type=OperatingSystem';

/** Collector bean names JMXFetch counts as young (minor) and old (major) collections with `new_gc_metrics`. */
export const MINOR_COLLECTORS = ['Copy', 'PS Scavenge', 'ParNew', 'G1 Young Generation'] as const;
export const MAJOR_COLLECTORS = [
  'MarkSweepCompact',
  'PS MarkSweep',
  'ConcurrentMarkSweep',
  'G1 Mixed Generation',
  'G1 Old Generation',
  'Shenandoah Cycles',
] as const;

const EDEN_POOLS = ['Eden Space', 'PS Eden Space', 'Par Eden Space', 'G1 Eden Space'];
const SURVIVOR_POOLS = ['Survivor Space', 'PS Survivor Space', 'Par Survivor Space', 'G1 Survivor Space'];
const OLD_POOLS = ['PS Old Gen', 'CMS Old Gen', 'G1 Old Gen', 'Tenured Gen'];

function jvm(
  name: string,
  type: CheckMetricType,
  unit: string,
  description: string,
  source: JmxSource,
): JmxMetricDefinition {
  return jmxMetric({ name, type, unit, description, jmx: source, extraTags: [JVM_TAG] });
}

function memoryUsage(prefix: string, attribute: string, what: string): JmxMetricDefinition[] {
  const part = (suffix: string, path: string, description: string, negativeMeansUnknown = false) =>
    jvm(`${prefix}${suffix}`, 'gauge', 'byte', description, {
      mbean: MEMORY,
      attribute,
      path,
      negativeMeansUnknown,
    });
  return [
    part('', 'used', `${what} in use.`),
    part('_committed', 'committed', `${what} committed (guaranteed to be available to the JVM).`),
    part('_init', 'init', `${what} requested at start (not reported when undefined).`, true),
    part('_max', 'max', `Most ${what.toLowerCase()} the JVM may use (not reported when unlimited).`, true),
  ];
}

function bufferPool(pool: 'direct' | 'mapped'): JmxMetricDefinition[] {
  const source = (attribute: string): JmxSource => ({
    mbean: BUFFER_POOLS,
    attribute,
    match: { name: pool },
  });
  return [
    jvm(`jvm.buffer_pool.${pool}.count`, 'gauge', 'buffer', `Buffers in the ${pool} pool.`, source('Count')),
    jvm(
      `jvm.buffer_pool.${pool}.used`,
      'gauge',
      'byte',
      `Memory used by ${pool} buffers.`,
      source('MemoryUsed'),
    ),
    jvm(
      `jvm.buffer_pool.${pool}.capacity`,
      'gauge',
      'byte',
      `Total capacity of the ${pool} buffers.`,
      source('TotalCapacity'),
    ),
  ];
}

function poolUsage(name: string, pools: readonly string[], description: string): JmxMetricDefinition {
  return jvm(name, 'gauge', 'byte', description, {
    mbean: MEMORY_POOLS,
    attribute: 'Usage',
    path: 'used',
    match: { name: pools },
  });
}

/** Metrics every JVM reports whatever its collector. */
const COMMON_JVM_METRICS: readonly JmxMetricDefinition[] = [
  ...memoryUsage('jvm.heap_memory', 'HeapMemoryUsage', 'Heap'),
  ...memoryUsage('jvm.non_heap_memory', 'NonHeapMemoryUsage', 'Non-heap memory'),
  ...bufferPool('direct'),
  ...bufferPool('mapped'),
  jvm('jvm.thread_count', 'gauge', 'thread', 'Live threads.', {
    mbean: 'java.lang:type=Threading',
    attribute: 'ThreadCount',
  }),
  jvm('jvm.cpu_load.process', 'gauge', 'fraction', 'CPU used by the JVM process, 0 to 1 of all CPUs.', {
    mbean: OPERATING_SYSTEM,
    attribute: 'ProcessCpuLoad',
    negativeMeansUnknown: true,
  }),
  jvm('jvm.cpu_load.system', 'gauge', 'fraction', 'CPU used by the whole host, 0 to 1, as the JVM sees it.', {
    mbean: OPERATING_SYSTEM,
    attribute: 'SystemCpuLoad',
    negativeMeansUnknown: true,
  }),
  jvm('jvm.loaded_classes', 'gauge', '', 'Classes currently loaded.', {
    mbean: 'java.lang:type=ClassLoading',
    attribute: 'LoadedClassCount',
  }),
  jvm('jvm.os.open_file_descriptors', 'gauge', 'file', 'File descriptors the JVM process has open.', {
    mbean: OPERATING_SYSTEM,
    attribute: 'OpenFileDescriptorCount',
  }),
  poolUsage('jvm.gc.eden_size', EDEN_POOLS, 'Young generation (eden) in use.'),
  poolUsage('jvm.gc.survivor_size', SURVIVOR_POOLS, 'Survivor space in use.'),
  poolUsage('jvm.gc.old_gen_size', OLD_POOLS, 'Old generation in use.'),
  poolUsage('jvm.gc.metaspace_size', ['Metaspace'], 'Metaspace in use.'),
];

function collectorRate(
  name: string,
  attribute: 'CollectionCount' | 'CollectionTime',
  collectors: readonly string[] | undefined,
  description: string,
): JmxMetricDefinition {
  const counting = attribute === 'CollectionCount';
  return jvm(name, 'rate', counting ? 'garbage collection' : 'millisecond', description, {
    mbean: COLLECTORS,
    attribute,
    beanTags: { name: 'name' },
    ...(collectors ? { match: { name: collectors } } : {}),
  });
}

/** `new_gc_metrics: false` (JMXFetch's default): every collector under one name, told apart by its `name` tag. */
const CLASSIC_GC_METRICS: readonly JmxMetricDefinition[] = [
  collectorRate(
    'jvm.gc.cms.count',
    'CollectionCount',
    undefined,
    'Collections per second, per collector (`name` tag; the Datadog name is historical: any collector). Only with `new_gc_metrics: false`.',
  ),
  collectorRate(
    'jvm.gc.parnew.time',
    'CollectionTime',
    undefined,
    'Milliseconds spent collecting per second, per collector (`name` tag). Only with `new_gc_metrics: false`.',
  ),
];

/** `new_gc_metrics: true` (our default): young and old collectors under their own names. */
const NEW_GC_METRICS: readonly JmxMetricDefinition[] = [
  collectorRate(
    'jvm.gc.minor_collection_count',
    'CollectionCount',
    MINOR_COLLECTORS,
    'Young (minor) collections per second (per collector, `name` tag; default, `new_gc_metrics: true`).',
  ),
  collectorRate(
    'jvm.gc.minor_collection_time',
    'CollectionTime',
    MINOR_COLLECTORS,
    'Milliseconds per second spent in young (minor) collections (per collector, `name` tag; default, `new_gc_metrics: true`).',
  ),
  collectorRate(
    'jvm.gc.major_collection_count',
    'CollectionCount',
    MAJOR_COLLECTORS,
    'Old (major) collections per second (per collector, `name` tag; default, `new_gc_metrics: true`).',
  ),
  collectorRate(
    'jvm.gc.major_collection_time',
    'CollectionTime',
    MAJOR_COLLECTORS,
    'Milliseconds per second spent in old (major) collections (per collector, `name` tag; default, `new_gc_metrics: true`).',
  ),
];

export interface JvmMetricOptions {
  /** Datadog's `new_gc_metrics`: minor/major collection names instead of `jvm.gc.cms.count`/`parnew.time`. */
  newGcMetrics: boolean;
}

/** What one JVM is read for (`collect_default_jvm_metrics`). */
export function jvmMetricDefinitions(options: JvmMetricOptions): readonly JmxMetricDefinition[] {
  return [...COMMON_JVM_METRICS, ...(options.newGcMetrics ? NEW_GC_METRICS : CLASSIC_GC_METRICS)];
}

/** Every JVM metric a check may submit, for its catalog. */
export const JVM_CATALOG_METRICS: readonly JmxMetricDefinition[] = [
  ...COMMON_JVM_METRICS,
  ...CLASSIC_GC_METRICS,
  ...NEW_GC_METRICS,
];
