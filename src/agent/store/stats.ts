// The store's counters, for `kinstrument status` and the API.
import type { RetentionOptions } from './options';
import type { DeletedCounts, RetentionReport } from './retention';
import type { WriterStatsSnapshot } from './writer/batch';

export type WriteKind = 'spans' | 'logs' | 'metrics';

export interface StoreStats {
  path: string;
  schemaVersion: number;
  /** Where batches are written: a worker thread, or inline on the main thread. */
  writer: 'thread' | 'inline';
  /** Why the writer thread stopped (the store then writes inline). */
  writerThreadError?: string;
  fileBytes: number;
  walBytes: number;
  /** Pages in use × page size: what the file holds once free pages are returned. */
  usedBytes: number;
  maxSizeBytes: number;
  queue: {
    records: number;
    /** All kinds together (metric samples make room by dropping queued ones). */
    limit: number;
    /** Spans and logs at most. */
    objectLimit: number;
    /** Their approximate heap bytes (writer/record-size.ts), and the bound on them. */
    objectBytes: number;
    objectByteLimit: number;
    /** Memory held by the queued metric samples (columns, see writer/metric-queue.ts). */
    metricBytes: number;
    byKind: Record<WriteKind, number>;
    inFlightBatches: number;
  };
  /** Records handed to `offer*`. */
  offered: Record<WriteKind, number>;
  /** Lost because the queue was full: spans and logs refused, metric samples refused or dropped from the queue. */
  dropped: Record<WriteKind, number>;
  /** Committed to the database. */
  written: Record<WriteKind, number>;
  /** Lost with a failed transaction. */
  droppedOnError: number;
  writeErrors: number;
  lastWriteError: string | undefined;
  transactions: number;
  lastBatchMs: number;
  /** The longest transaction (on the writer thread; inline, the longest the event loop was held). */
  maxBatchMs: number;
  totalWriteMs: number;
  metrics: WriterStatsSnapshot['metrics'] & { seriesLimit: number };
  logs: WriterStatsSnapshot['logs'];
  spans: WriterStatsSnapshot['spans'];
  retention: {
    runs: number;
    errors: number;
    lastError: string | undefined;
    /** Rows deleted for age, since start. */
    expired: DeletedCounts;
    /** Rows deleted for the size limit, since start. */
    evicted: DeletedCounts;
    last: RetentionReport | undefined;
    settings: RetentionOptions;
  };
}
