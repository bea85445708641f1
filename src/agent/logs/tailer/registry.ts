// Where each file was read up to, persisted in `<runPath>/logs-registry.json` so a restarted agent resumes exactly:
// the offset stored is the end of the last record the consumer acknowledged, never more. Entries are keyed by
// device + inode and carry the fingerprint, so a reused inode or a file rewritten in place is not resumed by
// mistake. Written atomically (temporary file, fsync, rename): a crash leaves the old state or the new, never half.
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { identityKey, type FileIdentity, type Fingerprint } from './types';

export const REGISTRY_FILE = 'logs-registry.json';
const FORMAT_VERSION = 1;
/** Entries of files not seen for this long are forgotten (Datadog keeps its registry entries for a day too). */
export const ENTRY_TTL_MS = 24 * 60 * 60 * 1000;
export const MAX_ENTRIES = 10_000;

export interface RegistryEntry extends FileIdentity {
  /** The path the file was last known at. */
  path: string;
  /** The configured path it was found at (differs from `path` for the copy of a copytruncate). */
  file: string;
  /** The id of the source that tails it (`<conf file>: logs[i]`). */
  source: string;
  fingerprint: Fingerprint;
  /** End of the last acknowledged record. */
  offset: number;
  /**
   * The file no longer sat at its configured path (renamed by rotation, or the copy of a copytruncate) and was
   * still being drained: a restarted agent looks for it by inode next to `path` and reads it to the end.
   */
  draining: boolean;
  /** Unix ms of the last update; entries expire ENTRY_TTL_MS after it. */
  updatedAt: number;
}

export class Registry {
  readonly file: string;
  private readonly entries = new Map<string, RegistryEntry>();

  constructor(readonly runPath: string) {
    this.file = join(runPath, REGISTRY_FILE);
  }

  /** Reads the state file; a missing file is a first start, a broken one is reported and ignored. */
  async load(): Promise<string | undefined> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      return code === 'ENOENT'
        ? undefined
        : `${this.file}: cannot read (${code ?? (error as Error).message}); starting without saved offsets`;
    }
    try {
      const parsed = JSON.parse(text) as { version?: unknown; files?: unknown };
      if (parsed.version !== FORMAT_VERSION || !Array.isArray(parsed.files))
        throw new Error(`unknown format`);
      for (const item of parsed.files) {
        if (isEntry(item)) this.entries.set(identityKey(item), item);
      }
      return undefined;
    } catch (error) {
      return `${this.file}: unreadable (${(error as Error).message}); starting without saved offsets`;
    }
  }

  get(identity: FileIdentity): RegistryEntry | undefined {
    return this.entries.get(identityKey(identity));
  }

  /** Whether some file was read at `path` before (so a different file there now is new content). */
  knowsPath(path: string): boolean {
    for (const entry of this.entries.values()) if (entry.path === path) return true;
    return false;
  }

  all(): RegistryEntry[] {
    return [...this.entries.values()];
  }

  set(entry: RegistryEntry): void {
    this.entries.set(identityKey(entry), entry);
  }

  delete(identity: FileIdentity): void {
    this.entries.delete(identityKey(identity));
  }

  /** Drops expired entries (except those of `live` files) and keeps at most MAX_ENTRIES, newest first. */
  prune(now: number, live: ReadonlySet<string>): void {
    for (const [key, entry] of this.entries) {
      if (!live.has(key) && now - entry.updatedAt > ENTRY_TTL_MS) this.entries.delete(key);
    }
    if (this.entries.size <= MAX_ENTRIES) return;
    const oldest = [...this.entries.entries()]
      .filter(([key]) => !live.has(key))
      .sort((a, b) => a[1].updatedAt - b[1].updatedAt);
    for (const [key] of oldest.slice(0, this.entries.size - MAX_ENTRIES)) this.entries.delete(key);
  }

  async save(): Promise<void> {
    await mkdir(this.runPath, { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    const body = JSON.stringify({ version: FORMAT_VERSION, files: this.all() });
    const handle = await open(temporary, 'w', 0o600);
    try {
      await handle.writeFile(body, 'utf8');
      await handle.datasync();
    } finally {
      await handle.close();
    }
    try {
      await rename(temporary, this.file);
    } catch (error) {
      await unlink(temporary).catch(() => undefined);
      throw error;
    }
  }
}

function isEntry(value: unknown): value is RegistryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const entry = value as Partial<RegistryEntry>;
  return (
    typeof entry.path === 'string' &&
    typeof entry.source === 'string' &&
    typeof entry.file === 'string' &&
    typeof entry.dev === 'string' &&
    typeof entry.ino === 'string' &&
    typeof entry.offset === 'number' &&
    Number.isSafeInteger(entry.offset) &&
    entry.offset >= 0 &&
    typeof entry.draining === 'boolean' &&
    typeof entry.updatedAt === 'number' &&
    typeof entry.fingerprint === 'object' &&
    entry.fingerprint !== null &&
    typeof entry.fingerprint.length === 'number' &&
    typeof entry.fingerprint.hash === 'string'
  );
}
