// CPU time and resident memory of another process, from Linux's /proc (the agent runs as its own process,
// so its own counters are not reachable from here). Undefined where /proc does not exist.
import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat; 100 on every mainstream Linux build. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcessSnapshot {
  /** user + system CPU seconds since the process started. */
  cpuSeconds: number;
  rssBytes: number;
  /** When the snapshot was taken (performance.now(), ms). */
  at: number;
}

export function snapshotProcess(pid: number): ProcessSnapshot | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (2nd field) may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const userTicks = Number(fields[11]);
    const systemTicks = Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return {
      cpuSeconds: (userTicks + systemTicks) / CLOCK_TICKS_PER_SECOND,
      rssBytes: rssKiB * 1024,
      at: performance.now(),
    };
  } catch {
    return undefined;
  }
}

/** CPU seconds the process used between two snapshots. */
export function cpuSecondsBetween(
  before: ProcessSnapshot | undefined,
  after: ProcessSnapshot | undefined,
): number {
  if (!before || !after) return Number.NaN;
  return after.cpuSeconds - before.cpuSeconds;
}
