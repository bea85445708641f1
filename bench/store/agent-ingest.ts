// The store's ingest through a real `kinstrument agent`: spans arrive over OTLP/HTTP (protobuf, batches of
// 512, as the SDK sends them) and logs are tailed from a file the SDK's JSON lines are appended to, while
// DogStatsD metrics arrive at a steady 100k lines/s. Each step raises the span and log rates; the first
// step sends metrics only, as the control. "Without blocking intake" is measured three ways: DogStatsD lines
// lost, how fast the agent answers OTLP requests, and how fast it answers a health probe every 100 ms (a
// blocked event loop shows there first).
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentStatus } from '../../src/agent/status/status';
import { histogramSince, quantileBound } from '../../src/agent/intake/otlp/timings';
import { AgentProcess } from '../agent/agent-process';
import type { LoadResult } from '../agent/load-protocol';
import { runDogStatsDLoad } from '../agent/run-load-generator';
import { cleanEnvironment, runChild } from '../support/child-process';
import { benchScript } from '../support/paths';
import { cpuSecondsBetween, snapshotProcess } from '../support/proc-stats';
import { percentile } from '../support/stats';
import { INGEST_RESULT_PREFIX, INGEST_TASK_ENV, type IngestResult, type IngestTask } from './ingest-protocol';

export interface AgentIngestPlan {
  /** Spans per second of each step (0: the metrics-only control); logs per second alongside. */
  steps: { spansPerSecond: number; logLinesPerSecond: number }[];
  /** Steps run again on an agent whose main thread reads the DogStatsD socket (what the reader thread saves). */
  mainThreadReaderSteps: { spansPerSecond: number; logLinesPerSecond: number }[];
  stepMs: number;
  dogstatsdLinesPerSecond: number;
  dogstatsdContexts: number;
  spansPerRequest: number;
  concurrency: number;
  flushIntervalSeconds: number;
}

export const AGENT_INGEST_PLANS: Record<'full' | 'quick', AgentIngestPlan> = {
  full: {
    steps: [
      { spansPerSecond: 0, logLinesPerSecond: 0 },
      { spansPerSecond: 2_000, logLinesPerSecond: 1_000 },
      { spansPerSecond: 5_000, logLinesPerSecond: 2_500 },
      { spansPerSecond: 10_000, logLinesPerSecond: 5_000 },
      { spansPerSecond: 20_000, logLinesPerSecond: 10_000 },
    ],
    mainThreadReaderSteps: [{ spansPerSecond: 10_000, logLinesPerSecond: 5_000 }],
    stepMs: 8_000,
    dogstatsdLinesPerSecond: 100_000,
    dogstatsdContexts: 1_000,
    spansPerRequest: 512,
    concurrency: 4,
    flushIntervalSeconds: 2,
  },
  quick: {
    steps: [{ spansPerSecond: 1_000, logLinesPerSecond: 500 }],
    mainThreadReaderSteps: [],
    stepMs: 1_000,
    dogstatsdLinesPerSecond: 20_000,
    dogstatsdContexts: 200,
    spansPerRequest: 128,
    concurrency: 2,
    flushIntervalSeconds: 1,
  },
};

export interface AgentIngestStep {
  name: string;
  /** False on the agent whose main thread reads the DogStatsD socket (`dogstatsd_reader_thread: false`). */
  readerThread: boolean;
  /** Run on another build (`--baseline`): shown beside, not judged. */
  baseline: boolean;
  targetSpansPerSecond: number;
  targetLogLinesPerSecond: number;
  seconds: number;
  /** Time after the senders stopped until the store's queue was empty and the log file read. */
  drainSeconds: number;
  spansSent: number;
  /** Spans the generator dropped because the agent's answers came too slowly (see ingest-generator.ts). */
  spansSkipped: number;
  spansAccepted: number;
  /**
   * Spans sent and not stored: answered 503 (some refused before decoding, so no counter of the agent's
   * holds them all) or dropped by a partial success, because the store's queue was full.
   */
  spansRefused: number;
  spansStored: number;
  logLinesWritten: number;
  logLinesRead: number;
  logsStored: number;
  logsRefused: number;
  /** Stored spans + logs per second, over the step and its drain. */
  storedPerSecond: number;
  otlpResponses: Record<string, number>;
  /** Of the 503s, by the receiver's own count: shed while the agent was behind on DogStatsD, and store full. */
  otlpRefusedBusy: number;
  otlpRefusedStoreFull: number;
  otlpLatencyP99Ms: number;
  otlpLatencyMaxMs: number;
  /**
   * The agent's own time per request in this step, p99 bucket bounds (ms) from its receiver's histograms:
   * reading the body, and decoding it and handing its records over. NaN without requests.
   */
  agentReadP99Ms: number;
  agentIngestP99Ms: number;
  probeP99Ms: number;
  probeMaxMs: number;
  dogstatsdSentLinesPerSecond: number;
  dogstatsdLostLines: number;
  /** Datagrams the kernel dropped on the agent's DogStatsD socket (its receive buffer was full). */
  dogstatsdKernelDrops: number;
  /** Datagrams the reader thread dropped because the parser was more than its queue behind. */
  dogstatsdReaderQueueDrops: number;
  agentCores: number;
  agentRssBytes: number;
  storeQueuePeak: number;
  maxTransactionMs: number;
}

interface Counters {
  dogstatsdLines: number;
  dogstatsdKernelDrops: number;
  dogstatsdReaderQueueDrops: number;
  spansAccepted: number;
  spansStored: number;
  logLinesRead: number;
  logBytesRead: number;
  logsStored: number;
  logsStoreRefused: number;
  otlpRefusedBusy: number;
  otlpRefusedStoreFull: number;
}

function counters(status: AgentStatus): Counters {
  const store = status.store;
  return {
    dogstatsdLines: status.dogstatsd?.metrics ?? 0,
    dogstatsdKernelDrops: status.dogstatsd?.udp?.kernelDrops ?? 0,
    dogstatsdReaderQueueDrops: status.dogstatsd?.drops.readerQueueFull ?? 0,
    spansAccepted: status.otlpReceiver?.stats.spans.accepted ?? 0,
    spansStored: store?.written.spans ?? 0,
    logLinesRead: status.logs?.linesRead ?? 0,
    logBytesRead: status.logs?.bytesRead ?? 0,
    logsStored: store?.written.logs ?? 0,
    logsStoreRefused: store?.dropped.logs ?? 0,
    otlpRefusedBusy: status.otlpReceiver?.stats.errors.busy ?? 0,
    otlpRefusedStoreFull: status.otlpReceiver?.stats.errors.sinkFull ?? 0,
  };
}

/** The p99 bound of the receiver's requests between two status snapshots (NaN without any). */
function agentP99(before: AgentStatus, after: AgentStatus, which: 'bodyMs' | 'ingestMs'): number {
  const first = before.otlpReceiver?.stats.timings[which];
  const last = after.otlpReceiver?.stats.timings[which];
  if (first === undefined || last === undefined) return Number.NaN;
  return quantileBound(histogramSince(last, first), 0.99) ?? Number.NaN;
}

/** Probes /api/v1/health every 100 ms and keeps the answer times (ms): the agent's event loop, seen from outside. */
class HealthProbe {
  private readonly latencies: number[] = [];
  private running = true;
  private readonly done: Promise<void>;

  constructor(cmdPort: number) {
    this.done = (async () => {
      while (this.running) {
        const started = performance.now();
        try {
          const response = await fetch(`http://127.0.0.1:${cmdPort}/api/v1/health`, {
            signal: AbortSignal.timeout(10_000),
          });
          await response.arrayBuffer();
          this.latencies.push(performance.now() - started);
        } catch {
          this.latencies.push(10_000);
        }
        await sleep(100);
      }
    })();
  }

  async stop(): Promise<{ p99: number; max: number }> {
    this.running = false;
    await this.done;
    return { p99: percentile(this.latencies, 99), max: percentile(this.latencies, 100) };
  }
}

/** Until the store's queue is empty and the agent has read `logBytes` of the log file, bounded. */
async function drained(agent: AgentProcess, logBytes: number, maxMs: number): Promise<AgentStatus> {
  const deadline = performance.now() + maxMs;
  for (;;) {
    const status = await agent.status();
    const queue = status.store?.queue;
    const idle = !queue || (queue.records === 0 && queue.inFlightBatches === 0);
    if ((idle && (status.logs?.bytesRead ?? 0) >= logBytes) || performance.now() > deadline) return status;
    await sleep(200);
  }
}

function runIngestGenerator(task: IngestTask): Promise<IngestResult> {
  return runChild<IngestResult>({
    nodeArgs: [benchScript('store', 'ingest-generator.js')],
    env: { ...cleanEnvironment(), [INGEST_TASK_ENV]: JSON.stringify(task) },
    resultPrefix: INGEST_RESULT_PREFIX,
    timeoutMs: task.durationMs + 60_000,
  }).then((run) => run.result);
}

export function stepName(spansPerSecond: number, logLinesPerSecond: number, readerThread = true): string {
  const suffix = readerThread ? '' : `, ${MAIN_THREAD_READER}`;
  if (spansPerSecond === 0 && logLinesPerSecond === 0) return `DogStatsD only (control)${suffix}`;
  const k = (n: number) => `${n / 1000}k`;
  return `${k(spansPerSecond)} spans/s + ${k(logLinesPerSecond)} logs/s${suffix}`;
}

export interface AgentIngestRunOptions {
  /** Only the steps whose name contains this text; all when undefined. */
  only?: string;
  /** The agent runs with --cpu-prof into this folder. */
  cpuProfileDir?: string;
  /** Another build's agent CLI (`--baseline`), its steps named with `label`. */
  cli?: string;
  label?: string;
}

export const MAIN_THREAD_READER = 'dogstatsd_reader_thread: false';

/** The plan's steps on a default agent, then its main-thread-reader steps on a second agent. */
export async function runAgentIngest(
  plan: AgentIngestPlan,
  log: (line: string) => void,
  options: AgentIngestRunOptions = {},
): Promise<AgentIngestStep[]> {
  const steps = await runOnAgent(plan, plan.steps, true, log, options);
  if (plan.mainThreadReaderSteps.length > 0)
    steps.push(...(await runOnAgent(plan, plan.mainThreadReaderSteps, false, log, options)));
  return steps;
}

async function runOnAgent(
  plan: AgentIngestPlan,
  planned: AgentIngestPlan['steps'],
  readerThread: boolean,
  log: (line: string) => void,
  { only, cpuProfileDir, cli, label = '' }: AgentIngestRunOptions,
): Promise<AgentIngestStep[]> {
  const wanted = planned.filter(
    (s) => only === undefined || stepName(s.spansPerSecond, s.logLinesPerSecond, readerThread).includes(only),
  );
  if (wanted.length === 0) return [];
  const agent = new AgentProcess();
  const logFile = join(agent.directory, 'app.log');
  closeSync(openSync(logFile, 'a'));
  await agent.start({
    flushIntervalSeconds: plan.flushIntervalSeconds,
    receiveBufferBytes: 4 * 1024 * 1024,
    storage: true,
    logFile,
    cpuProfileDir,
    cli,
    noReaderThread: !readerThread,
  });
  const pid = agent.pid!;
  const steps: AgentIngestStep[] = [];
  let idBase = 0;
  let logBytes = 0;
  try {
    // Warm-up (not reported): JIT, the DogStatsD contexts, the first series, spans and log lines in the store.
    const warmUp = await runIngestGenerator({
      tracesUrl: `http://127.0.0.1:${agent.otlpPort}/v1/traces`,
      spansPerSecond: 1_000,
      spansPerRequest: plan.spansPerRequest,
      concurrency: plan.concurrency,
      logFile,
      logLinesPerSecond: 500,
      durationMs: Math.min(plan.stepMs, 2_000),
      idBase,
    });
    idBase += warmUp.spansSent + warmUp.logLinesWritten;
    logBytes += warmUp.logBytesWritten;
    await drained(agent, logBytes, 60_000);
    for (const { spansPerSecond, logLinesPerSecond } of wanted) {
      const name = stepName(spansPerSecond, logLinesPerSecond, readerThread) + label;
      const beforeStatus = await drained(agent, logBytes, 60_000);
      const before = counters(beforeStatus);
      const cpuBefore = snapshotProcess(pid);
      let peakRss = cpuBefore?.rssBytes ?? 0;
      let queuePeak = 0;
      const rssSampler = setInterval(() => {
        peakRss = Math.max(peakRss, snapshotProcess(pid)?.rssBytes ?? 0);
      }, 200);
      // The queue through the status API, once a second: often enough for its peak, rarely enough not to load the agent.
      const queueSampler = setInterval(() => {
        agent
          .status()
          .then((status) => (queuePeak = Math.max(queuePeak, status.store?.queue.records ?? 0)))
          .catch(() => undefined);
      }, 1_000);
      const probe = new HealthProbe(agent.cmdPort);
      const started = performance.now();
      let load: LoadResult;
      let ingest: IngestResult | undefined;
      try {
        [load, ingest] = await Promise.all([
          runDogStatsDLoad({
            port: agent.dogstatsdPort,
            linesPerSecond: plan.dogstatsdLinesPerSecond,
            durationMs: plan.stepMs,
            contexts: plan.dogstatsdContexts,
          }),
          spansPerSecond === 0 && logLinesPerSecond === 0
            ? Promise.resolve(undefined)
            : runIngestGenerator({
                tracesUrl: `http://127.0.0.1:${agent.otlpPort}/v1/traces`,
                spansPerSecond,
                spansPerRequest: plan.spansPerRequest,
                concurrency: plan.concurrency,
                logFile,
                logLinesPerSecond,
                durationMs: plan.stepMs,
                idBase,
              }),
        ]);
      } finally {
        clearInterval(rssSampler);
        clearInterval(queueSampler);
      }
      const sendSeconds = (performance.now() - started) / 1000;
      idBase += (ingest?.spansSent ?? 0) + (ingest?.logLinesWritten ?? 0);
      logBytes += ingest?.logBytesWritten ?? 0;
      const afterStatus = await drained(agent, logBytes, 60_000);
      const probeLatency = await probe.stop();
      const cpuAfter = snapshotProcess(pid);
      const seconds = (performance.now() - started) / 1000;
      const after = counters(afterStatus);
      const delta = (key: keyof Counters) => after[key] - before[key];
      const step: AgentIngestStep = {
        name,
        readerThread,
        baseline: cli !== undefined,
        targetSpansPerSecond: spansPerSecond,
        targetLogLinesPerSecond: logLinesPerSecond,
        seconds: sendSeconds,
        drainSeconds: seconds - sendSeconds,
        spansSent: ingest?.spansSent ?? 0,
        spansSkipped: ingest?.spansSkipped ?? 0,
        spansAccepted: delta('spansAccepted'),
        spansRefused: Math.max(0, (ingest?.spansSent ?? 0) - delta('spansStored')),
        spansStored: delta('spansStored'),
        logLinesWritten: ingest?.logLinesWritten ?? 0,
        logLinesRead: delta('logLinesRead'),
        logsStored: delta('logsStored'),
        logsRefused: delta('logsStoreRefused'),
        storedPerSecond: (delta('spansStored') + delta('logsStored')) / seconds,
        otlpResponses: ingest?.responses ?? {},
        otlpRefusedBusy: delta('otlpRefusedBusy'),
        otlpRefusedStoreFull: delta('otlpRefusedStoreFull'),
        otlpLatencyP99Ms: ingest?.latencyP99Ms ?? Number.NaN,
        otlpLatencyMaxMs: ingest?.latencyMaxMs ?? Number.NaN,
        agentReadP99Ms: agentP99(beforeStatus, afterStatus, 'bodyMs'),
        agentIngestP99Ms: agentP99(beforeStatus, afterStatus, 'ingestMs'),
        probeP99Ms: probeLatency.p99,
        probeMaxMs: probeLatency.max,
        dogstatsdSentLinesPerSecond: load.lines / (load.durationMs / 1000),
        dogstatsdLostLines: Math.max(0, load.lines - delta('dogstatsdLines')),
        dogstatsdKernelDrops: delta('dogstatsdKernelDrops'),
        dogstatsdReaderQueueDrops: delta('dogstatsdReaderQueueDrops'),
        agentCores: cpuSecondsBetween(cpuBefore, cpuAfter) / seconds,
        agentRssBytes: Math.max(peakRss, cpuAfter?.rssBytes ?? 0),
        storeQueuePeak: queuePeak,
        maxTransactionMs: afterStatus.store?.maxBatchMs ?? Number.NaN,
      };
      steps.push(step);
      log(
        `store via agent: ${name}: stored ${step.spansStored} spans + ${step.logsStored} logs ` +
          `(${Math.round(step.storedPerSecond)}/s, drain ${step.drainSeconds.toFixed(1)} s), ` +
          `${step.spansRefused} spans refused, ${step.spansSkipped} skipped, DogStatsD lost ${step.dogstatsdLostLines} (datagrams dropped: ${step.dogstatsdKernelDrops} by the kernel, ${step.dogstatsdReaderQueueDrops} at the reader thread's queue), ` +
          `OTLP p99 ${step.otlpLatencyP99Ms.toFixed(0)} ms (agent: read ≤ ${step.agentReadP99Ms} ms, decode and queue ≤ ${step.agentIngestP99Ms} ms), probe p99 ${step.probeP99Ms.toFixed(0)} ms, ` +
          `${step.agentCores.toFixed(2)} cores, RSS ${(step.agentRssBytes / 1024 ** 2).toFixed(0)} MB`,
      );
    }
  } finally {
    await agent.stop();
  }
  return steps;
}
