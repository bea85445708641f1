// Memory and swap from /proc/meminfo, in MiB like the Datadog Agent (fractions for the pct_ metrics). `used`
// counts page cache, as Datadog's does; `usable` (MemAvailable) is what applications can still get.
import type { CheckContext } from '../types';
import type { ProcFiles } from './procfs/files';
import { parseMeminfo, type Meminfo } from './procfs/meminfo';

const MIB = 1024 * 1024;

export function memoryMetrics(meminfo: Meminfo): [string, number][] {
  const get = (key: string) => meminfo.get(key);
  const total = get('MemTotal') ?? 0;
  const free = get('MemFree') ?? 0;
  const cached = (get('Cached') ?? 0) + (get('SReclaimable') ?? 0);
  // Kernels before 3.14 have no MemAvailable: free memory plus caches is the usual stand-in.
  const usable = get('MemAvailable') ?? free + cached;
  const metrics: [string, number | undefined][] = [
    ['system.mem.total', total / MIB],
    ['system.mem.free', free / MIB],
    ['system.mem.used', (total - free) / MIB],
    ['system.mem.usable', usable / MIB],
    ['system.mem.pct_usable', total > 0 ? usable / total : undefined],
    ['system.mem.cached', cached / MIB],
    ['system.mem.buffered', mib(get('Buffers'))],
    ['system.mem.shared', mib(get('Shmem'))],
    ['system.mem.slab', mib(get('Slab'))],
    ['system.mem.slab_reclaimable', mib(get('SReclaimable'))],
    ['system.mem.page_tables', mib(get('PageTables'))],
    ['system.mem.commit_limit', mib(get('CommitLimit'))],
    ['system.mem.committed_as', mib(get('Committed_AS'))],
    ...swapMetrics(meminfo),
  ];
  return metrics.filter((entry): entry is [string, number] => entry[1] !== undefined);
}

function swapMetrics(meminfo: Meminfo): [string, number | undefined][] {
  const total = meminfo.get('SwapTotal');
  const free = meminfo.get('SwapFree');
  if (total === undefined || free === undefined) return [];
  return [
    ['system.swap.total', total / MIB],
    ['system.swap.free', free / MIB],
    ['system.swap.used', (total - free) / MIB],
    ['system.swap.cached', mib(meminfo.get('SwapCached'))],
    // Datadog reports 1 (all free) on a host without swap.
    ['system.swap.pct_free', total > 0 ? free / total : 1],
  ];
}

function mib(bytes: number | undefined): number | undefined {
  return bytes === undefined ? undefined : bytes / MIB;
}

export async function collectMemory(context: CheckContext, files: ProcFiles): Promise<void> {
  for (const [name, value] of memoryMetrics(parseMeminfo(await files.read('meminfo'))))
    context.gauge(name, value);
}
