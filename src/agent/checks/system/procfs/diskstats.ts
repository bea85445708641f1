// /proc/diskstats: one line per block device, `major minor name` then cumulative counters
// (Documentation/admin-guide/iostats.rst). Sectors are always 512 bytes here, whatever the device uses.

export interface DiskCounters {
  name: string;
  reads: number;
  readsMerged: number;
  sectorsRead: number;
  readMs: number;
  writes: number;
  writesMerged: number;
  sectorsWritten: number;
  writeMs: number;
  inFlight: number;
  /** Milliseconds the device had I/O in flight (busy time). */
  ioMs: number;
  /** Busy time weighted by the number of requests in flight (queue length × time). */
  weightedMs: number;
}

export const DISKSTATS_SECTOR_BYTES = 512;

export function parseDiskstats(text: string): DiskCounters[] {
  const devices: DiskCounters[] = [];
  for (const line of text.split('\n')) {
    const fields = line.trim().split(/\s+/);
    // 14 fields before kernel 4.18, 18 with discards, 20 with flushes: the first 14 mean the same everywhere.
    if (fields.length < 14) continue;
    const name = fields[2] as string;
    const n = fields.slice(3, 14).map(Number);
    if (n.some((value) => !Number.isFinite(value))) continue;
    const [reads, readsMerged, sectorsRead, readMs, writes, writesMerged, sectorsWritten, writeMs] = n;
    devices.push({
      name,
      reads: reads as number,
      readsMerged: readsMerged as number,
      sectorsRead: sectorsRead as number,
      readMs: readMs as number,
      writes: writes as number,
      writesMerged: writesMerged as number,
      sectorsWritten: sectorsWritten as number,
      writeMs: writeMs as number,
      inFlight: n[8] as number,
      ioMs: n[9] as number,
      weightedMs: n[10] as number,
    });
  }
  return devices;
}
