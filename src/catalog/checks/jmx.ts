// Catalog entries read from JMX through Jolokia: which MBean attribute a metric comes from, how bean key
// properties become tags, and the helper that turns that into a documented catalog entry.
import type { CheckMetricDefinition, CheckMetricType } from './types';

export interface JmxSource {
  /**
   * ObjectName or ObjectName pattern sent to Jolokia. Entries sharing one `mbean` are read by one element
   * of the bulk request, so families (`name=*`) cost one element, not one per metric.
   */
  readonly mbean: string;
  readonly attribute: string;
  /** Key inside a composite attribute, e.g. `used` of `HeapMemoryUsage`. */
  readonly path?: string;
  /** Which JVM: the broker's Jolokia (default) or ZooKeeper's (`zookeeper_jolokia_url`). */
  readonly target?: 'broker' | 'zookeeper';
  /**
   * Key properties a matched bean must have (order-independent), e.g. `{ name: 'BytesInPerSec' }`; a list
   * accepts any of its values (the young-generation pool is `Eden Space`, `PS Eden Space` or `G1 Eden Space`
   * depending on the collector).
   */
  readonly match?: Readonly<Record<string, string | readonly string[]>>;
  /** Bean key property → tag name, e.g. `{ topic: 'topic' }`. Beans with equal tags are summed. */
  readonly beanTags?: Readonly<Record<string, string>>;
  /** The JVM reports a negative value (-1) when it does not know it (no max, no CPU load yet): not submitted. */
  readonly negativeMeansUnknown?: boolean;
}

export interface JmxMetricDefinition extends CheckMetricDefinition {
  readonly jmx: JmxSource;
}

export interface JmxMetricInput {
  name: string;
  type: CheckMetricType;
  unit: string;
  description: string;
  jmx: JmxSource;
  origin?: 'datadog' | 'kinstrument';
  /** Tags the check adds on top of the bean tags (documentation only), e.g. `jvm`. */
  extraTags?: readonly string[];
  /** Replaces the generated `MBean → attribute` text in the catalog. */
  source?: string;
}

/** `mbean (key=value) → attribute.path`, as the README shows where a metric comes from. */
export function describeJmxSource(source: JmxSource): string {
  const matched = source.match
    ? ` (${Object.entries(source.match)
        .map(([key, value]) => `${key}=${typeof value === 'string' ? value : value.join(' / ')}`)
        .join(',')})`
    : '';
  const jvm = source.target === 'zookeeper' ? 'ZooKeeper JVM: ' : '';
  return `${jvm}${source.mbean}${matched} → ${source.attribute}${source.path ? `.${source.path}` : ''}`;
}

export function jmxMetric(input: JmxMetricInput): JmxMetricDefinition {
  return {
    name: input.name,
    type: input.type,
    unit: input.unit,
    description: input.description,
    tags: [...(input.extraTags ?? []), ...Object.values(input.jmx.beanTags ?? {})],
    source: input.source ?? describeJmxSource(input.jmx),
    origin: input.origin ?? 'datadog',
    jmx: input.jmx,
  };
}
