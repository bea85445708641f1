// Counters of the OTLP receiver, for `kinstrument status` and the API.
import type { OtlpSignal } from './signals';
import type { DurationHistogram } from './timings';

export interface RecordCounters {
  /** Records decoded from valid requests. */
  received: number;
  /** Taken by the sink (the store's queue, the exporter, …). */
  accepted: number;
  /** Invalid records (bad ids, …), answered with partial success. */
  rejected: number;
  /** Valid records the sink could not take (its queue was full). */
  dropped: number;
}

export interface OtlpReceiverStats {
  /** Requests answered 200, by signal. */
  requests: Record<OtlpSignal, number>;
  /** Every response, by HTTP status code. */
  responses: Record<string, number>;
  spans: RecordCounters;
  logs: RecordCounters;
  /** OTLP metric data points received; the agent does not store them (partial success says so). */
  metricDataPoints: number;
  bytesOnWire: number;
  bytesDecoded: number;
  /** Refused requests, by reason. */
  errors: {
    decode: number;
    tooLarge: number;
    decompressedTooLarge: number;
    badGzip: number;
    unsupportedMediaType: number;
    inFlightLimit: number;
    /** Requests answered 503 because the sink took none of their records (or, its queue full, would take none). */
    sinkFull: number;
    /** Of those, requests refused before decoding (the sink was full already): their records are not counted. */
    sinkFullUndecoded: number;
    /** Requests answered 503 undecoded while the agent was behind on its DogStatsD intake (`busy`). */
    busy: number;
    sinkError: number;
    aborted: number;
    notFound: number;
    methodNotAllowed: number;
  };
  /**
   * Time per request that was read whole: reading its body (from its headers to its last byte, so the
   * sender's upload is in it), and decoding it and handing its records over (wall time: a large protobuf
   * trace request is decoded in slices, other work running between them).
   */
  timings: { bodyMs: DurationHistogram; ingestMs: DurationHistogram };
  inFlightBytes: number;
  limits: { maxRequestBytes: number; maxDecompressedBytes: number; maxInFlightBytes: number };
  lastError?: string;
}

export function emptyRecordCounters(): RecordCounters {
  return { received: 0, accepted: 0, rejected: 0, dropped: 0 };
}
