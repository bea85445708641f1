// Who performs the writes. The store queues records on the main thread; a backend turns batches into
// transactions. `ThreadBackend` (files): a worker thread with its own connection, so SQLite's write time,
// FTS indexing and checkpoint fsyncs never hold the agent's event loop. `InlineBackend` (':memory:', which
// one connection cannot share with a thread, and the fallback should the thread fail): the main thread.
import type { RetentionOptions } from '../options';
import { RetentionJob, type RetentionReport } from '../retention';
import type { Database } from '../sqlite';
import {
  BatchWriter,
  type BatchWriterLimits,
  type WriteBatch,
  type WriteResult,
  type WriterStatsSnapshot,
} from './batch';

export interface WriterBackend {
  readonly kind: 'thread' | 'inline';
  /** A result now (inline) or later (thread). Never throws or rejects. */
  write(batch: WriteBatch): WriteResult | Promise<WriteResult>;
  /** One retention pass measured from `now`. */
  retention(now: number): Promise<RetentionReport>;
  close(): Promise<void>;
  /** The writers' counters (as of the last batch, for the thread). */
  writerStats(): WriterStatsSnapshot;
}

export interface BackendSettings {
  limits: BatchWriterLimits;
  retention: RetentionOptions;
  maxSizeBytes: number;
}

export class InlineBackend implements WriterBackend {
  readonly kind = 'inline';
  private readonly writer: BatchWriter;
  private readonly job: RetentionJob;
  private readonly rawRetentionSeconds: number;

  constructor(db: Database, settings: BackendSettings) {
    this.rawRetentionSeconds = settings.retention.metricsRawSeconds;
    this.writer = new BatchWriter(db, settings.limits);
    this.job = new RetentionJob(db, { retention: settings.retention, maxSizeBytes: settings.maxSizeBytes });
  }

  write(batch: WriteBatch): WriteResult {
    return this.writer.write(batch);
  }

  async retention(now: number): Promise<RetentionReport> {
    // Raw points are rolled up before retention may delete them.
    this.writer.rollUp(now / 1000, now / 1000 - this.rawRetentionSeconds);
    const report = await this.job.run(now);
    if (report.expired.metric_series > 0 || report.expired.span_resources > 0) this.writer.resetCaches();
    return report;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  writerStats(): WriterStatsSnapshot {
    return this.writer.stats();
  }
}
