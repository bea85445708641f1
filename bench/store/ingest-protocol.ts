// How the harness and the span-and-log generator talk: a task in the environment, one result line.

export const INGEST_RESULT_PREFIX = 'INGEST_RESULT';
export const INGEST_TASK_ENV = 'BENCH_INGEST_TASK';

export interface IngestTask {
  /** The agent's OTLP/HTTP traces endpoint (`…/v1/traces`). */
  tracesUrl: string;
  spansPerSecond: number;
  /** Spans per request, as an SDK's batch span processor sends them (several batches when it fell behind). */
  spansPerRequest: number;
  /** Requests allowed in flight at once (several apps sending to one agent). */
  concurrency: number;
  /** The file the agent tails; JSON lines are appended to it. */
  logFile: string;
  logLinesPerSecond: number;
  durationMs: number;
  /** Index of the step's first record across the run (offsets, partitions and topics follow from it). */
  idBase: number;
}

export interface IngestResult {
  spansSent: number;
  requests: number;
  /** Requests by HTTP status ("error" when no answer came). */
  responses: Record<string, number>;
  /** Request latencies (ms): send to response read. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  /** Spans not sent because more than an SDK's queue of them waited for a free request (see the generator). */
  spansSkipped: number;
  logLinesWritten: number;
  logBytesWritten: number;
  /** From the first send to the last. */
  durationMs: number;
}
