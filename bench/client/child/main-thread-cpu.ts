// CPU time of the child's main thread alone (Linux: /proc/self/task/<pid>/stat), µs. process.cpuUsage()
// counts every thread: V8's garbage-collection and compiler threads and libuv's pool too. The JavaScript
// of the app and of the instrumentation runs on the main thread, so the difference says how much of a
// variant's added CPU is there. Resolution: the kernel's clock tick (10 ms at USER_HZ 100).
import { readFileSync } from 'node:fs';

const TICK_MICROS = 10_000;

/** Undefined where /proc is not available. */
export function mainThreadCpuMicros(): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses and may hold spaces): utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MICROS;
  } catch {
    return undefined;
  }
}
