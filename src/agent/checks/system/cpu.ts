// CPU time shares between two /proc/stat samples with the Datadog Agent's grouping (user includes nice, system
// includes interrupts), plus load averages normalised by the CPU count.
import type { CheckContext } from '../types';
import type { CpuTimes } from './procfs/stat';
import { parseProcStat } from './procfs/stat';
import { parseLoadavg } from './procfs/small-files';
import type { ProcFiles } from './procfs/files';

export interface CpuShares {
  user: number;
  system: number;
  interrupt: number;
  iowait: number;
  idle: number;
  stolen: number;
  guest: number;
}

/** Guest time is already inside user/nice, so it is not part of the total. */
function totalTicks(times: CpuTimes): number {
  return (
    times.user +
    times.nice +
    times.system +
    times.idle +
    times.iowait +
    times.irq +
    times.softirq +
    times.steal
  );
}

/** Percent of all CPU time between the samples; undefined when no time passed (same tick). */
export function cpuShares(previous: CpuTimes, current: CpuTimes): CpuShares | undefined {
  const elapsed = totalTicks(current) - totalTicks(previous);
  if (elapsed <= 0) return undefined;
  // iowait may go backwards on some kernels (it is an estimate): a share is never below 0.
  const share = (now: number, before: number) => Math.max(0, ((now - before) / elapsed) * 100);
  return {
    user: share(current.user + current.nice, previous.user + previous.nice),
    system: share(
      current.system + current.irq + current.softirq,
      previous.system + previous.irq + previous.softirq,
    ),
    interrupt: share(current.irq + current.softirq, previous.irq + previous.softirq),
    iowait: share(current.iowait, previous.iowait),
    idle: share(current.idle, previous.idle),
    stolen: share(current.steal, previous.steal),
    guest: share(current.guest, previous.guest),
  };
}

export class CpuCollector {
  private previous: CpuTimes | undefined;

  constructor(private readonly files: ProcFiles) {}

  async collect(context: CheckContext): Promise<void> {
    const stat = parseProcStat(await this.files.read('stat'));
    const shares = this.previous ? cpuShares(this.previous, stat.cpu) : undefined;
    this.previous = stat.cpu;
    if (shares) {
      for (const [name, value] of Object.entries(shares)) context.gauge(`system.cpu.${name}`, value);
    }
    context.gauge('system.cpu.num_cores', stat.cpuCount);
    if (stat.contextSwitches !== undefined)
      context.monotonicCount('system.cpu.context_switches', stat.contextSwitches);

    const load = parseLoadavg(await this.files.read('loadavg'));
    const averages = { '1': load.one, '5': load.five, '15': load.fifteen };
    for (const [minutes, value] of Object.entries(averages)) {
      context.gauge(`system.load.${minutes}`, value);
      context.gauge(`system.load.norm.${minutes}`, value / stat.cpuCount);
    }
  }
}
