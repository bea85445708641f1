// CPU time and resident memory from Linux's /proc: of another process (the agent runs as its own process,
// so its own counters are not reachable from here), and of this process's main thread alone.
// Undefined where /proc does not exist.
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

/** user + system CPU seconds in a stat file: a process's, or one thread's (`/proc/<pid>/task/<tid>/stat`). */
function statCpuSeconds(statPath: string): number {
  const stat = readFileSync(statPath, 'utf8');
  // The command name (2nd field) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
}

export function snapshotProcess(pid: number): ProcessSnapshot | undefined {
  try {
    const cpuSeconds = statCpuSeconds(`/proc/${pid}/stat`);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKiB = Number(/^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? Number.NaN);
    return { cpuSeconds, rssBytes: rssKiB * 1024, at: performance.now() };
  } catch {
    return undefined;
  }
}

/**
 * CPU time of this process's main thread alone, µs (10 ms resolution). process.cpuUsage() counts every
 * thread: V8's garbage-collection and compiler threads and libuv's pool too. The JavaScript of the app and
 * of the instrumentation runs on the main thread, so the difference says how much of a variant's added
 * CPU is there.
 */
export function mainThreadCpuMicros(): number | undefined {
  try {
    return statCpuSeconds(`/proc/self/task/${process.pid}/stat`) * 1e6;
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
