// The agent's embedded store: one SQLite file (WAL mode) holding metric series and points, logs with
// full-text search, and spans.
//
// Intake never waits on it: `offer*` only queues (bounded; what does not fit is dropped and counted:
// new spans and logs are refused, metric samples make room by dropping queued batches at random, see
// writer/metric-queue.ts).
// Batches from the queue are written in transactions by a writer thread with its own connection, so
// SQLite's write time, FTS indexing and checkpoint fsyncs stay off the agent's event loop; at most two
// batches are in flight, the queue absorbs bursts. Queries run on the main thread's connection and see
// committed data (WAL readers do not block the writer). ':memory:' databases, which cannot be shared with
// a thread, are written inline, a few milliseconds at a time, yielding between transactions.
import { statSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { SpanRecord } from '../intake/otlp/model';
import type { LogRecord } from '../logs/record';
import type { MetricSample } from '../model';
import { isMemoryPath, openConnection } from './connection';
import { migrate } from './migrate';
import { resolveStoreOptions, type StoreOptions, type StoreOptionsInput } from './options';
import { StoreQueries } from './query';
import { emptyCounts, usedBytes, type DeletedCounts, type RetentionReport } from './retention';
import type { Database } from './sqlite';
import type { StoreStats } from './stats';
import { InlineBackend, type BackendSettings, type WriterBackend } from './writer/backend';
import type { WriteBatch, WriteResult } from './writer/batch';
import { MetricQueue } from './writer/metric-queue';
import { ChunkQueue } from './writer/queue';
import { logSizes, spanSizes } from './writer/record-size';
import { ThreadBackend } from './writer/thread-backend';

export const STORE_FILE_NAME = 'kinstrument.db';

/** Batches handed to the writer thread and not yet answered. */
const MAX_IN_FLIGHT = 2;

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

type RecordKind = 'spans' | 'logs';
type QueueItem<K extends RecordKind> = K extends 'spans' ? SpanRecord : LogRecord;

export class Store {
  readonly options: StoreOptions;
  readonly query: StoreQueries;
  private readonly db: Database;
  private backend: WriterBackend;
  private readonly settings: BackendSettings;
  private readonly queues = {
    spans: new ChunkQueue<SpanRecord>(),
    logs: new ChunkQueue<LogRecord>(),
    metrics: new MetricQueue(),
  };
  private readonly schemaVersion: number;
  private drainTimer: NodeJS.Timeout | undefined;
  private retentionTimer: NodeJS.Timeout | undefined;
  private drainScheduled = false;
  private readonly inFlight = new Set<Promise<void>>();
  private retentionRunning: Promise<RetentionReport> | undefined;
  private closing = false;
  private closed = false;
  private closingPromise: Promise<void> | undefined;
  private readonly counters = {
    offered: { spans: 0, logs: 0, metrics: 0 },
    dropped: { spans: 0, logs: 0, metrics: 0 },
    written: { spans: 0, logs: 0, metrics: 0 },
    droppedOnError: 0,
    writeErrors: 0,
    transactions: 0,
    lastBatchMs: 0,
    maxBatchMs: 0,
    totalWriteMs: 0,
    retentionRuns: 0,
    retentionErrors: 0,
    expired: emptyCounts(),
    evicted: emptyCounts(),
  };
  private lastWriteError: string | undefined;
  private writerThreadError: string | undefined;
  private lastRetention: RetentionReport | undefined;
  private lastRetentionError: string | undefined;

  constructor(input: StoreOptionsInput) {
    this.options = resolveStoreOptions(input);
    this.db = openConnection(this.options.path);
    try {
      this.schemaVersion = migrate(this.db, undefined, this.options.clock(), this.options.onMigration);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.settings = {
      limits: {
        maxSeries: this.options.maxSeries,
        maxMessageChars: this.options.maxMessageChars,
        maxJsonChars: this.options.maxJsonChars,
      },
      retention: this.options.retention,
      maxSizeBytes: this.options.maxSizeBytes,
    };
    const threaded = this.options.writer.thread && !isMemoryPath(this.options.path);
    this.backend = threaded
      ? new ThreadBackend(this.options.path, this.settings, (error) => this.writerThreadDied(error))
      : new InlineBackend(this.db, this.settings);
    this.query = new StoreQueries(this.db, { clock: this.options.clock });
  }

  /** How batches are written: 'thread' (files) or 'inline' (':memory:', or after the thread failed). */
  get writerMode(): 'thread' | 'inline' {
    return this.backend.kind;
  }

  /** Starts the drain and retention timers (unref'd: they never keep the process alive). */
  start(): this {
    if (this.closing || this.drainTimer !== undefined) return this;
    this.drainTimer = setInterval(() => this.drain(false), this.options.writer.intervalMs);
    this.drainTimer.unref();
    this.retentionTimer = setInterval(
      () => void this.runRetention().catch(() => undefined),
      this.options.retentionIntervalSeconds * 1000,
    );
    this.retentionTimer.unref();
    return this;
  }

  // Intake. Each returns how many records were refused because the queue was full (or the store closed).

  offerSpans(spans: readonly SpanRecord[]): number {
    return this.offer('spans', spans);
  }

  offerLogs(logs: readonly LogRecord[]): number {
    return this.offer('logs', logs);
  }

  /**
   * Queues the logs, waiting (polling every `pollMs`) while the queue is full instead of refusing them, for
   * sources that can wait: a tailed file is its own buffer, so its lines are read later rather than lost.
   * Resolves true once all are queued, false if the store closed first (the rest were not queued, and are
   * not counted as dropped: the caller still has them).
   */
  async offerLogsWaiting(logs: readonly LogRecord[], pollMs = 50): Promise<boolean> {
    let rest = logs;
    let sizes = logSizes(logs);
    for (;;) {
      const queued = this.enqueue('logs', rest, sizes);
      if (queued > 0) {
        this.counters.offered.logs += queued;
        rest = rest.slice(queued);
        sizes = sizes.slice(queued);
        if (rest.length === 0) return true;
      }
      if (this.closing || this.closed) return false;
      await sleep(pollMs);
    }
  }

  /**
   * Queues the samples, dropping queued batches at random if there is no room (see writer/metric-queue.ts);
   * returns how many samples this cost: queued ones dropped, plus any of these refused (only those past a
   * whole queue's worth, or all of them once the store is closing).
   */
  offerMetrics(samples: readonly MetricSample[]): number {
    if (samples.length === 0) return 0;
    this.counters.offered.metrics += samples.length;
    if (this.closing) {
      this.counters.dropped.metrics += samples.length;
      return samples.length;
    }
    const queue = this.queues.metrics;
    // Spans and logs keep their place: metric samples make room among themselves.
    const room = Math.max(0, this.options.writer.maxQueuedRecords - this.queuedObjects());
    const kept = Math.min(samples.length, room);
    const dropped = queue.makeRoom(queue.size + kept - room) + (samples.length - queue.push(samples, kept));
    this.counters.dropped.metrics += dropped;
    if (this.queuedRecords() >= this.options.writer.batchSize) this.scheduleDrain();
    return dropped;
  }

  /** Resolves once everything queued when called (and since) is written. In inline mode the writing is done before it returns. */
  async flush(): Promise<void> {
    for (;;) {
      this.drain(true);
      if (this.inFlight.size === 0) {
        if (this.queuedRecords() === 0 || this.closed) return;
        continue;
      }
      await Promise.all(this.inFlight);
    }
  }

  /** One retention pass (also run by the timer); concurrent calls share the pass in progress. */
  runRetention(): Promise<RetentionReport> {
    if (this.retentionRunning !== undefined) return this.retentionRunning;
    if (this.closing) return Promise.reject(new Error('the store is closed'));
    const running = this.backend
      .retention(this.options.clock())
      .then((report) => {
        this.counters.retentionRuns += 1;
        addCounts(this.counters.expired, report.expired);
        addCounts(this.counters.evicted, report.evicted);
        this.lastRetention = report;
        return report;
      })
      .catch((error: unknown) => {
        this.counters.retentionErrors += 1;
        this.lastRetentionError = errorText(error);
        throw error;
      })
      .finally(() => {
        this.retentionRunning = undefined;
      });
    this.retentionRunning = running;
    return running;
  }

  stats(): StoreStats {
    const files = this.fileSizes();
    const writer = this.backend.writerStats();
    return {
      path: this.options.path,
      schemaVersion: this.schemaVersion,
      writer: this.backend.kind,
      ...(this.writerThreadError === undefined ? {} : { writerThreadError: this.writerThreadError }),
      fileBytes: files.main,
      walBytes: files.wal,
      usedBytes: this.closed ? 0 : usedBytes(this.db),
      maxSizeBytes: this.options.maxSizeBytes,
      queue: {
        records: this.queuedRecords(),
        limit: this.options.writer.maxQueuedRecords,
        objectLimit: this.options.writer.maxQueuedObjects,
        objectBytes: this.queuedObjectBytes(),
        objectByteLimit: this.options.writer.maxQueuedObjectBytes,
        metricBytes: this.queues.metrics.bytes,
        byKind: {
          spans: this.queues.spans.size,
          logs: this.queues.logs.size,
          metrics: this.queues.metrics.size,
        },
        inFlightBatches: this.inFlight.size,
      },
      offered: { ...this.counters.offered },
      dropped: { ...this.counters.dropped },
      written: { ...this.counters.written },
      droppedOnError: this.counters.droppedOnError,
      writeErrors: this.counters.writeErrors,
      lastWriteError: this.lastWriteError,
      transactions: this.counters.transactions,
      lastBatchMs: this.counters.lastBatchMs,
      maxBatchMs: this.counters.maxBatchMs,
      totalWriteMs: this.counters.totalWriteMs,
      metrics: { ...writer.metrics, seriesLimit: this.options.maxSeries },
      logs: { ...writer.logs },
      spans: { ...writer.spans },
      retention: {
        runs: this.counters.retentionRuns,
        errors: this.counters.retentionErrors,
        lastError: this.lastRetentionError,
        expired: { ...this.counters.expired },
        evicted: { ...this.counters.evicted },
        last: this.lastRetention,
        settings: { ...this.options.retention },
      },
    };
  }

  /** Writes what is queued, stops the timers, the writer thread and closes the database. Idempotent. */
  close(): Promise<void> {
    this.closingPromise ??= this.shutdown();
    return this.closingPromise;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.drainTimer);
    clearInterval(this.retentionTimer);
    this.drainTimer = undefined;
    this.retentionTimer = undefined;
    await this.flush();
    this.closing = true;
    await this.retentionRunning?.catch(() => undefined);
    await this.backend.close();
    this.closed = true;
    try {
      if (!this.db.memory) this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // a reader still holds the log; it is checkpointed next time the file is opened
    }
    this.db.close();
  }

  /** Spans and logs: what does not fit is refused (each record is its own, no series is hit every time). */
  private offer<K extends RecordKind>(kind: K, records: readonly QueueItem<K>[]): number {
    if (records.length === 0) return 0;
    this.counters.offered[kind] += records.length;
    const sizes =
      kind === 'spans'
        ? spanSizes(records as readonly SpanRecord[])
        : logSizes(records as readonly LogRecord[]);
    const refused = records.length - this.enqueue(kind, records, sizes);
    this.counters.dropped[kind] += refused;
    return refused;
  }

  /** Queues the records that fit, from the front; returns how many. */
  private enqueue<K extends RecordKind>(
    kind: K,
    records: readonly QueueItem<K>[],
    sizes: readonly number[],
  ): number {
    const queue = this.queues[kind] as ChunkQueue<QueueItem<K>>;
    const queued = queue.push(records, sizes, this.roomForRecords(), this.objectByteRoom());
    if (this.queuedRecords() >= this.options.writer.batchSize) this.scheduleDrain();
    return queued;
  }

  /** Spans or logs that fit in the queue now, by count (0 while closing, or when their bytes are at the bound). */
  roomForRecords(): number {
    if (this.closing || this.objectByteRoom() <= 0) return 0;
    const { maxQueuedRecords, maxQueuedObjects } = this.options.writer;
    return Math.max(
      0,
      Math.min(maxQueuedRecords - this.queuedRecords(), maxQueuedObjects - this.queuedObjects()),
    );
  }

  private objectByteRoom(): number {
    return this.options.writer.maxQueuedObjectBytes - this.queuedObjectBytes();
  }

  /** The approximate heap bytes of the queued spans and logs. */
  private queuedObjectBytes(): number {
    return this.queues.spans.bytes + this.queues.logs.bytes;
  }

  private queuedRecords(): number {
    return this.queuedObjects() + this.queues.metrics.size;
  }

  /** Spans and logs, queued as objects (metric samples are queued as columns). */
  private queuedObjects(): number {
    return this.queues.spans.size + this.queues.logs.size;
  }

  private scheduleDrain(): void {
    if (this.drainScheduled || this.closing || this.drainTimer === undefined) return;
    this.drainScheduled = true;
    setImmediate(() => {
      this.drainScheduled = false;
      this.drain(false);
    });
  }

  /**
   * Hands batches to the backend: to the thread while fewer than MAX_IN_FLIGHT are unanswered; inline until
   * the tick's time budget is spent (unless `everything`), then yields and continues on the next turn.
   */
  private drain(everything: boolean): void {
    const started = performance.now();
    while (!this.closed && this.queuedRecords() > 0 && this.inFlight.size < MAX_IN_FLIGHT) {
      const batch = this.takeBatch();
      const result = this.backend.write(batch);
      if (result instanceof Promise) {
        const settled: Promise<void> = result.then((answer) => {
          this.inFlight.delete(settled);
          this.record(answer);
          if (this.queuedRecords() > 0) this.scheduleDrain();
        });
        this.inFlight.add(settled);
        continue;
      }
      this.record(result);
      if (!everything && performance.now() - started >= this.options.writer.tickBudgetMs) break;
    }
    if (!everything && this.queuedRecords() > 0 && this.inFlight.size < MAX_IN_FLIGHT) this.scheduleDrain();
  }

  /**
   * Up to `batchSize` records (`threadBatchSize` for the thread), shared fairly between the kinds waiting;
   * metrics fill up to `metricBatchSize` for the thread (inline, where a transaction holds the event loop,
   * batches stay at `batchSize`).
   */
  private takeBatch(): WriteBatch {
    const onThread = this.backend.kind === 'thread';
    const size = onThread ? this.options.writer.threadBatchSize : this.options.writer.batchSize;
    const waiting = (['spans', 'logs', 'metrics'] as const).filter(
      (kind) => this.queues[kind].size > 0,
    ).length;
    const share = Math.max(1, Math.floor(size / Math.max(1, waiting)));
    const spans = this.queues.spans.take(share);
    const logs = this.queues.logs.take(share);
    const metricSize = onThread ? Math.max(size, this.options.writer.metricBatchSize) : size;
    const metrics = this.queues.metrics.take(Math.max(share, metricSize - spans.length - logs.length));
    return { spans, logs, metrics };
  }

  private record(result: WriteResult): void {
    const { spans, logs, metrics } = result.records;
    if (result.ok) {
      this.counters.written.spans += spans;
      this.counters.written.logs += logs;
      this.counters.written.metrics += metrics;
    } else {
      // Disk full, I/O error, a bug: this batch is lost (counted); the store carries on with the next.
      this.counters.writeErrors += 1;
      this.counters.droppedOnError += spans + logs + metrics;
      this.lastWriteError = result.error;
    }
    this.counters.transactions += 1;
    this.counters.lastBatchMs = result.ms;
    this.counters.maxBatchMs = Math.max(this.counters.maxBatchMs, result.ms);
    this.counters.totalWriteMs += result.ms;
  }

  /** The thread failed: keep storing, on the main thread. */
  private writerThreadDied(error: string): void {
    this.writerThreadError = error;
    if (this.closing) return;
    this.backend = new InlineBackend(this.db, this.settings);
  }

  private fileSizes(): { main: number; wal: number } {
    if (isMemoryPath(this.options.path)) return { main: 0, wal: 0 };
    const size = (file: string): number => {
      try {
        return statSync(file).size;
      } catch {
        return 0;
      }
    };
    return { main: size(this.options.path), wal: size(`${this.options.path}-wal`) };
  }
}

function addCounts(into: DeletedCounts, add: DeletedCounts): void {
  for (const key of Object.keys(into) as (keyof DeletedCounts)[]) into[key] += add[key];
}

/** Opens (creating and migrating if needed) and starts a store. */
export function openStore(options: StoreOptionsInput): Store {
  return new Store(options).start();
}
