// DogStatsD intake throughput of a real `kinstrument agent` process: a load generator on loopback at
// increasing rates (metric lines per second), and one step with many live contexts for memory.
// Per step: lines the agent parsed per second, lines lost (sent − parsed, and the kernel's own drop count),
// the agent's CPU (cores) and RSS, both read from /proc.
import { setTimeout as sleep } from 'node:timers/promises';
import type { AgentStatus } from '../../src/agent/status/status';
import { cpuSecondsBetween, snapshotProcess } from '../support/proc-stats';
import { AgentProcess } from './agent-process';
import type { LoadResult } from './load-protocol';
import { runDogStatsDLoad } from './run-load-generator';

export interface DogStatsDStep {
  name: string;
  /** Whether the agent ran with its store on (the default). */
  store: boolean;
  /** The agent's flush interval in this step. */
  flushIntervalSeconds: number;
  /** The long step at the default flush interval: memory in steady state rather than the first flushes. */
  steady?: true;
  /** The agent's setting that differed from its defaults, other than the store (e.g. `young_generation_growth: true`). */
  variant?: string;
  targetLinesPerSecond: number;
  contexts: number;
  sentLinesPerSecond: number;
  processedLinesPerSecond: number;
  /** Lines sent but never parsed. */
  lostLines: number;
  /** Datagrams the kernel dropped on the agent's socket (receive buffer full). */
  kernelDrops: number;
  /** Drops the agent itself counted (oversized packets, handler errors). */
  agentDrops: number;
  agentCores: number;
  agentCpuMicrosPerLine: number;
  agentRssBytes: number;
  /** Live contexts in the aggregator at the end of the step. */
  liveContexts: number;
  /** Series the Prometheus exporter holds (a distribution context becomes ~10 series). */
  prometheusSeries: number;
  /** Metric samples the aggregator's flushes offered to the store during the step (0 with the store off). */
  storeSamplesOffered: number;
  /** Of those, refused because the store's queue was full (counted by the store, never written). */
  storeSamplesRefused: number;
}

/** The memory step's variant: V8's own young-generation sizing instead of the agent's held one. */
export const YOUNG_GENERATION_GROWTH = 'young_generation_growth: true';

export interface DogStatsDPlan {
  rates: number[];
  stepMs: number;
  contexts: number;
  /** The memory step: this many contexts, at `contextsRate`. */
  manyContexts: number;
  manyContextsRate: number;
  /** The memory steps' length: started just after a flush, they hold this many full flushes. */
  manyContextsFlushes: number;
  flushIntervalSeconds: number;
  /** The steady memory step: this long, at `steadyFlushIntervalSeconds` (the agent's default, 10 s). */
  steadySeconds: number;
  steadyFlushIntervalSeconds: number;
  receiveBufferBytes: number;
}

export const DOGSTATSD_PLANS: Record<'full' | 'quick', DogStatsDPlan> = {
  full: {
    rates: [50_000, 100_000, 200_000, 300_000, 400_000],
    stepMs: 5_000,
    contexts: 1_000,
    manyContexts: 50_000,
    manyContextsRate: 100_000,
    manyContextsFlushes: 3,
    flushIntervalSeconds: 2,
    steadySeconds: 60,
    steadyFlushIntervalSeconds: 10,
    receiveBufferBytes: 4 * 1024 * 1024,
  },
  quick: {
    rates: [20_000],
    stepMs: 1_000,
    contexts: 200,
    manyContexts: 2_000,
    manyContextsRate: 20_000,
    manyContextsFlushes: 1,
    flushIntervalSeconds: 1,
    steadySeconds: 2,
    steadyFlushIntervalSeconds: 1,
    receiveBufferBytes: 4 * 1024 * 1024,
  },
};

interface Counters {
  lines: number;
  kernelDrops: number;
  agentDrops: number;
  storeOffered: number;
  storeRefused: number;
}

function counters(status: AgentStatus): Counters {
  const intake = status.dogstatsd;
  return {
    lines: intake?.metrics ?? 0,
    kernelDrops: intake?.udp?.kernelDrops ?? 0,
    agentDrops: (intake?.dropsTotal ?? 0) + (intake?.parseErrorsTotal ?? 0),
    storeOffered: status.store?.offered.metrics ?? 0,
    storeRefused: status.store?.dropped.metrics ?? 0,
  };
}

/** Waits until the agent has parsed everything it received (its line counter stops moving), bounded. */
async function settled(agent: AgentProcess, maxMs: number): Promise<AgentStatus> {
  const deadline = performance.now() + maxMs;
  let status = await agent.status();
  for (;;) {
    await sleep(250);
    const next = await agent.status();
    if (counters(next).lines === counters(status).lines || performance.now() > deadline) return next;
    status = next;
  }
}

async function runStep(
  agent: AgentProcess,
  name: string,
  store: boolean,
  flushIntervalSeconds: number,
  linesPerSecond: number,
  contexts: number,
  durationMs: number,
): Promise<DogStatsDStep> {
  const pid = agent.pid;
  if (pid === undefined) throw new Error('the agent is not running');
  const before = counters(await settled(agent, 10_000));
  const cpuBefore = snapshotProcess(pid);
  let peakRss = cpuBefore?.rssBytes ?? 0;
  // RSS is sampled through the step: the peak is what the machine must have.
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, snapshotProcess(pid)?.rssBytes ?? 0);
  }, 200);
  let load: LoadResult;
  try {
    load = await runDogStatsDLoad({ port: agent.dogstatsdPort, linesPerSecond, durationMs, contexts });
  } finally {
    clearInterval(sampler);
  }
  // What still sits in the socket buffer when the sender stops belongs to this step.
  const status = await settled(agent, 10_000);
  const cpuAfter = snapshotProcess(pid);
  const after = counters(status);
  const seconds = load.durationMs / 1000;
  const processed = after.lines - before.lines;
  return {
    name,
    store,
    flushIntervalSeconds,
    targetLinesPerSecond: linesPerSecond,
    contexts,
    sentLinesPerSecond: load.lines / seconds,
    processedLinesPerSecond: processed / seconds,
    lostLines: Math.max(0, load.lines - processed),
    kernelDrops: after.kernelDrops - before.kernelDrops,
    agentDrops: after.agentDrops - before.agentDrops,
    // The agent's CPU for exactly these lines (settle included), spread over the time they were sent in.
    agentCores: cpuSecondsBetween(cpuBefore, cpuAfter) / seconds,
    agentCpuMicrosPerLine: (cpuSecondsBetween(cpuBefore, cpuAfter) * 1e6) / processed,
    agentRssBytes: Math.max(peakRss, cpuAfter?.rssBytes ?? 0),
    liveContexts: status.aggregator.contexts,
    prometheusSeries: status.prometheus?.series ?? Number.NaN,
    storeSamplesOffered: after.storeOffered - before.storeOffered,
    storeSamplesRefused: after.storeRefused - before.storeRefused,
  };
}

const AFTER_FLUSH_MS = 200;

/**
 * Waits until just after the agent's next flush (it flushes on wall-clock multiples of its interval) and
 * returns a step length that holds `flushes` full flushes. Started anywhere, a 5 s step held two or three,
 * and memory steps with two read lower than those with three.
 */
async function startAfterFlush(intervalSeconds: number, flushes: number): Promise<number> {
  const intervalMs = intervalSeconds * 1000;
  await sleep(intervalMs - (Date.now() % intervalMs) + AFTER_FLUSH_MS);
  return flushes * intervalMs + AFTER_FLUSH_MS;
}

export interface DogStatsDRunOptions {
  /** Agent processes run with --cpu-prof into this folder. */
  cpuProfileDir?: string;
  /** Only the steps whose name contains this text (e.g. "contexts"); all when undefined. */
  only?: string;
  /** The agent CLI to run (default: this checkout's dist). */
  cli?: string;
  /** Appended to every step name, e.g. " (baseline)". */
  label?: string;
}

export async function runDogStatsDBenchmark(
  plan: DogStatsDPlan,
  log: (line: string) => void,
  run: DogStatsDRunOptions = {},
): Promise<DogStatsDStep[]> {
  const label = run.label ?? '';
  const wanted = (name: string): boolean => run.only === undefined || name.includes(run.only);
  const settings = { ...plan, cpuProfileDir: run.cpuProfileDir, cli: run.cli };
  const steps: DogStatsDStep[] = [];
  const describe = (s: DogStatsDStep) =>
    `${Math.round(s.processedLinesPerSecond).toLocaleString('en-US')} lines/s parsed of ` +
    `${Math.round(s.sentLinesPerSecond).toLocaleString('en-US')} sent, ${s.lostLines} lost, ` +
    `${s.agentCores.toFixed(2)} cores, RSS ${(s.agentRssBytes / 1024 ** 2).toFixed(0)} MB, ${s.liveContexts} contexts, ` +
    `${s.prometheusSeries} Prometheus series` +
    (s.store ? `, store refused ${s.storeSamplesRefused} of ${s.storeSamplesOffered} samples` : '');
  const rateNames = plan.rates.map((rate) => `${rate / 1000}k/s`);
  if (rateNames.some(wanted)) {
    const agent = new AgentProcess();
    await agent.start({ ...settings, storage: true });
    try {
      // Warm-up: JIT and the contexts of the rate steps, not reported.
      await runStep(
        agent,
        'warm-up',
        true,
        plan.flushIntervalSeconds,
        plan.rates[0]!,
        plan.contexts,
        Math.min(plan.stepMs, 2_000),
      );
      for (const [index, rate] of plan.rates.entries()) {
        if (!wanted(rateNames[index]!)) continue;
        const step = await runStep(
          agent,
          `${rateNames[index]}${label}`,
          true,
          plan.flushIntervalSeconds,
          rate,
          plan.contexts,
          plan.stepMs,
        );
        steps.push(step);
        log(`agent: dogstatsd ${step.name}: ${describe(step)}`);
      }
    } finally {
      await agent.stop();
    }
  }
  // Memory with many live contexts on a fresh agent, so the rate steps' contexts do not count: as
  // configured by default (store on), with the store off to tell their costs apart, and with V8 sizing the
  // young generation itself (what the held one saves); these hold the first three flushes at the
  // benchmark's short interval. Then a long step at the agent's default flush interval: what the memory
  // settles at. A baseline build may not know the young-generation key: it runs the others only.
  const steadyName = `${plan.steadySeconds} s at flush_interval ${plan.steadyFlushIntervalSeconds}`;
  const memorySteps: { suffix: string; storage: boolean; youngGenerationGrowth?: true; steady?: true }[] = [
    { suffix: '', storage: true },
    { suffix: ', store off', storage: false },
    ...(label === ''
      ? [{ suffix: `, ${YOUNG_GENERATION_GROWTH}`, storage: true, youngGenerationGrowth: true as const }]
      : []),
    { suffix: `, ${steadyName}`, storage: true, steady: true },
  ];
  for (const { suffix, storage, youngGenerationGrowth, steady } of memorySteps) {
    const name = `${plan.manyContexts / 1000}k contexts${suffix}`;
    if (!wanted(name)) continue;
    const flushIntervalSeconds = steady ? plan.steadyFlushIntervalSeconds : plan.flushIntervalSeconds;
    const fresh = new AgentProcess();
    await fresh.start({ ...settings, flushIntervalSeconds, storage, youngGenerationGrowth });
    try {
      const step = await runStep(
        fresh,
        `${name}${label}`,
        storage,
        flushIntervalSeconds,
        plan.manyContextsRate,
        plan.manyContexts,
        steady
          ? plan.steadySeconds * 1000
          : await startAfterFlush(flushIntervalSeconds, plan.manyContextsFlushes),
      );
      if (youngGenerationGrowth) step.variant = YOUNG_GENERATION_GROWTH;
      if (steady) step.steady = true;
      steps.push(step);
      log(`agent: dogstatsd ${step.name}: ${describe(step)}`);
    } finally {
      await fresh.stop();
    }
  }
  return steps;
}
