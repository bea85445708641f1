// Direct Jolokia reads of a JVM's memory and collectors, to check the agent's JVM metrics against.
import assert from 'node:assert/strict';
import { jolokiaBulk } from './jolokia';

export interface MemoryUsage {
  init: number;
  used: number;
  committed: number;
  max: number;
}

export async function readMemory(url: string): Promise<{ heap: MemoryUsage; nonHeap: MemoryUsage }> {
  const [response] = await jolokiaBulk(url, [{ type: 'read', mbean: 'java.lang:type=Memory' }]);
  assert.equal(response?.status, 200, response?.error);
  const value = response?.value as { HeapMemoryUsage: MemoryUsage; NonHeapMemoryUsage: MemoryUsage };
  return { heap: value.HeapMemoryUsage, nonHeap: value.NonHeapMemoryUsage };
}

/** Collector name → CollectionCount. */
export async function collectionCounts(url: string): Promise<Map<string, number>> {
  const [response] = await jolokiaBulk(url, [
    { type: 'read', mbean: 'java.lang:type=GarbageCollector,*', attribute: 'CollectionCount' },
  ]);
  assert.equal(response?.status, 200, response?.error);
  const beans = response?.value as Record<string, { CollectionCount: number }>;
  return new Map(
    Object.entries(beans).map(([bean, value]) => [
      /name=([^,]+)/.exec(bean)?.[1] ?? bean,
      value.CollectionCount,
    ]),
  );
}

/** System.gc() in that JVM (the rig runs with ExplicitGCInvokesConcurrent: a young pause, no full GC). */
export async function requestGc(url: string): Promise<void> {
  const response = await fetch(`${url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ type: 'exec', mbean: 'java.lang:type=Memory', operation: 'gc' }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json()) as { status: number; error?: string };
  assert.equal(body.status, 200, body.error);
}

/** `value` lies between the two direct reads taken around the check's read, with `slack` either way. */
export function assertBetween(
  value: number | undefined,
  reads: readonly number[],
  slack: number,
  label: string,
) {
  const low = Math.min(...reads) - slack;
  const high = Math.max(...reads) + slack;
  assert.ok(
    value !== undefined && value >= low && value <= high,
    `${label}: ${value} not in [${low}, ${high}]`,
  );
}
