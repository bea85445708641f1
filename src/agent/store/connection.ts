// Opening the database file with the settings every connection of the store uses.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { openDatabase, pragmaNumber, type Database } from './sqlite';

const WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;

export function isMemoryPath(path: string): boolean {
  return path === ':memory:';
}

export interface ConnectionOptions {
  /** The page cache's bound, KiB (SQLite's `cache_size`); better-sqlite3's build default is 16,000. */
  cacheKiB?: number;
}

/** Opens (creating the directory and file if needed) and configures a connection. */
export function openConnection(path: string, options: ConnectionOptions = {}): Database {
  const memory = isMemoryPath(path);
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const db = openDatabase(path, { timeout: 5_000 });
  try {
    // Must precede the first table: a database created without it can only change with a full VACUUM.
    if (pragmaNumber(db, 'page_count') === 0) db.pragma('auto_vacuum = INCREMENTAL');
    if (!memory) db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a power cut may lose the last transactions, never corrupt the file.
    db.pragma('synchronous = NORMAL');
    db.pragma(`journal_size_limit = ${WAL_SIZE_LIMIT_BYTES}`);
    db.pragma('temp_store = MEMORY');
    if (options.cacheKiB !== undefined) db.pragma(`cache_size = -${Math.round(options.cacheKiB)}`);
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}
