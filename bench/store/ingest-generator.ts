// Span-and-log generator for the agent's store ingest (its own process, so it does not share the harness'
// event loop): POSTs OTLP/HTTP protobuf trace requests of kinstrument-shaped spans at a target rate, the
// way several apps' batch span processors would, and appends the SDK's JSON log lines to a file the agent
// tails; then prints `INGEST_RESULT {json}` with what it sent and how fast the agent answered.
import { closeSync, openSync, writeSync } from 'node:fs';
import { traceRequestProtobuf } from '../../src/agent/export/otlp/encode/protobuf';
import { percentile } from '../support/stats';
import { INGEST_RESULT_PREFIX, INGEST_TASK_ENV, type IngestResult, type IngestTask } from './ingest-protocol';
import { benchLogLine, benchSpans } from './store-records';

const TICK_MS = 5;
/**
 * Like kinstrument's span processor (src/signals/traces/export): spans due while every request is under way
 * wait, and the next free request carries up to this many batches at once; waiting spans are held up to the
 * SDK's default queue (16 MiB, ~37,000 spans) and past it skipped and counted, as an app would drop them.
 */
const MERGED_BATCHES = 8;
const BACKLOG_SPANS = 37_000;
const REQUEST_TIMEOUT_MS = 10_000;

class SpanSender {
  sent = 0;
  skipped = 0;
  requests = 0;
  inFlight = 0;
  readonly responses: Record<string, number> = {};
  readonly latencies: number[] = [];

  constructor(private readonly task: IngestTask) {}

  /** Sends what is due at `due` spans (whole requests; the last, partial one when `final`). */
  pump(due: number, final: boolean): void {
    const { spansPerRequest, concurrency } = this.task;
    const accounted = () => this.sent + this.skipped;
    if (due - accounted() > BACKLOG_SPANS) this.skipped += Math.floor(due - accounted() - BACKLOG_SPANS);
    while (this.inFlight < concurrency) {
      const pending = due - accounted();
      if (pending < spansPerRequest && !(final && pending >= 1)) return;
      this.send(Math.min(spansPerRequest * MERGED_BATCHES, Math.floor(pending)));
    }
  }

  private send(count: number): void {
    const body = traceRequestProtobuf(benchSpans(count, this.task.idBase + this.sent));
    this.sent += count;
    this.requests += 1;
    this.inFlight += 1;
    const started = performance.now();
    const tally = (key: string) => (this.responses[key] = (this.responses[key] ?? 0) + 1);
    fetch(this.task.tracesUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    })
      .then(async (response) => {
        await response.arrayBuffer();
        tally(String(response.status));
      })
      .catch(() => tally('error'))
      .finally(() => {
        this.latencies.push(performance.now() - started);
        this.inFlight -= 1;
      });
  }

  async drained(): Promise<void> {
    while (this.inFlight > 0) await new Promise((resolve) => setTimeout(resolve, TICK_MS));
  }
}

class LogWriter {
  lines = 0;
  bytes = 0;
  private readonly fd: number;

  constructor(
    file: string,
    private readonly idBase: number,
  ) {
    this.fd = openSync(file, 'a');
  }

  /** Appends the lines due at `due`, in one write. */
  pump(due: number): void {
    const count = Math.floor(due) - this.lines;
    if (count <= 0) return;
    const now = Date.now();
    let text = '';
    for (let i = 0; i < count; i += 1) text += `${benchLogLine(this.idBase + this.lines + i, now)}\n`;
    this.bytes += writeSync(this.fd, text);
    this.lines += count;
  }

  close(): void {
    closeSync(this.fd);
  }
}

async function main(): Promise<void> {
  const raw = process.env[INGEST_TASK_ENV];
  if (!raw) throw new Error(`${INGEST_TASK_ENV} is not set: this script is started by bench/run`);
  const task = JSON.parse(raw) as IngestTask;
  const spans = new SpanSender(task);
  const logs = new LogWriter(task.logFile, task.idBase);
  const started = performance.now();
  let elapsed = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      elapsed = Math.min(task.durationMs, performance.now() - started);
      const final = elapsed >= task.durationMs;
      spans.pump((elapsed * task.spansPerSecond) / 1000, final);
      logs.pump((elapsed * task.logLinesPerSecond) / 1000);
      if (final) resolve();
      else setTimeout(tick, TICK_MS);
    };
    tick();
  });
  logs.close();
  await spans.drained();
  const result: IngestResult = {
    spansSent: spans.sent,
    requests: spans.requests,
    responses: spans.responses,
    latencyP50Ms: percentile(spans.latencies, 50),
    latencyP99Ms: percentile(spans.latencies, 99),
    latencyMaxMs: percentile(spans.latencies, 100),
    spansSkipped: Math.round(spans.skipped),
    logLinesWritten: logs.lines,
    logBytesWritten: logs.bytes,
    durationMs: elapsed,
  };
  process.stdout.write(`${INGEST_RESULT_PREFIX} ${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `ingest generator failed: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
