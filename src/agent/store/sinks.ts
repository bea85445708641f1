// Adapters that feed the store: the aggregator's flushes, and the OTLP receiver's spans and logs.
import { toLogRecord, type ToLogRecordOptions } from '../intake/otlp/convert/log-record';
import type { OtlpLogRecord, OtlpSink, SpanRecord } from '../intake/otlp/model';
import type { LogRecord } from '../logs/record';
import type { Flush, FlushSink } from '../model';
import type { Store } from './store';

/**
 * A FlushSink writing every flushed metric sample to the store (queued: `write` returns at once).
 * Service checks and events are not stored yet.
 */
export class StoreSink implements FlushSink {
  readonly name = 'store';
  /**
   * `write` only queues, synchronously, so the aggregator may hand over a window in chunks while it makes
   * them (see src/agent/aggregator/sink-fanout.ts): the samples the queue has no room for are then garbage
   * at once instead of one window's worth at a time.
   */
  readonly acceptsChunkedFlushes = true;
  private refused = 0;

  constructor(private readonly store: Store) {}

  write(flush: Flush): void {
    this.refused += this.store.offerMetrics(flush.metrics);
  }

  /** Samples the store's queue could not take (also in the store's own stats). */
  get droppedSamples(): number {
    return this.refused;
  }
}

/**
 * The store as the OTLP receiver's sink: spans as they are, logs as collector LogRecords. `alsoLogs` gets the
 * same converted records first (the log-based metrics), so logs are converted once for both.
 */
export function storeOtlpSink(
  store: Store,
  options: ToLogRecordOptions,
  alsoLogs?: (records: readonly LogRecord[]) => void,
): OtlpSink {
  return {
    offerSpans: (spans: readonly SpanRecord[]) => store.offerSpans(spans),
    offerLogs: (logs: readonly OtlpLogRecord[]) => {
      const records = logs.map((log) => toLogRecord(log, options));
      alsoLogs?.(records);
      return store.offerLogs(records);
    },
    refusesAll: () => store.roomForRecords() === 0,
  };
}
