// Finding a file we were reading after it moved. Rotation renames it next to where it was (server.log →
// server.log.1); copytruncate leaves a copy there with the same first bytes. Both searches look in one directory
// only and stat at most MAX_CANDIDATES entries: they run on rotation and at start, never per line.
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintMatches } from './fingerprint';
import { identityKey, type FileIdentity, type Fingerprint } from './types';

const MAX_CANDIDATES = 1000;

export interface LocatedFile extends FileIdentity {
  path: string;
  size: number;
}

/** The file in `dir` with this device and inode, if its content still starts as `fingerprint` says. */
export async function locateByIdentity(
  dir: string,
  identity: FileIdentity,
  fingerprint: Fingerprint,
): Promise<LocatedFile | undefined> {
  for (const candidate of await regularFiles(dir)) {
    if (identityKey(candidate) !== identityKey(identity)) continue;
    return (await startsWith(candidate, fingerprint)) ? candidate : undefined;
  }
  return undefined;
}

/**
 * A copy of a truncated file: another file in `dir` that starts with the same bytes and holds at least `minSize`
 * bytes. When several do (a log that always starts alike), the most recently modified wins.
 */
export async function locateCopy(
  dir: string,
  fingerprint: Fingerprint,
  minSize: number,
  exclude: readonly FileIdentity[],
): Promise<LocatedFile | undefined> {
  if (fingerprint.length === 0) return undefined;
  const excluded = new Set(exclude.map(identityKey));
  const candidates = (await regularFiles(dir))
    .filter((file) => file.size >= minSize && !excluded.has(identityKey(file)))
    .sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const candidate of candidates) {
    if (await startsWith(candidate, fingerprint)) return candidate;
  }
  return undefined;
}

async function regularFiles(dir: string): Promise<(LocatedFile & { mtimeMs: number })[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).sort().slice(0, MAX_CANDIDATES);
  } catch {
    return [];
  }
  const files: (LocatedFile & { mtimeMs: number })[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const stats = await stat(path, { bigint: true });
      if (!stats.isFile()) continue;
      files.push({
        path,
        dev: String(stats.dev),
        ino: String(stats.ino),
        size: Number(stats.size),
        mtimeMs: Number(stats.mtimeMs),
      });
    } catch {
      // Gone between readdir and stat: not a candidate.
    }
  }
  return files;
}

async function startsWith(file: LocatedFile, fingerprint: Fingerprint): Promise<boolean> {
  try {
    const handle = await open(file.path, 'r');
    try {
      return await fingerprintMatches(handle, file.size, fingerprint);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
