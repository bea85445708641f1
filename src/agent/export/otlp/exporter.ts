// Forwards traces, logs and metrics to an upstream OTLP/HTTP endpoint (an OpenTelemetry Collector, a
// vendor's intake, another agent).
//
//   offerSpans / offerLogs / write(flush) ──► pending (memory, bounded) ──► encoded batch ──► disk buffer
//                                                                                              │ oldest first,
//                                                  upstream ◄── POST, one at a time ◄──────────┘ one in flight
//
// Every batch goes through the disk buffer, so what the upstream has not acknowledged survives a restart
// and an outage; the buffer is bounded (oldest batches dropped and counted). Failed sends are retried per
// the OTLP/HTTP spec: Retry-After when given, else exponential backoff with jitter; non-retryable statuses
// drop the batch (counted). Nothing here blocks or throws into the callers.
import { gzipSync } from 'node:zlib';
import type { OtlpLogRecord, OtlpSink, SpanRecord } from '../../intake/otlp/model';
import { CONTENT_TYPES, OTLP_PATHS, type OtlpSignal } from '../../intake/otlp/signals';
import type { Flush, FlushSink, MetricSample } from '../../model';
import { VERSION } from '../../../version';
import { backoffDelay, parseRetryAfter } from './backoff';
import { logsRequestJson, metricsRequestJson, traceRequestJson } from './encode/json';
import { toResourceMetrics } from './encode/metrics';
import { logsRequestProtobuf, metricsRequestProtobuf, traceRequestProtobuf } from './encode/protobuf';
import {
  resolveOtlpExporterOptions,
  type OtlpExporterOptions,
  type OtlpExporterOptionsInput,
} from './options';
import { sendBatch, type SendOutcome } from './sender';
import { DiskSpool, type SpoolEntry } from './spool';
import type { OtlpExporterStats, SignalCounters } from './stats';

const SCOPE = { name: 'kinstrument-agent', version: VERSION };

type Pending = { traces: SpanRecord[]; logs: OtlpLogRecord[]; metrics: MetricSample[] };

function counters(): Record<OtlpSignal, SignalCounters> {
  return {
    traces: { requests: 0, records: 0 },
    logs: { requests: 0, records: 0 },
    metrics: { requests: 0, records: 0 },
  };
}

export class OtlpExporter implements FlushSink, OtlpSink {
  readonly name = 'otlp-export';
  readonly options: OtlpExporterOptions;
  private readonly spool: DiskSpool;
  private pending: Pending = { traces: [], logs: [], metrics: [] };
  private pendingCount = 0;
  private flushTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private sending: Promise<void> | undefined;
  private attempt = 0;
  private nextAttemptAt = 0;
  private started = false;
  private stopped = false;
  private readonly stat = {
    sent: counters(),
    rejected: counters(),
    partiallyRejected: { traces: 0, logs: 0, metrics: 0 } as Record<OtlpSignal, number>,
    droppedPending: { traces: 0, logs: 0, metrics: 0 } as Record<OtlpSignal, number>,
    retries: 0,
    encodeErrors: 0,
    lastStatus: undefined as number | undefined,
    lastError: undefined as string | undefined,
    lastSuccessAt: undefined as number | undefined,
    upstream: 'unknown' as 'up' | 'down' | 'unknown',
  };

  constructor(input: OtlpExporterOptionsInput) {
    this.options = resolveOtlpExporterOptions(input);
    this.spool = new DiskSpool(this.options.bufferPath, this.options.maxBufferBytes);
    // Opened now so records offered before start() are buffered too; a directory that cannot be created
    // shows up as spool errors and dropped batches, not as an exception here.
    this.spool.open();
  }

  /** Starts the timers and the delivery of what is buffered (including what a previous run left). */
  start(): this {
    if (this.started) return this;
    this.started = true;
    this.flushTimer = setInterval(() => {
      this.batchPending();
      this.kick();
    }, this.options.flushIntervalMs);
    this.flushTimer.unref();
    this.kick();
    return this;
  }

  // Intake. Each returns how many records were refused (pending memory full, or the signal is off).

  offerSpans(spans: readonly SpanRecord[]): number {
    return this.offer('traces', spans);
  }

  offerLogs(logs: readonly OtlpLogRecord[]): number {
    return this.offer('logs', logs);
  }

  /** FlushSink: the aggregator's metric samples. */
  write(flush: Flush): void {
    this.offer('metrics', flush.metrics);
  }

  /**
   * Batches everything pending and tries to deliver the whole buffer; resolves true once it is empty,
   * false if the upstream fails or `timeoutMs` passes first (what is left stays on disk).
   */
  async flush(timeoutMs = this.options.timeoutMs): Promise<boolean> {
    this.batchPending();
    const deadline = Date.now() + timeoutMs;
    this.nextAttemptAt = 0;
    while (this.spool.size > 0 && Date.now() < deadline && !this.stopped) {
      if (this.sending !== undefined) await this.sending;
      else if (!(await this.sendOldest())) return false;
    }
    return this.spool.size === 0;
  }

  /** Stops the timers; what is pending is written to the disk buffer for the next run. */
  async stop(flushTimeoutMs = 0): Promise<void> {
    if (this.stopped) return;
    if (flushTimeoutMs > 0 && this.started) await this.flush(flushTimeoutMs).catch(() => false);
    else this.batchPending();
    this.stopped = true;
    clearInterval(this.flushTimer);
    clearTimeout(this.retryTimer);
    if (this.sending !== undefined) await this.sending;
  }

  stats(): OtlpExporterStats {
    return {
      endpoint: this.options.endpoint,
      protocol: this.options.protocol,
      compression: this.options.compression,
      upstream: this.stat.upstream,
      sent: structuredClone(this.stat.sent),
      rejected: structuredClone(this.stat.rejected),
      partiallyRejected: { ...this.stat.partiallyRejected },
      retries: this.stat.retries,
      pending: {
        traces: this.pending.traces.length,
        logs: this.pending.logs.length,
        metrics: this.pending.metrics.length,
      },
      pendingLimit: this.options.maxPendingRecords,
      droppedPending: { ...this.stat.droppedPending },
      encodeErrors: this.stat.encodeErrors,
      buffer: this.spool.stats(),
      ...(this.stat.lastStatus === undefined ? {} : { lastStatus: this.stat.lastStatus }),
      ...(this.stat.lastError === undefined ? {} : { lastError: this.stat.lastError }),
      ...(this.stat.lastSuccessAt === undefined ? {} : { lastSuccessAt: this.stat.lastSuccessAt }),
      ...(this.nextAttemptAt > this.options.clock() ? { nextAttemptAt: this.nextAttemptAt } : {}),
    };
  }

  private offer<K extends OtlpSignal>(signal: K, records: readonly Pending[K][number][]): number {
    if (records.length === 0) return 0;
    if (!this.options.signals[signal]) return records.length; // switched off: not ours to count
    if (this.stopped) {
      this.stat.droppedPending[signal] += records.length;
      return records.length;
    }
    const room = Math.max(0, this.options.maxPendingRecords - this.pendingCount);
    const taken = Math.min(room, records.length);
    const queue = this.pending[signal] as Pending[K][number][];
    for (let index = 0; index < taken; index += 1) queue.push(records[index] as Pending[K][number]);
    this.pendingCount += taken;
    this.stat.droppedPending[signal] += records.length - taken;
    if (queue.length >= this.options.maxBatchRecords) {
      this.batchSignal(signal);
      this.kick();
    }
    return records.length - taken;
  }

  /** Encodes all pending records into batches on disk. */
  private batchPending(): void {
    for (const signal of ['traces', 'logs', 'metrics'] as const) this.batchSignal(signal);
  }

  private batchSignal(signal: OtlpSignal): void {
    const queue = this.pending[signal];
    while (queue.length > 0) {
      const records = queue.splice(0, this.options.maxBatchRecords);
      this.pendingCount -= records.length;
      let payload: Buffer;
      try {
        payload = this.encode(signal, records);
        if (this.options.compression === 'gzip') payload = gzipSync(payload);
      } catch (error) {
        this.stat.encodeErrors += 1;
        this.stat.lastError = `encoding ${signal}: ${error instanceof Error ? error.message : String(error)}`;
        continue;
      }
      this.spool.append(
        signal,
        records.length,
        this.options.protocol === 'http/json' ? 'json' : 'pb',
        this.options.compression === 'gzip',
        payload,
      );
    }
  }

  private encode(signal: OtlpSignal, records: readonly unknown[]): Buffer {
    const json = this.options.protocol === 'http/json';
    switch (signal) {
      case 'traces':
        return json
          ? traceRequestJson(records as SpanRecord[])
          : traceRequestProtobuf(records as SpanRecord[]);
      case 'logs':
        return json
          ? logsRequestJson(records as OtlpLogRecord[])
          : logsRequestProtobuf(records as OtlpLogRecord[]);
      case 'metrics': {
        const resources = toResourceMetrics(records as MetricSample[], this.options.metricsResource);
        return json ? metricsRequestJson(resources, SCOPE) : metricsRequestProtobuf(resources, SCOPE);
      }
    }
  }

  /** Starts sending if idle and not waiting out a backoff. */
  private kick(): void {
    if (!this.started || this.stopped || this.sending !== undefined || this.spool.size === 0) return;
    const wait = this.nextAttemptAt - this.options.clock();
    if (wait > 0) {
      if (this.retryTimer === undefined) {
        this.retryTimer = setTimeout(() => {
          this.retryTimer = undefined;
          this.kick();
        }, wait);
        this.retryTimer.unref();
      }
      return;
    }
    void this.sendOldest().then((delivered) => {
      if (delivered) setImmediate(() => this.kick());
      else this.kick();
    });
  }

  /** Sends the oldest batch; resolves true when the buffer moved on (delivered or dropped). */
  private sendOldest(): Promise<boolean> {
    const entry = this.spool.oldest();
    if (entry === undefined) return Promise.resolve(true);
    const attempt = this.deliver(entry);
    const tracked = attempt.then(() => undefined);
    this.sending = tracked;
    // `then` callbacks run later, so this never clears a newer attempt's marker.
    void tracked.then(() => {
      if (this.sending === tracked) this.sending = undefined;
    });
    return attempt;
  }

  /** Never rejects. */
  private async deliver(entry: SpoolEntry): Promise<boolean> {
    this.spool.inFlight = entry.sequence;
    try {
      const body = this.spool.read(entry);
      if (body === undefined) return true;
      const outcome = await sendBatch({
        url: `${this.options.endpoint}${OTLP_PATHS[entry.signal]}`,
        body,
        contentType: entry.encoding === 'json' ? CONTENT_TYPES.json : CONTENT_TYPES.protobuf,
        gzip: entry.gzip,
        headers: { 'User-Agent': `kinstrument-agent/${VERSION}`, ...this.options.headers },
        timeoutMs: this.options.timeoutMs,
      });
      return this.settle(entry, outcome);
    } catch (error) {
      // Only a bug gets here: keep the batch and retry later.
      this.stat.lastError = error instanceof Error ? error.message : String(error);
      this.scheduleRetry(undefined);
      return false;
    } finally {
      this.spool.inFlight = undefined;
    }
  }

  private settle(entry: SpoolEntry, outcome: SendOutcome): boolean {
    const now = this.options.clock();
    if (outcome.kind === 'delivered') {
      this.spool.remove(entry);
      this.stat.sent[entry.signal].requests += 1;
      this.stat.sent[entry.signal].records += entry.records - outcome.rejected;
      this.stat.partiallyRejected[entry.signal] += outcome.rejected;
      this.stat.lastStatus = outcome.status;
      this.stat.lastSuccessAt = now;
      this.stat.upstream = 'up';
      if (outcome.message !== undefined) this.stat.lastError = `partial success: ${outcome.message}`;
      this.attempt = 0;
      this.nextAttemptAt = 0;
      return true;
    }
    this.stat.lastError = outcome.error;
    if (outcome.status !== undefined) this.stat.lastStatus = outcome.status;
    if (outcome.kind === 'drop') {
      this.spool.remove(entry);
      this.stat.rejected[entry.signal].requests += 1;
      this.stat.rejected[entry.signal].records += entry.records;
      this.stat.upstream = 'up';
      return true;
    }
    this.stat.retries += 1;
    this.stat.upstream = 'down';
    this.scheduleRetry(parseRetryAfter(outcome.retryAfterHeader, now));
    return false;
  }

  private scheduleRetry(retryAfterMs: number | undefined): void {
    this.attempt += 1;
    const delay =
      retryAfterMs !== undefined
        ? Math.min(retryAfterMs, this.options.maxRetryAfterMs)
        : backoffDelay(
            this.attempt,
            this.options.initialBackoffMs,
            this.options.maxBackoffMs,
            this.options.random,
          );
    this.nextAttemptAt = this.options.clock() + delay;
  }
}

/** Creates and starts an exporter. */
export function startOtlpExporter(options: OtlpExporterOptionsInput): OtlpExporter {
  return new OtlpExporter(options).start();
}
