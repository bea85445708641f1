// Per-run bounds on mounts, block devices and interfaces: a host with thousands (containers, veth pairs) must not
// flood the agent. What is left out is reported, never silent: the `kinstrument.system.overflow` gauge and a
// status warning name the limit to raise.
import type { SystemLimit } from '../../../catalog/checks/system';
import type { CheckContext } from '../types';

export interface Bounded<T> {
  kept: T[];
  overflow: number;
}

/** The first `max` items (callers pass a stable order, so the same ones are kept from run to run). */
export function bounded<T>(items: readonly T[], max: number): Bounded<T> {
  return { kept: items.slice(0, max), overflow: Math.max(0, items.length - max) };
}

export function reportOverflow(
  context: CheckContext,
  limit: SystemLimit,
  max: number,
  overflow: number,
  what: string,
): void {
  context.gauge('kinstrument.system.overflow', overflow, { tags: [`limit:${limit}`] });
  if (overflow > 0) context.warning(`${overflow} ${what} over ${limit} (${max}) not reported`);
}
