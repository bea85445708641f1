// The `system` check: host metrics of the machine the agent runs on, from /proc and statfs only (no command is
// run). Each part (cpu, memory, disks, …) fails alone: a missing file is a warning, and the run fails only when
// nothing could be read at all (a wrong procfs_path, say).
import { SYSTEM_CATALOG } from '../../../catalog/checks/system';
import type { CheckContext, CheckDefinition, CheckInstance } from '../types';
import { parseSystemInstance, type SystemCheckConfig } from './config';
import { CpuCollector } from './cpu';
import { DiskCollector, type StatfsFunction } from './disk';
import { IoCollector } from './io';
import { collectFileHandles, collectUptime } from './kernel';
import { collectMemory } from './memory';
import { collectInterfaces, collectTcp } from './network';
import { ProcFiles } from './procfs/files';

export interface SystemCheckDependencies {
  /** Monotonic milliseconds, for I/O rates. */
  now?: () => number;
  statfs?: StatfsFunction;
}

export class SystemCheck implements CheckInstance {
  private readonly parts: readonly [string, (context: CheckContext) => Promise<void>][];

  constructor(config: SystemCheckConfig, dependencies: SystemCheckDependencies = {}) {
    const files = new ProcFiles(config.procfsPath);
    const cpu = new CpuCollector(files);
    const disk = new DiskCollector(
      files,
      {
        fileSystemExclude: config.fileSystemExclude,
        mountPointExclude: config.mountPointExclude,
        deviceExclude: config.deviceExclude,
        useMount: config.useMount,
        maxMounts: config.maxMounts,
        timeout: config.diskTimeout,
      },
      dependencies.statfs,
    );
    const io = new IoCollector(files, {
      exclude: config.ioDeviceExclude,
      maxDevices: config.maxIoDevices,
      now: dependencies.now ?? (() => performance.now()),
    });
    const network = {
      excludedInterfaces: config.excludedInterfaces,
      excludedInterfaceRe: config.excludedInterfaceRe,
      maxInterfaces: config.maxInterfaces,
    };
    this.parts = [
      ['cpu', (context) => cpu.collect(context)],
      ['memory', (context) => collectMemory(context, files)],
      ['disk', (context) => disk.collect(context)],
      ['io', (context) => io.collect(context)],
      ['network', (context) => collectInterfaces(context, files, network)],
      ['tcp', (context) => collectTcp(context, files)],
      ['file handles', (context) => collectFileHandles(context, files)],
      ['uptime', (context) => collectUptime(context, files)],
    ];
  }

  async collect(context: CheckContext): Promise<void> {
    const outcomes = await Promise.allSettled(this.parts.map(([, collect]) => collect(context)));
    const failures = outcomes.flatMap((outcome, index) =>
      outcome.status === 'rejected' ? [`${this.parts[index]?.[0]}: ${describe(outcome.reason)}`] : [],
    );
    if (failures.length === this.parts.length) throw new Error(`nothing readable: ${failures.join('; ')}`);
    for (const failure of failures) context.warning(failure);
  }
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export const systemCheck: CheckDefinition<SystemCheckConfig> = {
  name: 'system',
  catalog: SYSTEM_CATALOG,
  secretKeys: [],
  parseInstance: parseSystemInstance,
  common: (config) => config.common,
  enabled: (config) => config.enabled,
  create: (config) => new SystemCheck(config),
};
