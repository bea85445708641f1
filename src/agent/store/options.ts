// Store settings and their defaults. Durations are in seconds, sizes in bytes.
import type { MigrationEvent } from './migrate';

export interface RetentionOptions {
  /** Raw metric points (one per flush interval). */
  metricsRawSeconds: number;
  /** Per-minute metric rollups. */
  metrics1mSeconds: number;
  /** Per-hour metric rollups. */
  metrics1hSeconds: number;
  logsSeconds: number;
  tracesSeconds: number;
}

export interface WriterOptions {
  /** Write on a worker thread (files only; ':memory:' is always written inline). Default true. */
  thread: boolean;
  /**
   * Records waiting to be written, all kinds together (a metric sample is a record); past it, new spans
   * and logs are refused and metric samples make room by dropping queued ones (at random), all counted.
   */
  maxQueuedRecords: number;
  /**
   * Of those, spans and logs at most. They wait as objects (hundreds of bytes to kilobytes each), metric
   * samples as ~29 bytes of columns, so the bound that suits a flush of metric samples would let spans and
   * logs take far more memory.
   */
  maxQueuedObjects: number;
  /**
   * And their approximate heap bytes at most (writer/record-size.ts): a count alone would let large records
   * (64 KiB log messages, spans with big attributes) take gigabytes.
   */
  maxQueuedObjectBytes: number;
  /** Records written per transaction when writing inline, where a transaction holds the event loop. */
  batchSize: number;
  /**
   * Spans and logs written per transaction on the writer thread, which holds nothing up. Larger than
   * `batchSize` because every commit writes the pages it dirtied, the indexes' right-hand ends among them,
   * again: 2,000 wrote 14–19 % more logs and 2–12 % more spans a second than 500 (bench/FINDINGS.md,
   * item 33).
   */
  threadBatchSize: number;
  /**
   * Metric samples written per transaction (when metrics wait). Larger than `batchSize` because a flush
   * brings one sample per series at once, each touching other B-tree pages: a commit writes every page it
   * dirtied to the log, so few large transactions write each page once instead of once per small one.
   * Queued batches go whole (see writer/metric-queue.ts): the default takes two of the aggregator's
   * 4,096-sample chunks.
   */
  metricBatchSize: number;
  /** How often the queue is drained even when it holds less than a batch. */
  intervalMs: number;
  /**
   * Longest a drain may hold the event loop (whole transactions: it stops after the one that crosses it),
   * then yields so intake and queries keep flowing; the rest is written on the next turn.
   */
  tickBudgetMs: number;
}

export interface StoreOptions {
  /** The database file (`<run_path>/kinstrument.db`), or ':memory:'. Its directory is created if needed. */
  path: string;
  retention: RetentionOptions;
  /**
   * Largest size of the database (main file plus write-ahead log); past it the oldest data of any kind is
   * deleted first. 0 disables the limit.
   */
  maxSizeBytes: number;
  writer: WriterOptions;
  /** How often retention runs. */
  retentionIntervalSeconds: number;
  /** Metric series kept at most; samples that would open more are dropped and counted. */
  maxSeries: number;
  /** Longer log messages are cut (and counted). */
  maxMessageChars: number;
  /** Attribute/event/link JSON longer than this is replaced by a marker (and counted). */
  maxJsonChars: number;
  /** Milliseconds since the epoch; injectable for tests. */
  clock: () => number;
  /** Told before and after each schema migration applied to an existing file (some rewrite a table: minutes). */
  onMigration: (event: MigrationEvent) => void;
}

const DAY = 86_400;

export const DEFAULT_RETENTION: RetentionOptions = {
  metricsRawSeconds: 1 * DAY,
  metrics1mSeconds: 7 * DAY,
  metrics1hSeconds: 90 * DAY,
  logsSeconds: 7 * DAY,
  tracesSeconds: 7 * DAY,
};

export const DEFAULT_WRITER: WriterOptions = {
  thread: true,
  // One flush of 100,000 contexts (the aggregator's default limit) even if all were distributions (10
  // samples each); ~3 flushes of the benchmark's mix at that many, ~6 at 50,000. ≤ ~30 MB when full.
  maxQueuedRecords: 1_000_000,
  // What the whole queue held before metric samples were queued as columns.
  maxQueuedObjects: 100_000,
  // ~140,000 of the benchmark's spans (~965 bytes each, estimated), so the count binds first for spans like
  // those; ~2,000 log records with the largest message (64 KiB).
  maxQueuedObjectBytes: 128 * 1024 * 1024,
  batchSize: 500,
  threadBatchSize: 2_000,
  metricBatchSize: 8_192,
  intervalMs: 250,
  tickBudgetMs: 20,
};

export const DEFAULT_STORE_OPTIONS: Omit<StoreOptions, 'path'> = {
  retention: DEFAULT_RETENTION,
  maxSizeBytes: 1024 * 1024 * 1024,
  writer: DEFAULT_WRITER,
  retentionIntervalSeconds: 60,
  maxSeries: 500_000,
  maxMessageChars: 64 * 1024,
  maxJsonChars: 64 * 1024,
  clock: () => Date.now(),
  onMigration: () => undefined,
};

export type StoreOptionsInput = { path: string } & Partial<
  Omit<StoreOptions, 'path' | 'retention' | 'writer'>
> & {
    retention?: Partial<RetentionOptions>;
    writer?: Partial<WriterOptions>;
  };

export function resolveStoreOptions(input: StoreOptionsInput): StoreOptions {
  const options: StoreOptions = {
    ...DEFAULT_STORE_OPTIONS,
    ...stripUndefined(input),
    path: input.path,
    retention: { ...DEFAULT_RETENTION, ...stripUndefined(input.retention ?? {}) },
    writer: { ...DEFAULT_WRITER, ...stripUndefined(input.writer ?? {}) },
  };
  const problems: string[] = [];
  for (const [key, value] of Object.entries(options.retention)) {
    if (!(Number.isFinite(value) && value > 0))
      problems.push(`retention.${key} must be a positive number of seconds`);
  }
  const positiveIntegers: [string, number][] = [
    ['writer.maxQueuedRecords', options.writer.maxQueuedRecords],
    ['writer.maxQueuedObjects', options.writer.maxQueuedObjects],
    ['writer.maxQueuedObjectBytes', options.writer.maxQueuedObjectBytes],
    ['writer.batchSize', options.writer.batchSize],
    ['writer.threadBatchSize', options.writer.threadBatchSize],
    ['writer.metricBatchSize', options.writer.metricBatchSize],
    ['maxSeries', options.maxSeries],
    ['maxMessageChars', options.maxMessageChars],
    ['maxJsonChars', options.maxJsonChars],
  ];
  for (const [key, value] of positiveIntegers) {
    if (!(Number.isInteger(value) && value > 0)) problems.push(`${key} must be a positive integer`);
  }
  if (!(options.writer.intervalMs > 0)) problems.push('writer.intervalMs must be positive');
  if (!(options.writer.tickBudgetMs > 0)) problems.push('writer.tickBudgetMs must be positive');
  if (!(options.retentionIntervalSeconds > 0)) problems.push('retentionIntervalSeconds must be positive');
  if (!(options.maxSizeBytes >= 0)) problems.push('maxSizeBytes must be 0 (no limit) or positive');
  if (problems.length > 0) throw new Error(`store: ${problems.join('; ')}`);
  return options;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
