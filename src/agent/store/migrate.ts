// Brings a database to the latest schema version, one recorded migration at a time.
import { MIGRATIONS, type Migration } from './schema';
import type { Database } from './sqlite';

export class StoreSchemaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreSchemaError';
  }
}

/** What `migrate` tells about each migration applied to an existing file: before it, and once it is done. */
export type MigrationEvent =
  | { phase: 'starting'; version: number; description: string; rowsToRewrite?: number }
  | { phase: 'done'; version: number; description: string; ms: number };

/** Applies the migrations not yet recorded; returns the resulting version. */
export function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
  now = Date.now(),
  onMigration: (event: MigrationEvent) => void = () => undefined,
): number {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_version').get();
  const current = typeof row?.version === 'number' ? row.version : 0;
  const latest = migrations.reduce((max, m) => Math.max(max, m.version), 0);
  if (current > latest) {
    throw new StoreSchemaError(
      `${db.name} has schema version ${current}, newer than this kinstrument knows (${latest}); ` +
        'upgrade kinstrument or point storage at another file',
    );
  }
  const record = db.prepare('INSERT INTO schema_version (version, description, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    // A new file gets every migration at once, on empty tables: nothing worth telling.
    const tell = current > 0;
    const { version, description } = migration;
    if (tell) {
      const rows = migration.rowsToRewrite?.(db);
      onMigration({
        phase: 'starting',
        version,
        description,
        ...(rows !== undefined ? { rowsToRewrite: rows } : {}),
      });
    }
    const started = performance.now();
    db.transaction(() => {
      db.exec(migration.sql);
      record.run(version, description, now);
    })();
    if (tell) onMigration({ phase: 'done', version, description, ms: performance.now() - started });
  }
  return Math.max(current, latest);
}
