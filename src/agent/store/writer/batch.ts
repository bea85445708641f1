// One write transaction: a batch of spans, logs and metric samples. Used on whichever thread owns the
// writing connection (the writer thread, or the main thread in inline mode).
import type { SpanRecord } from '../../intake/otlp/model';
import type { LogRecord } from '../../logs/record';
import type { Database } from '../sqlite';
import { LogWriter, type LogWriterStats } from './logs';
import type { MetricBatch } from './metric-batch';
import { MetricWriter, type MetricWriterStats } from './metrics';
import type { RollupStats } from './rollups';
import { SpanWriter, type SpanWriterStats } from './spans';

export interface WriteBatch {
  spans: SpanRecord[];
  logs: LogRecord[];
  /**
   * Encoded for the trip to the writer thread (see metric-batch.ts), as the store queued them: several
   * batches, so queued columns travel as they are instead of being copied into one.
   */
  metrics: MetricBatch[];
}

export interface WriterStatsSnapshot {
  metrics: MetricWriterStats & RollupStats & { series: number };
  logs: LogWriterStats;
  spans: SpanWriterStats;
}

export interface WriteResult {
  ok: boolean;
  /** Records in the batch (written when ok, lost otherwise). */
  records: { spans: number; logs: number; metrics: number };
  ms: number;
  error?: string;
  stats: WriterStatsSnapshot;
}

/** Metric samples in a write batch. */
export function metricCount(batch: WriteBatch): number {
  return batch.metrics.reduce((sum, metrics) => sum + metrics.count, 0);
}

export interface BatchWriterLimits {
  maxSeries: number;
  maxMessageChars: number;
  maxJsonChars: number;
}

export class BatchWriter {
  private readonly metricWriter: MetricWriter;
  private readonly logWriter: LogWriter;
  private readonly spanWriter: SpanWriter;
  private readonly transaction: (batch: WriteBatch) => void;

  constructor(
    private readonly db: Database,
    limits: BatchWriterLimits,
  ) {
    this.metricWriter = new MetricWriter(db, limits.maxSeries);
    this.logWriter = new LogWriter(db, limits.maxMessageChars, limits.maxJsonChars);
    this.spanWriter = new SpanWriter(db, limits.maxJsonChars);
    this.transaction = db.transaction((batch: WriteBatch) => {
      if (batch.spans.length > 0) this.spanWriter.write(batch.spans);
      if (batch.logs.length > 0) this.logWriter.write(batch.logs);
      for (const metrics of batch.metrics) if (metrics.count > 0) this.metricWriter.write(metrics);
    });
  }

  /** Never throws: a failed transaction is rolled back and reported. */
  write(batch: WriteBatch): WriteResult {
    const started = performance.now();
    const records = { spans: batch.spans.length, logs: batch.logs.length, metrics: metricCount(batch) };
    try {
      this.transaction(batch);
      const ms = performance.now() - started;
      // After the batch's transaction, in one of its own; timed apart (stats().metrics.rollupLastMs).
      this.rollUp(Date.now() / 1000);
      return { ok: true, records, ms, stats: this.stats() };
    } catch (error) {
      // Ids cached during the rolled-back transaction point at rows that do not exist.
      this.resetCaches();
      return {
        ok: false,
        records,
        ms: performance.now() - started,
        error: error instanceof Error ? error.message : String(error),
        stats: this.stats(),
      };
    }
  }

  /**
   * Rolls up the minutes now due (see rollups.ts), and every point before `floorSeconds`. Never throws: a
   * failure is counted and the minutes stay raw, to be rolled up by the next call.
   */
  rollUp(nowSeconds: number, floorSeconds?: number): void {
    try {
      this.metricWriter.rollups.rollUp(nowSeconds, floorSeconds);
    } catch {
      this.metricWriter.rollups.failed();
    }
  }

  /** After retention deleted series or resources the caches may name. */
  resetCaches(): void {
    this.metricWriter.reset(this.db);
    this.spanWriter.reset();
  }

  stats(): WriterStatsSnapshot {
    return {
      metrics: {
        ...this.metricWriter.stats,
        ...this.metricWriter.rollups.stats,
        series: this.metricWriter.series,
      },
      logs: { ...this.logWriter.stats },
      spans: { ...this.spanWriter.stats },
    };
  }
}
