// Retention: deletes data older than each kind's maximum age, then, when the database is larger than its
// size limit, the oldest data of every kind (all cut at the same age) until it fits again, with 10%
// headroom so it does not run on every pass. Work is done in chunks of rows, each its own short transaction, yielding to the event loop
// between chunks so intake and queries keep flowing; a pass stops after its time budget and the next pass
// carries on.
//
// Space: the database is created with auto_vacuum=INCREMENTAL, so after deleting, `incremental_vacuum`
// returns the freed pages to the file system and a TRUNCATE checkpoint empties the write-ahead log. A full
// VACUUM (which rewrites the whole file and needs as much free disk again) is never run automatically.
import type { RetentionOptions } from './options';
import { pragmaNumber, type Database, type Statement } from './sqlite';

export const RETAINED_TABLES = [
  'metric_points',
  'metric_rollup_1m',
  'metric_rollup_1h',
  'logs',
  'spans',
] as const;
export type RetainedTable = (typeof RETAINED_TABLES)[number];

export type DeletedCounts = Record<
  RetainedTable | 'metric_series' | 'span_resources' | 'span_operations',
  number
>;

export interface RetentionReport {
  /** Rows deleted because they were older than their kind's retention. */
  expired: DeletedCounts;
  /** Rows deleted (oldest first) to bring the database under its size limit. */
  evicted: DeletedCounts;
  sizeBeforeBytes: number;
  sizeAfterBytes: number;
  durationMs: number;
  /** The pass ran out of its time budget; the next one continues. */
  incomplete: boolean;
}

export interface RetentionJobOptions {
  retention: RetentionOptions;
  maxSizeBytes: number;
  /** Rows per delete transaction. */
  chunkRows?: number;
  /** Longest a pass may run. */
  timeBudgetMs?: number;
}

interface TableSpec {
  table: RetainedTable;
  retentionKey: keyof RetentionOptions;
  /** The time column, and how to turn milliseconds into its unit. */
  column: string;
  fromMs: (ms: number) => number | bigint;
  /** Oldest row's time in milliseconds. */
  oldest: Statement;
  deleteOlder: Statement;
}

const SIZE_HEADROOM = 0.9;
const SIZE_SLICE = 0.02;
const RESOURCE_SWEEP_INTERVAL_MS = 3_600_000;

export function emptyCounts(): DeletedCounts {
  return {
    metric_points: 0,
    metric_rollup_1m: 0,
    metric_rollup_1h: 0,
    logs: 0,
    spans: 0,
    metric_series: 0,
    span_resources: 0,
    span_operations: 0,
  };
}

/** Bytes in use: pages holding data (free pages excluded), i.e. what the file shrinks to after vacuuming. */
export function usedBytes(db: Database): number {
  return (
    (pragmaNumber(db, 'page_count') - pragmaNumber(db, 'freelist_count')) * pragmaNumber(db, 'page_size')
  );
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class RetentionJob {
  private readonly specs: TableSpec[];
  private readonly chunkRows: number;
  private readonly timeBudgetMs: number;
  private readonly deleteSeriesTags: Statement;
  private readonly deleteSeries: Statement;
  private readonly sweepResources: Statement;
  private readonly deleteOperations: Statement;
  private lastResourceSweep = 0;

  constructor(
    private readonly db: Database,
    private readonly options: RetentionJobOptions,
  ) {
    this.chunkRows = options.chunkRows ?? 5_000;
    this.timeBudgetMs = options.timeBudgetMs ?? 2_000;
    const seconds = (ms: number): number => Math.floor(ms / 1000);
    const nanos = (ms: number): bigint => BigInt(Math.floor(ms)) * 1_000_000n;
    const spec = (
      table: RetainedTable,
      retentionKey: keyof RetentionOptions,
      column: string,
      fromMs: (ms: number) => number | bigint,
      toMsSql: string,
      key: string,
    ): TableSpec => ({
      table,
      retentionKey,
      column,
      fromMs,
      oldest: db.prepare(
        `SELECT ${toMsSql} AS ms FROM (SELECT MIN(${column}) AS t FROM ${table}) WHERE t IS NOT NULL`,
      ),
      // Chunked through the time index: `key IN (oldest N)`.
      deleteOlder: db.prepare(
        `DELETE FROM ${table} WHERE (${key}) IN (SELECT ${key} FROM ${table} WHERE ${column} < ? ORDER BY ${column} LIMIT ?)`,
      ),
    });
    this.specs = [
      spec('metric_points', 'metricsRawSeconds', 'ts', seconds, 't * 1000', 'ts, series_id'),
      spec('metric_rollup_1m', 'metrics1mSeconds', 'ts', seconds, 't * 1000', 'series_id, ts'),
      spec('metric_rollup_1h', 'metrics1hSeconds', 'ts', seconds, 't * 1000', 'series_id, ts'),
      spec('logs', 'logsSeconds', 'ts', (ms) => Math.floor(ms), 't', 'id'),
      spec('spans', 'tracesSeconds', 'start_ns', nanos, 't / 1000000', 'id'),
    ];
    this.deleteSeriesTags = db.prepare(
      'DELETE FROM metric_series_tags WHERE series_id IN (SELECT id FROM metric_series WHERE last_seen < ?)',
    );
    this.deleteSeries = db.prepare('DELETE FROM metric_series WHERE last_seen < ?');
    this.sweepResources = db.prepare(
      'DELETE FROM span_resources WHERE id NOT IN (SELECT DISTINCT resource_id FROM spans)',
    );
    this.deleteOperations = db.prepare('DELETE FROM span_operations WHERE last_seen_ns < ?');
  }

  usedBytes(): number {
    return usedBytes(this.db);
  }

  /** One pass; `now` (ms since the epoch) is the clock retention ages are measured from. */
  async run(now: number): Promise<RetentionReport> {
    const started = now;
    const passStarted = Date.now();
    const deadline = Date.now() + this.timeBudgetMs;
    const outOfTime = (): boolean => Date.now() > deadline;
    const report: RetentionReport = {
      expired: emptyCounts(),
      evicted: emptyCounts(),
      sizeBeforeBytes: this.usedBytes(),
      sizeAfterBytes: 0,
      durationMs: 0,
      incomplete: false,
    };

    // 1. Age.
    for (const spec of this.specs) {
      const cutoff = spec.fromMs(started - this.options.retention[spec.retentionKey] * 1000);
      for (;;) {
        const { changes } = spec.deleteOlder.run(cutoff, this.chunkRows);
        report.expired[spec.table] += changes;
        if (changes < this.chunkRows) break;
        if (outOfTime()) {
          report.incomplete = true;
          break;
        }
        await yieldToEventLoop();
      }
    }
    // Series that have not reported for longer than any metric data is kept have nothing left to show.
    const longest = Math.max(
      this.options.retention.metricsRawSeconds,
      this.options.retention.metrics1mSeconds,
      this.options.retention.metrics1hSeconds,
    );
    const seriesCutoff = Math.floor(started / 1000) - longest;
    this.db.transaction(() => {
      this.deleteSeriesTags.run(seriesCutoff);
      report.expired.metric_series += this.deleteSeries.run(seriesCutoff).changes;
    })();

    report.expired.span_operations += this.deleteOperations.run(
      BigInt(Math.floor(started - this.options.retention.tracesSeconds * 1000)) * 1_000_000n,
    ).changes;

    // 2. Size: cut every kind at the same age, in slices of the remaining history (2%, at least a second),
    // until the data fits. Slicing by time rather than by row count keeps oldest-first true across kinds
    // (a chunk of rows from one small table could reach far into the recent past).
    if (this.options.maxSizeBytes > 0 && this.usedBytes() > this.options.maxSizeBytes) {
      const target = this.options.maxSizeBytes * SIZE_HEADROOM;
      evicting: while (this.usedBytes() > target) {
        const oldest = this.oldestMs();
        if (oldest === undefined) break;
        const cutoff = oldest + Math.max(1000, (started - oldest) * SIZE_SLICE);
        for (const spec of this.specs) {
          for (;;) {
            const { changes } = spec.deleteOlder.run(spec.fromMs(cutoff), this.chunkRows);
            report.evicted[spec.table] += changes;
            if (outOfTime()) {
              report.incomplete = true;
              break evicting;
            }
            if (changes < this.chunkRows) break;
            await yieldToEventLoop();
          }
        }
        await yieldToEventLoop();
      }
    }

    // 3. Resources no span refers to any more (a full scan of spans: at most hourly).
    if (
      report.expired.spans + report.evicted.spans > 0 &&
      started - this.lastResourceSweep > RESOURCE_SWEEP_INTERVAL_MS
    ) {
      this.lastResourceSweep = started;
      report.expired.span_resources += this.sweepResources.run().changes;
    }

    if (
      Object.values(report.expired).some((n) => n > 0) ||
      Object.values(report.evicted).some((n) => n > 0)
    ) {
      this.reclaimSpace();
    }
    report.sizeAfterBytes = this.usedBytes();
    report.durationMs = Date.now() - passStarted;
    return report;
  }

  /** Returns free pages to the file system and empties the write-ahead log. */
  reclaimSpace(): void {
    try {
      this.db.pragma('incremental_vacuum');
      if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // Busy (a reader holds the log): the next pass tries again.
    }
  }

  /** The oldest row's time across all kinds, in milliseconds. */
  private oldestMs(): number | undefined {
    let oldest: number | undefined;
    for (const spec of this.specs) {
      const row = spec.oldest.get();
      if (row === undefined || row.ms === null) continue;
      const ms = Number(row.ms);
      if (oldest === undefined || ms < oldest) oldest = ms;
    }
    return oldest;
  }
}
