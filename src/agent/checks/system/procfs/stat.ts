// /proc/stat: cumulative CPU time of all CPUs (in USER_HZ ticks), the number of CPUs and context switches.

/** The aggregate `cpu` line. `user` and `nice` already include `guest` and `guest_nice` (kernel accounting). */
export interface CpuTimes {
  user: number;
  nice: number;
  system: number;
  idle: number;
  iowait: number;
  irq: number;
  softirq: number;
  steal: number;
  guest: number;
  guestNice: number;
}

export interface ProcStat {
  cpu: CpuTimes;
  /** `cpuN` lines: logical CPUs online. */
  cpuCount: number;
  contextSwitches?: number;
}

export function parseProcStat(text: string): ProcStat {
  let cpu: CpuTimes | undefined;
  let cpuCount = 0;
  let contextSwitches: number | undefined;
  for (const line of text.split('\n')) {
    const [key, ...values] = line.trim().split(/\s+/);
    if (key === 'cpu') {
      // Older kernels have fewer columns (no steal/guest): missing ones are 0.
      const at = (index: number) => Number(values[index] ?? 0);
      cpu = {
        user: at(0),
        nice: at(1),
        system: at(2),
        idle: at(3),
        iowait: at(4),
        irq: at(5),
        softirq: at(6),
        steal: at(7),
        guest: at(8),
        guestNice: at(9),
      };
    } else if (key !== undefined && /^cpu\d+$/.test(key)) {
      cpuCount += 1;
    } else if (key === 'ctxt' && values[0] !== undefined) {
      contextSwitches = Number(values[0]);
    }
  }
  if (!cpu || Object.values(cpu).some((value) => !Number.isFinite(value))) {
    throw new Error('/proc/stat has no readable "cpu" line');
  }
  return {
    cpu,
    cpuCount: Math.max(cpuCount, 1),
    ...(contextSwitches !== undefined ? { contextSwitches } : {}),
  };
}
