// The agent's embedded store (SQLite): metrics, logs with full-text search, spans; retention; queries.
export { migrate, StoreSchemaError, type MigrationEvent } from './migrate';
export {
  DEFAULT_RETENTION,
  DEFAULT_STORE_OPTIONS,
  DEFAULT_WRITER,
  resolveStoreOptions,
  type RetentionOptions,
  type StoreOptions,
  type StoreOptionsInput,
  type WriterOptions,
} from './options';
export * from './query';
export {
  emptyCounts,
  RETAINED_TABLES,
  type DeletedCounts,
  type RetainedTable,
  type RetentionReport,
} from './retention';
export { MIGRATIONS, type Migration } from './schema';
export { StoreSink, storeOtlpSink } from './sinks';
export type { StoreStats, WriteKind } from './stats';
export { formatStoreStatus } from './status';
export { openStore, Store, STORE_FILE_NAME } from './store';
