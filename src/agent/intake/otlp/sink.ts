// Sinks for the receiver: hand every record to several consumers (the store and the upstream exporter).
import type { OtlpLogRecord, OtlpSink, SpanRecord } from './model';

/**
 * Offers every batch to `primary` and then to each of `others`. What the client is told was refused is the
 * primary's answer (the local store); the others keep their own drop counters. A consumer that throws is
 * skipped for that batch (primary: everything counts as refused).
 */
export function fanOutOtlp(primary: OtlpSink, ...others: OtlpSink[]): OtlpSink {
  const each = (offer: (sink: OtlpSink) => number): number => {
    let refused: number;
    try {
      refused = offer(primary);
    } catch {
      refused = Number.MAX_SAFE_INTEGER;
    }
    for (const sink of others) {
      try {
        offer(sink);
      } catch {
        // counted by the consumer itself, if it can; never the client's problem
      }
    }
    return refused;
  };
  return {
    offerSpans: (spans: readonly SpanRecord[]) =>
      Math.min(
        spans.length,
        each((sink) => sink.offerSpans(spans)),
      ),
    offerLogs: (logs: readonly OtlpLogRecord[]) =>
      Math.min(
        logs.length,
        each((sink) => sink.offerLogs(logs)),
      ),
    // The client is answered by the primary; when it refuses everything the others get the records on the
    // client's retry instead (as they would after any 503).
    refusesAll: (kind) => primary.refusesAll?.(kind) ?? false,
  };
}
