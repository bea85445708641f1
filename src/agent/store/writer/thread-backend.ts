// The main thread's side of the writer thread: sends batches, matches answers, and reports a dead thread
// so the store can fall back to writing inline. The thread keeps the process alive only while it has work.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { RetentionReport } from '../retention';
import type { BackendSettings, WriterBackend } from './backend';
import { metricCount, type WriteBatch, type WriteResult, type WriterStatsSnapshot } from './batch';
import type { FromWriter, ToWriter, WriterThreadData } from './messages';
import { metricBatchBuffers } from './metric-batch';
// The worker loads the thread's entry by path; importing it here makes every build emit it next to this
// file (on the main thread the module does nothing).
import './thread';

type Pending =
  | { type: 'write'; batch: WriteBatch; resolve: (result: WriteResult) => void }
  | { type: 'retention'; resolve: (report: RetentionReport) => void; reject: (error: Error) => void }
  | { type: 'close'; resolve: () => void };

const WRITER_YOUNG_GENERATION_MB = 8;

const EMPTY_STATS: WriterStatsSnapshot = {
  metrics: {
    points: 0,
    seriesCreated: 0,
    droppedSeriesLimit: 0,
    droppedInvalidValue: 0,
    rollupRuns: 0,
    rollupLastMs: 0,
    rollupLatePoints: 0,
    rollupFailures: 0,
    series: 0,
  },
  logs: { records: 0, truncatedMessages: 0, truncatedAttributes: 0 },
  spans: { spans: 0, duplicates: 0, truncatedJson: 0 },
};

export class ThreadBackend implements WriterBackend {
  readonly kind = 'thread';
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private dead: string | undefined;
  private lastStats: WriterStatsSnapshot = EMPTY_STATS;

  /** `onDeath` is called once if the thread fails; work in flight is reported lost. */
  constructor(
    path: string,
    settings: BackendSettings,
    private readonly onDeath: (error: string) => void,
  ) {
    const data: WriterThreadData & { kinstrumentStoreWriter: true } = {
      ...settings,
      path,
      kinstrumentStoreWriter: true,
    };
    this.worker = new Worker(join(__dirname, 'thread.js'), {
      workerData: data,
      // The thread allocates little per batch (metric columns arrive in transferred buffers), so a small
      // young generation is enough; V8's default lets it grow to tens of MB of RSS between scavenges.
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    this.worker.unref();
    this.worker.on('message', (message: FromWriter) => this.receive(message));
    this.worker.on('error', (error) => this.die(error.message));
    this.worker.on('exit', (code) => this.die(`writer thread exited (code ${code})`));
  }

  /** The writer's counters as of its last answer. */
  writerStats(): WriterStatsSnapshot {
    return this.lastStats;
  }

  write(batch: WriteBatch): Promise<WriteResult> {
    return new Promise((resolve) => {
      if (this.dead !== undefined) {
        resolve(lost(batch, this.dead, this.lastStats));
        return;
      }
      this.send({ id: this.nextId++, type: 'write', batch }, { type: 'write', batch, resolve });
    });
  }

  retention(now: number): Promise<RetentionReport> {
    return new Promise((resolve, reject) => {
      if (this.dead !== undefined) {
        reject(new Error(this.dead));
        return;
      }
      this.send({ id: this.nextId++, type: 'retention', now }, { type: 'retention', resolve, reject });
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.dead !== undefined) {
        resolve();
        return;
      }
      this.send({ id: this.nextId++, type: 'close' }, { type: 'close', resolve });
    });
  }

  private send(message: ToWriter, pending: Pending): void {
    this.pending.set(message.id, pending);
    this.worker.ref();
    // A batch's metric columns are moved, not copied: the store does not read them again.
    this.worker.postMessage(
      message,
      message.type === 'write' ? message.batch.metrics.flatMap(metricBatchBuffers) : [],
    );
  }

  private receive(message: FromWriter): void {
    if (message.type === 'ready') return;
    if (message.type === 'fatal') {
      this.die(message.error);
      return;
    }
    const pending = this.pending.get(message.id);
    if (pending === undefined) return;
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker.unref();
    if (message.type === 'written' && pending.type === 'write') {
      this.lastStats = message.result.stats;
      pending.resolve(message.result);
    } else if (message.type === 'retained' && pending.type === 'retention') pending.resolve(message.report);
    else if (message.type === 'failed' && pending.type === 'retention')
      pending.reject(new Error(message.error));
    else if (message.type === 'closed' && pending.type === 'close') {
      this.dead = 'closed';
      pending.resolve();
    }
  }

  private die(error: string): void {
    if (this.dead !== undefined) return;
    this.dead = error;
    for (const pending of this.pending.values()) {
      if (pending.type === 'write') pending.resolve(lost(pending.batch, error, this.lastStats));
      else if (pending.type === 'retention') pending.reject(new Error(error));
      else pending.resolve();
    }
    this.pending.clear();
    this.onDeath(error);
  }
}

function lost(batch: WriteBatch, error: string, stats: WriterStatsSnapshot): WriteResult {
  return {
    ok: false,
    records: { spans: batch.spans.length, logs: batch.logs.length, metrics: metricCount(batch) },
    ms: 0,
    error,
    stats,
  };
}
