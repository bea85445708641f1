// Counters of the upstream OTLP exporter, for `kinstrument status` and the API.
import type { OtlpSignal } from '../../intake/otlp/signals';
import type { SpoolStats } from './spool';

export interface SignalCounters {
  requests: number;
  records: number;
}

export interface OtlpExporterStats {
  endpoint: string;
  protocol: string;
  compression: string;
  /** From the last attempt: 'down' while retrying. */
  upstream: 'up' | 'down' | 'unknown';
  /** Delivered (records minus those the upstream reported rejected in a partial success). */
  sent: Record<OtlpSignal, SignalCounters>;
  /** Batches the upstream refused for good (4xx other than 429): dropped. */
  rejected: Record<OtlpSignal, SignalCounters>;
  /** Records the upstream reported rejected in partial-success responses. */
  partiallyRejected: Record<OtlpSignal, number>;
  /** Failed attempts that will be retried (connection errors, timeouts, 429/502/503/504). */
  retries: number;
  /** Waiting in memory to be batched. */
  pending: Record<OtlpSignal, number>;
  pendingLimit: number;
  /** Refused because the pending memory was full. */
  droppedPending: Record<OtlpSignal, number>;
  encodeErrors: number;
  /** The disk buffer: what waits for delivery, and what it dropped to stay within its size. */
  buffer: SpoolStats;
  lastStatus?: number;
  lastError?: string;
  lastSuccessAt?: number;
  /** While backing off: when the next attempt is due (ms since the epoch). */
  nextAttemptAt?: number;
}
