// Turns catalog entries (MBean + attribute → metric) into one Jolokia bulk read and the results back into
// submitted metrics. Entries sharing an MBean (or pattern) share one element of the bulk request.
import type { JmxMetricDefinition } from '../../../catalog/checks/jmx';
import { isRecord } from '../config/instance-reader';
import type { CheckContext } from '../types';
import type { JolokiaRead, JolokiaReadResult } from './client';
import { hasProperties, parseObjectName } from './object-name';

export interface JmxPlan {
  reads: JolokiaRead[];
  /** Index into `reads` for each definition, in definition order. */
  readIndex: number[];
}

/** Groups definitions by MBean into read elements; `extra` adds attributes read for other purposes. */
export function planJmxReads(
  definitions: readonly JmxMetricDefinition[],
  extra: readonly JolokiaRead[] = [],
): JmxPlan {
  const byMbean = new Map<string, Set<string>>();
  const add = (mbean: string, attribute: string) => {
    const attributes = byMbean.get(mbean) ?? new Set<string>();
    attributes.add(attribute);
    byMbean.set(mbean, attributes);
  };
  for (const definition of definitions) add(definition.jmx.mbean, definition.jmx.attribute);
  for (const read of extra) for (const attribute of read.attributes) add(read.mbean, attribute);
  const mbeans = [...byMbean.keys()];
  return {
    reads: mbeans.map((mbean) => ({ mbean, attributes: [...(byMbean.get(mbean) ?? [])] })),
    readIndex: definitions.map((definition) => mbeans.indexOf(definition.jmx.mbean)),
  };
}

export interface SubmitSummary {
  /** Definitions whose bean does not exist (404): normal for the other cluster mode or before first traffic. */
  missing: number;
  /** Read elements that failed for another reason, with Jolokia's message. */
  failures: string[];
}

/** Submits every definition's value(s) from the bulk results; beans with equal tags are summed. */
export function submitJmxMetrics(
  context: CheckContext,
  definitions: readonly JmxMetricDefinition[],
  plan: JmxPlan,
  results: readonly JolokiaReadResult[],
  baseTags: readonly string[],
): SubmitSummary {
  const summary: SubmitSummary = { missing: 0, failures: [] };
  const reported = new Set<number>();
  definitions.forEach((definition, index) => {
    const readIndex = plan.readIndex[index] ?? -1;
    const result = results[readIndex];
    if (!result) return;
    if (!result.ok) {
      if (result.status === 404) summary.missing += 1;
      else if (!reported.has(readIndex)) {
        reported.add(readIndex);
        summary.failures.push(`${plan.reads[readIndex]?.mbean}: ${result.error}`);
      }
      return;
    }
    for (const [tags, value] of valuesByTags(definition, result.beans)) {
      const options = { tags: [...baseTags, ...tags] };
      if (definition.type === 'rate') context.rate(definition.name, value, options);
      else if (definition.type === 'monotonic_count') context.monotonicCount(definition.name, value, options);
      else if (definition.type === 'count') context.count(definition.name, value, options);
      else context.gauge(definition.name, value, options);
    }
  });
  return summary;
}

function valuesByTags(
  definition: JmxMetricDefinition,
  beans: Map<string, Record<string, unknown>>,
): Map<string[], number> {
  const sums = new Map<string, { tags: string[]; value: number }>();
  for (const [beanName, attributes] of beans) {
    const name = parseObjectName(beanName);
    if (!name) continue;
    if (definition.jmx.match && !hasProperties(name, definition.jmx.match)) continue;
    const value = numeric(attributes[definition.jmx.attribute], definition.jmx.path);
    if (value === undefined || (value < 0 && definition.jmx.negativeMeansUnknown)) continue;
    const tags = Object.entries(definition.jmx.beanTags ?? {}).map(
      ([key, tag]) => `${tag}:${name.properties.get(key) ?? ''}`,
    );
    const key = tags.join(',');
    const entry = sums.get(key);
    if (entry) entry.value += value;
    else sums.set(key, { tags, value });
  }
  return new Map([...sums.values()].map(({ tags, value }) => [tags, value]));
}

/** A number from a Jolokia value: numbers, numeric strings (serializeLong), or a key of a composite value. */
export function numeric(value: unknown, path?: string): number | undefined {
  const picked = path === undefined ? value : isRecord(value) ? value[path] : undefined;
  if (typeof picked === 'number' && Number.isFinite(picked)) return picked;
  if (typeof picked === 'string' && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(picked)) return Number(picked);
  return undefined;
}
