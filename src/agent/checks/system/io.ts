// Block device I/O from two /proc/diskstats samples, computed as iostat -x does (per-second rates, average
// request size and latency, queue size, utilisation) under the Datadog Agent's `system.io.*` names.
import type { CheckContext } from '../types';
import { bounded, reportOverflow } from './limits';
import { DISKSTATS_SECTOR_BYTES, parseDiskstats, type DiskCounters } from './procfs/diskstats';
import { byName } from './by-name';
import type { ProcFiles } from './procfs/files';

const CUMULATIVE: readonly (keyof Omit<DiskCounters, 'name' | 'inFlight'>)[] = [
  'reads',
  'readsMerged',
  'sectorsRead',
  'readMs',
  'writes',
  'writesMerged',
  'sectorsWritten',
  'writeMs',
  'ioMs',
  'weightedMs',
];

/** Metrics between two samples `seconds` apart; undefined when a counter went back (device re-created). */
export function ioMetrics(
  previous: DiskCounters,
  current: DiskCounters,
  seconds: number,
): [string, number][] | undefined {
  if (seconds <= 0) return undefined;
  const delta = Object.fromEntries(CUMULATIVE.map((key) => [key, current[key] - previous[key]])) as Record<
    (typeof CUMULATIVE)[number],
    number
  >;
  if (Object.values(delta).some((value) => value < 0)) return undefined;
  const requests = delta.reads + delta.writes;
  const perRequest = (value: number, count: number) => (count > 0 ? value / count : 0);
  const kibibytes = (sectors: number) => (sectors * DISKSTATS_SECTOR_BYTES) / 1024;
  const elapsedMs = seconds * 1000;
  return [
    ['system.io.r_s', delta.reads / seconds],
    ['system.io.w_s', delta.writes / seconds],
    ['system.io.rrqm_s', delta.readsMerged / seconds],
    ['system.io.wrqm_s', delta.writesMerged / seconds],
    ['system.io.rkb_s', kibibytes(delta.sectorsRead) / seconds],
    ['system.io.wkb_s', kibibytes(delta.sectorsWritten) / seconds],
    ['system.io.avg_rq_sz', perRequest(delta.sectorsRead + delta.sectorsWritten, requests)],
    ['system.io.await', perRequest(delta.readMs + delta.writeMs, requests)],
    ['system.io.r_await', perRequest(delta.readMs, delta.reads)],
    ['system.io.w_await', perRequest(delta.writeMs, delta.writes)],
    ['system.io.avg_q_sz', delta.weightedMs / elapsedMs],
    ['system.io.svctm', perRequest(delta.ioMs, requests)],
    // The busy-time counter can run slightly ahead of the wall clock between two reads; iostat caps it too.
    ['system.io.util', Math.min(100, (delta.ioMs / elapsedMs) * 100)],
  ];
}

export interface IoOptions {
  /** Devices not reported (`device_exclude_re`). */
  exclude?: RegExp;
  maxDevices: number;
  /** Milliseconds clock (monotonic). */
  now: () => number;
}

export class IoCollector {
  private previous = new Map<string, DiskCounters>();
  private previousAt: number | undefined;

  constructor(
    private readonly files: ProcFiles,
    private readonly options: IoOptions,
  ) {}

  async collect(context: CheckContext): Promise<void> {
    const text = await this.files.read('diskstats');
    const at = this.options.now();
    const devices = parseDiskstats(text)
      .filter((device) => !this.options.exclude?.test(device.name))
      .sort(byName);
    const { kept, overflow } = bounded(devices, this.options.maxDevices);
    reportOverflow(context, 'max_io_devices', this.options.maxDevices, overflow, 'block devices');
    const seconds = this.previousAt === undefined ? 0 : (at - this.previousAt) / 1000;
    for (const device of kept) {
      const before = this.previous.get(device.name);
      const metrics = before ? ioMetrics(before, device, seconds) : undefined;
      const tags = [`device:${device.name}`, `device_name:${device.name}`];
      for (const [name, value] of metrics ?? []) context.gauge(name, value, { tags });
    }
    // Only kept devices are remembered: the map stays within max_io_devices.
    this.previous = new Map(kept.map((device) => [device.name, device]));
    this.previousAt = at;
  }
}
