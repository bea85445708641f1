// One-line /proc files: load averages, file handles, uptime.

export interface LoadAverages {
  one: number;
  five: number;
  fifteen: number;
}

/** /proc/loadavg: `0.52 0.58 0.59 2/512 12345`. */
export function parseLoadavg(text: string): LoadAverages {
  const [one, five, fifteen] = text.trim().split(/\s+/).map(Number);
  if (![one, five, fifteen].every((value) => Number.isFinite(value))) {
    throw new Error(`/proc/loadavg is not "1 5 15 …": ${JSON.stringify(text.slice(0, 60))}`);
  }
  return { one: one as number, five: five as number, fifteen: fifteen as number };
}

export interface FileHandles {
  allocated: number;
  /** Allocated but unused (always 0 since Linux 2.6). */
  unused: number;
  max: number;
}

/** /proc/sys/fs/file-nr: `allocated unused max`, tab-separated. */
export function parseFileNr(text: string): FileHandles {
  const [allocated, unused, max] = text.trim().split(/\s+/).map(Number);
  if (![allocated, unused, max].every((value) => Number.isFinite(value))) {
    throw new Error(
      `/proc/sys/fs/file-nr is not "allocated unused max": ${JSON.stringify(text.slice(0, 60))}`,
    );
  }
  return { allocated: allocated as number, unused: unused as number, max: max as number };
}

/** /proc/uptime: `seconds-up seconds-idle`; returns seconds up. */
export function parseUptime(text: string): number {
  const seconds = Number(text.trim().split(/\s+/)[0]);
  if (!Number.isFinite(seconds))
    throw new Error(`/proc/uptime is not a number: ${JSON.stringify(text.slice(0, 60))}`);
  return seconds;
}
