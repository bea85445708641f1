// Disk space and inodes per mounted filesystem through statfs (what df shows), in KiB like the Datadog Agent.
// statfs can hang on a dead network mount: each call has a timeout, and a mount whose call is still stuck is
// skipped until it returns, so hung calls never pile up in libuv's small thread pool.
import { statfs } from 'node:fs/promises';
import type { StatsFs } from 'node:fs';
import type { CheckContext } from '../types';
import { bounded, reportOverflow } from './limits';
import { selectMounts, type MountSelectionOptions } from './mount-selection';
import type { ProcFiles } from './procfs/files';
import { parseMounts } from './procfs/mounts';

export type FilesystemStats = Pick<StatsFs, 'bsize' | 'blocks' | 'bfree' | 'bavail' | 'files' | 'ffree'>;

/** Metrics of one filesystem; none for a filesystem of size 0 (nothing to report, as Datadog skips them). */
export function diskMetrics(stats: FilesystemStats): [string, number][] {
  const total = stats.blocks * stats.bsize;
  if (total === 0) return [];
  const used = (stats.blocks - stats.bfree) * stats.bsize;
  const free = stats.bavail * stats.bsize;
  // df's Use%: blocks reserved for root count neither as used nor as free.
  const inUse = used + free > 0 ? used / (used + free) : 0;
  const metrics: [string, number][] = [
    ['system.disk.total', total / 1024],
    ['system.disk.used', used / 1024],
    ['system.disk.free', free / 1024],
    ['system.disk.in_use', inUse],
    ['system.disk.utilized', inUse * 100],
  ];
  if (stats.files > 0) {
    const inodesUsed = stats.files - stats.ffree;
    metrics.push(
      ['system.fs.inodes.total', stats.files],
      ['system.fs.inodes.used', inodesUsed],
      ['system.fs.inodes.free', stats.ffree],
      ['system.fs.inodes.in_use', inodesUsed / stats.files],
      ['system.fs.inodes.utilized', (inodesUsed / stats.files) * 100],
    );
  }
  return metrics;
}

export interface DiskOptions extends MountSelectionOptions {
  maxMounts: number;
  /** Seconds to wait for one statfs. */
  timeout: number;
}

export type StatfsFunction = (path: string) => Promise<FilesystemStats>;

export class DiskCollector {
  /** Mount points whose statfs has not returned yet. */
  private readonly stuck = new Set<string>();

  constructor(
    private readonly files: ProcFiles,
    private readonly options: DiskOptions,
    private readonly statfsOf: StatfsFunction = (path) => statfs(path),
  ) {}

  async collect(context: CheckContext): Promise<void> {
    const mounts = parseMounts(await this.files.read('self/mounts'));
    const { kept, overflow } = bounded(selectMounts(mounts, this.options), this.options.maxMounts);
    reportOverflow(context, 'max_mounts', this.options.maxMounts, overflow, 'mounted filesystems');
    const results = await Promise.all(kept.map((target) => this.usage(target.mountPoint)));
    kept.forEach((target, index) => {
      const result = results[index];
      if (result === undefined) return;
      if (typeof result === 'string') {
        context.warning(`disk ${target.mountPoint}: ${result}`);
        return;
      }
      for (const [name, value] of diskMetrics(result)) context.gauge(name, value, { tags: target.tags });
    });
  }

  /** The stats, why there are none (shown as a warning), or undefined when there is nothing to say. */
  private async usage(mountPoint: string): Promise<FilesystemStats | string | undefined> {
    if (this.stuck.has(mountPoint)) return 'statfs from an earlier run has not returned yet (hung mount?)';
    const call = this.statfsOf(mountPoint);
    this.stuck.add(mountPoint);
    void call.then(
      () => this.stuck.delete(mountPoint),
      () => this.stuck.delete(mountPoint),
    );
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<string>((resolve) => {
      timer = setTimeout(
        () => resolve(`statfs gave no answer within ${this.options.timeout}s`),
        this.options.timeout * 1000,
      );
    });
    try {
      return await Promise.race([call, timeout]);
    } catch (cause) {
      const code = (cause as NodeJS.ErrnoException).code;
      // Unmounted since the mounts were read, or another user's FUSE mount the agent may not look into: nothing
      // to report and nothing the user must fix, so no warning (it would keep the check in WARNING forever).
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM') return undefined;
      return `statfs failed: ${cause instanceof Error ? cause.message : String(cause)}`;
    } finally {
      clearTimeout(timer);
    }
  }
}
