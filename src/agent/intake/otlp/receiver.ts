// The OTLP/HTTP receiver: `POST /v1/traces`, `/v1/logs` and `/v1/metrics`, JSON or binary protobuf, plain
// or gzip. A `(req, res)` handler the agent mounts on its HTTP server (or `OtlpServer` binds its own).
//
// Answers, per the OTLP/HTTP spec:
//   200  success (`{}` / empty protobuf message), or partial success naming how many records were refused
//        and why (invalid ids; the store's queue was full for some of them; OTLP metrics are not stored);
//   400  undecodable body (never retried by clients)        413  body too large, before or after gunzip
//   415  not JSON/protobuf, or an encoding other than gzip   404/405  wrong path/method
//   429  too many bytes in flight across requests (Retry-After)
//   503  the sink took none of the records, or the agent is shedding load (Retry-After), so the client
//        retries the request later.
// Nothing a client sends can throw out of here: every failure becomes a response and a counter.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { compressionOf, InFlightBudget, readBody, type BodyFailure } from './body';
import { decodeLogs, decodeMetrics, decodeSpansSliced } from './decode';
import type { Decoded } from './decoded';
import { OtlpDecodeError } from './errors';
import type { OtlpSink } from './model';
import { exportResponseBody, statusBody, type PartialSuccess } from './response';
import {
  CONTENT_TYPES,
  encodingOf,
  OTLP_PATHS,
  signalOfPath,
  type OtlpEncoding,
  type OtlpSignal,
} from './signals';
import { emptyRecordCounters, type OtlpReceiverStats, type RecordCounters } from './stats';
import { copyHistogram, emptyHistogram, recordDuration } from './timings';

export interface OtlpReceiverOptions {
  /** Where decoded spans and logs go (the store, the exporter, or both through `fanOutOtlp`). */
  sink: OtlpSink;
  /** Largest request body as sent. Default 20 MiB (the spec's recommendation). */
  maxRequestBytes?: number;
  /** Largest request body after gunzip. Default 20 MiB. */
  maxDecompressedBytes?: number;
  /** Body bytes held at once across all requests being read. Default 64 MiB. */
  maxInFlightBytes?: number;
  /** Retry-After (seconds) sent with 429 and 503. Default 1. */
  retryAfterSeconds?: number;
  /**
   * Asked before a trace or log request is decoded: a reason when the agent is behind on work that cannot
   * be retried (the DogStatsD intake), so the request is answered 503 undecoded and its sender retries.
   */
  busy?: () => string | undefined;
  /** Milliseconds since the epoch; for logs without a timestamp. Injectable for tests. */
  clock?: () => number;
}

const MIB = 1024 * 1024;
export const OTLP_RECEIVER_DEFAULTS = {
  maxRequestBytes: 20 * MIB,
  maxDecompressedBytes: 20 * MIB,
  maxInFlightBytes: 64 * MIB,
  retryAfterSeconds: 1,
} as const;

const METRICS_NOT_STORED =
  'the kinstrument agent does not store OTLP metrics; send metrics over DogStatsD (port 8125) instead';

interface Outcome {
  status: number;
  body: Buffer;
  retryAfter?: number;
}

const BODY_FAILURE_STATUS: Record<BodyFailure, number> = {
  too_large: 413,
  decompressed_too_large: 413,
  bad_gzip: 400,
  in_flight_limit: 429,
  aborted: 400,
  unsupported_encoding: 415,
};

export class OtlpReceiver {
  private readonly sink: OtlpSink;
  private readonly limits: { maxWireBytes: number; maxDecodedBytes: number };
  private readonly budget: InFlightBudget;
  private readonly retryAfterSeconds: number;
  private readonly busy: () => string | undefined;
  private readonly clock: () => number;
  private readonly counters: Omit<OtlpReceiverStats, 'inFlightBytes' | 'limits'>;

  constructor(options: OtlpReceiverOptions) {
    this.sink = options.sink;
    this.limits = {
      maxWireBytes: positive(
        options.maxRequestBytes,
        OTLP_RECEIVER_DEFAULTS.maxRequestBytes,
        'maxRequestBytes',
      ),
      maxDecodedBytes: positive(
        options.maxDecompressedBytes,
        OTLP_RECEIVER_DEFAULTS.maxDecompressedBytes,
        'maxDecompressedBytes',
      ),
    };
    this.budget = new InFlightBudget(
      positive(options.maxInFlightBytes, OTLP_RECEIVER_DEFAULTS.maxInFlightBytes, 'maxInFlightBytes'),
    );
    this.retryAfterSeconds = options.retryAfterSeconds ?? OTLP_RECEIVER_DEFAULTS.retryAfterSeconds;
    this.busy = options.busy ?? (() => undefined);
    this.clock = options.clock ?? Date.now;
    this.counters = {
      requests: { traces: 0, logs: 0, metrics: 0 },
      responses: {},
      spans: emptyRecordCounters(),
      logs: emptyRecordCounters(),
      metricDataPoints: 0,
      bytesOnWire: 0,
      bytesDecoded: 0,
      errors: {
        decode: 0,
        tooLarge: 0,
        decompressedTooLarge: 0,
        badGzip: 0,
        unsupportedMediaType: 0,
        inFlightLimit: 0,
        sinkFull: 0,
        sinkFullUndecoded: 0,
        busy: 0,
        sinkError: 0,
        aborted: 0,
        notFound: 0,
        methodNotAllowed: 0,
      },
      timings: { bodyMs: emptyHistogram(), ingestMs: emptyHistogram() },
    };
  }

  /** The paths this receiver answers, for servers that route by path. */
  get paths(): readonly string[] {
    return Object.values(OTLP_PATHS);
  }

  /** Handles one request (any path: unknown ones get 404). Never throws. */
  readonly handle = (req: IncomingMessage, res: ServerResponse): void => {
    this.serve(req, res).catch((error: unknown) => {
      // Only a bug gets here; answer if we still can and keep serving.
      this.counters.lastError = error instanceof Error ? error.message : String(error);
      if (!res.headersSent)
        this.send(res, 'json', { status: 500, body: statusBody('json', 'internal error') });
    });
  };

  stats(): OtlpReceiverStats {
    return {
      ...this.counters,
      requests: { ...this.counters.requests },
      responses: { ...this.counters.responses },
      spans: { ...this.counters.spans },
      logs: { ...this.counters.logs },
      errors: { ...this.counters.errors },
      timings: {
        bodyMs: copyHistogram(this.counters.timings.bodyMs),
        ingestMs: copyHistogram(this.counters.timings.ingestMs),
      },
      inFlightBytes: this.budget.bytes,
      limits: {
        maxRequestBytes: this.limits.maxWireBytes,
        maxDecompressedBytes: this.limits.maxDecodedBytes,
        maxInFlightBytes: this.budget.limit,
      },
    };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = (req.url ?? '/').split('?')[0] ?? '/';
    const signal = signalOfPath(pathname);
    if (signal === undefined) {
      this.counters.errors.notFound += 1;
      this.send(res, 'json', { status: 404, body: statusBody('json', `no OTLP endpoint at ${pathname}`) });
      return;
    }
    if (req.method !== 'POST') {
      this.counters.errors.methodNotAllowed += 1;
      res.setHeader('Allow', 'POST');
      this.send(res, 'json', { status: 405, body: statusBody('json', 'OTLP endpoints accept POST only') });
      return;
    }
    const encoding = encodingOf(req.headers['content-type']);
    const compression = compressionOf(req.headers['content-encoding']);
    if (encoding === undefined || compression === undefined) {
      this.counters.errors.unsupportedMediaType += 1;
      const what =
        encoding === undefined
          ? `Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')}; use application/json or application/x-protobuf`
          : `Content-Encoding ${JSON.stringify(req.headers['content-encoding'])}; use gzip or none`;
      this.send(res, encoding ?? 'json', {
        status: 415,
        body: statusBody(encoding ?? 'json', `unsupported ${what}`),
      });
      return;
    }
    const bodyStarted = performance.now();
    const read = await readBody(req, compression, this.limits, this.budget);
    this.counters.bytesOnWire += read.wireBytes;
    if (!read.ok) {
      this.countBodyFailure(read.failure, read.message);
      if (read.failure === 'aborted') return; // nobody is listening for an answer
      const status = BODY_FAILURE_STATUS[read.failure];
      this.send(res, encoding, {
        status,
        body: statusBody(encoding, read.message),
        ...(status === 429 ? { retryAfter: this.retryAfterSeconds } : {}),
      });
      return;
    }
    this.counters.bytesDecoded += read.body.length;
    const ingestStarted = performance.now();
    recordDuration(this.counters.timings.bodyMs, ingestStarted - bodyStarted);
    try {
      const outcome = await this.ingest(signal, encoding, read.body);
      recordDuration(this.counters.timings.ingestMs, performance.now() - ingestStarted);
      this.send(res, encoding, outcome);
    } finally {
      this.budget.release(read.reserved);
    }
  }

  private async ingest(signal: OtlpSignal, encoding: OtlpEncoding, body: Buffer): Promise<Outcome> {
    if (signal !== 'metrics') {
      if (this.sink.refusesAll?.(signal === 'traces' ? 'spans' : 'logs')) {
        // Decoding a request only to drop all of it would spend the main thread on nothing while it is busiest.
        this.counters.errors.sinkFullUndecoded += 1;
        return this.sinkFull(encoding);
      }
      const busy = this.busy();
      if (busy !== undefined) {
        this.counters.errors.busy += 1;
        return this.retryLater(encoding, `the agent is busy (${busy}); retry later`);
      }
    }
    try {
      switch (signal) {
        case 'traces': {
          const decoded = await decodeSpansSliced(body, encoding, yieldToEventLoop);
          return this.offer(signal, encoding, decoded, this.counters.spans, (records) =>
            this.sink.offerSpans(records),
          );
        }
        case 'logs': {
          const decoded = decodeLogs(body, encoding, this.clock());
          return this.offer(signal, encoding, decoded, this.counters.logs, (records) =>
            this.sink.offerLogs(records),
          );
        }
        case 'metrics': {
          const { dataPoints } = decodeMetrics(body, encoding);
          this.counters.metricDataPoints += dataPoints;
          this.counters.requests.metrics += 1;
          const partial = dataPoints > 0 ? { rejected: dataPoints, message: METRICS_NOT_STORED } : undefined;
          return { status: 200, body: exportResponseBody(signal, encoding, partial) };
        }
      }
    } catch (error) {
      // Decoders throw OtlpDecodeError for malformed input; anything else (a RangeError from a hostile
      // payload, say) is still the request's fault, not ours.
      this.counters.errors.decode += 1;
      const message =
        error instanceof OtlpDecodeError ? error.message : `undecodable request: ${String(error)}`;
      this.counters.lastError = message;
      return { status: 400, body: statusBody(encoding, message) };
    }
  }

  private offer<T>(
    signal: OtlpSignal,
    encoding: OtlpEncoding,
    decoded: Decoded<T>,
    counters: RecordCounters,
    offer: (records: T[]) => number,
  ): Outcome {
    const total = decoded.records.length;
    counters.received += total + decoded.rejected;
    counters.rejected += decoded.rejected;
    let dropped = 0;
    if (total > 0) {
      try {
        dropped = Math.min(total, Math.max(0, offer(decoded.records)));
      } catch (error) {
        this.counters.errors.sinkError += 1;
        this.counters.lastError = error instanceof Error ? error.message : String(error);
        dropped = total;
      }
    }
    counters.accepted += total - dropped;
    counters.dropped += dropped;
    if (total > 0 && dropped === total) return this.sinkFull(encoding);
    this.counters.requests[signal] += 1;
    const problems: string[] = [];
    if (decoded.rejected > 0)
      problems.push(`${decoded.rejected} invalid (${decoded.rejectReason ?? 'invalid'})`);
    if (dropped > 0) problems.push(`${dropped} dropped because the agent's store queue is full`);
    const partial: PartialSuccess | undefined =
      problems.length === 0
        ? undefined
        : { rejected: decoded.rejected + dropped, message: problems.join('; ') };
    return { status: 200, body: exportResponseBody(signal, encoding, partial) };
  }

  private sinkFull(encoding: OtlpEncoding): Outcome {
    this.counters.errors.sinkFull += 1;
    return this.retryLater(encoding, 'the agent is busy storing earlier data; retry later');
  }

  /** 503 with Retry-After: the client keeps the request and sends it again. */
  private retryLater(encoding: OtlpEncoding, message: string): Outcome {
    return { status: 503, body: statusBody(encoding, message), retryAfter: this.retryAfterSeconds };
  }

  private countBodyFailure(failure: BodyFailure, message: string): void {
    const errors = this.counters.errors;
    if (failure === 'too_large') errors.tooLarge += 1;
    else if (failure === 'decompressed_too_large') errors.decompressedTooLarge += 1;
    else if (failure === 'bad_gzip') errors.badGzip += 1;
    else if (failure === 'in_flight_limit') errors.inFlightLimit += 1;
    else if (failure === 'aborted') errors.aborted += 1;
    else errors.unsupportedMediaType += 1;
    if (failure !== 'aborted') this.counters.lastError = message;
  }

  private send(res: ServerResponse, encoding: OtlpEncoding, outcome: Outcome): void {
    const key = String(outcome.status);
    this.counters.responses[key] = (this.counters.responses[key] ?? 0) + 1;
    if (res.headersSent || res.destroyed) return;
    const headers: Record<string, string | number> = {
      'Content-Type': CONTENT_TYPES[encoding],
      'Content-Length': outcome.body.length,
    };
    if (outcome.retryAfter !== undefined) headers['Retry-After'] = outcome.retryAfter;
    // After refusing a body we did not read, close the connection rather than keep it for the next request.
    if (outcome.status === 413 || outcome.status === 429) headers.Connection = 'close';
    res.writeHead(outcome.status, headers);
    res.end(outcome.body);
  }
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value <= 0)
    throw new Error(`OTLP receiver: ${name} must be a positive number`);
  return value;
}

/** Convenience for the agent: a receiver and its `(req, res)` handler. */
export function createOtlpHandler(options: OtlpReceiverOptions): OtlpReceiver {
  return new OtlpReceiver(options);
}
