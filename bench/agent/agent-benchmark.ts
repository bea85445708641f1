// The agent throughput benchmark as bench/run sees it: DogStatsD steps, rendered with the targets.
import { join, resolve } from 'node:path';
import type { BenchmarkReport, ProgressLog } from '../benchmark-section';
import type { BenchOptions } from '../cli-options';
import { fixed, thousands } from '../support/format';
import { renderTable } from '../support/table';
import { DOGSTATSD_PLANS, runDogStatsDBenchmark, type DogStatsDStep } from './dogstatsd-bench';

const TARGET_RATE = 250_000;
const ZERO_DROP_RATE = 100_000;
const RSS_LIMIT_BYTES = 150 * 1024 * 1024;

function stepsTable(steps: readonly DogStatsDStep[]): string {
  return renderTable(
    [
      { title: 'step' },
      { title: 'contexts', align: 'right' },
      { title: 'sent lines/s', align: 'right' },
      { title: 'parsed lines/s', align: 'right' },
      { title: 'lost lines', align: 'right' },
      { title: 'kernel drops', align: 'right' },
      { title: 'agent CPU (cores)', align: 'right' },
      { title: 'CPU µs/line', align: 'right' },
      { title: 'agent RSS MB', align: 'right' },
      { title: 'live contexts', align: 'right' },
      { title: 'Prometheus series', align: 'right' },
    ],
    steps.map((s) => [
      s.name,
      thousands(s.contexts),
      thousands(s.sentLinesPerSecond),
      thousands(s.processedLinesPerSecond),
      thousands(s.lostLines),
      thousands(s.kernelDrops),
      fixed(s.agentCores, 2),
      fixed(s.agentCpuMicrosPerLine, 2),
      fixed(s.agentRssBytes / 1024 ** 2, 0),
      thousands(s.liveContexts),
      thousands(s.prometheusSeries),
    ]),
  );
}

function verdictsTable(steps: readonly DogStatsDStep[], manyContexts: number): string {
  const rateSteps = steps.filter((s) => s.contexts !== manyContexts);
  const best = rateSteps.reduce<DogStatsDStep | undefined>(
    (top, s) => (!top || s.processedLinesPerSecond > top.processedLinesPerSecond ? s : top),
    undefined,
  );
  const atZeroDropRate = rateSteps.find((s) => s.targetLinesPerSecond === ZERO_DROP_RATE);
  const many = steps.filter((s) => s.contexts === manyContexts);
  // The verdicts are for the agent as it runs by default; the variant step is shown beside them.
  const memory = many.find((s) => s.store && s.variant === undefined && !s.steady);
  const memoryNoStore = many.find((s) => !s.store);
  const memoryVariant = many.find((s) => s.variant !== undefined);
  const memorySteady = many.find((s) => s.steady);
  const megabytes = (s: DogStatsDStep) => `${fixed(s.agentRssBytes / 1024 ** 2, 0)} MB`;
  // Met only when both the first flushes (short interval) and the steady state (default interval) are.
  const memorySteps = [memory, memorySteady].filter((s): s is DogStatsDStep => s !== undefined);
  const rows: string[][] = [
    [
      `≥ ${thousands(TARGET_RATE)} metrics/s on one core`,
      best
        ? `${thousands(best.processedLinesPerSecond)} lines/s at ${fixed(best.agentCores, 2)} cores (step ${best.name})`
        : 'not measured',
      best ? (best.processedLinesPerSecond >= TARGET_RATE ? 'yes' : 'NO') : 'n/a',
    ],
    [
      `0 drops at ${thousands(ZERO_DROP_RATE)}/s`,
      atZeroDropRate
        ? `${thousands(atZeroDropRate.lostLines)} lines lost, ${thousands(atZeroDropRate.kernelDrops)} kernel drops`
        : 'step not run',
      atZeroDropRate ? (atZeroDropRate.lostLines === 0 ? 'yes' : 'NO') : 'n/a',
    ],
    [
      `0 drops at ${thousands(memory?.targetLinesPerSecond ?? ZERO_DROP_RATE)}/s with ${thousands(manyContexts)} contexts`,
      memory
        ? `${thousands(memory.lostLines)} lines lost at ${thousands(memory.sentLinesPerSecond)}/s` +
          (memoryNoStore ? `; store off: ${thousands(memoryNoStore.lostLines)}` : '') +
          (memoryVariant ? `; ${memoryVariant.variant}: ${thousands(memoryVariant.lostLines)}` : '')
        : 'not measured',
      memory ? (memory.lostLines === 0 ? 'yes' : 'NO') : 'n/a',
    ],
    [
      `RSS < 150 MB at ${thousands(manyContexts)} live contexts`,
      memorySteps.length > 0
        ? [
            memory &&
              `${megabytes(memory)} with ${thousands(memory.liveContexts)} contexts ` +
                `(first flushes, flush_interval ${memory.flushIntervalSeconds} s)`,
            memorySteady &&
              `${megabytes(memorySteady)} in steady state (flush_interval ${memorySteady.flushIntervalSeconds} s)`,
            memoryNoStore && `store off: ${megabytes(memoryNoStore)}`,
            memoryVariant && `${memoryVariant.variant}: ${megabytes(memoryVariant)}`,
          ]
            .filter(Boolean)
            .join('; ')
        : 'not measured',
      memorySteps.length > 0
        ? memorySteps.every((s) => s.agentRssBytes < RSS_LIMIT_BYTES)
          ? 'yes'
          : 'NO'
        : 'n/a',
    ],
  ];
  return renderTable([{ title: 'target' }, { title: 'measured' }, { title: 'met?' }], rows);
}

export async function agentBenchmark(options: BenchOptions, log: ProgressLog): Promise<BenchmarkReport> {
  const plan = DOGSTATSD_PLANS[options.quick ? 'quick' : 'full'];
  const run = { cpuProfileDir: options.cpuProfileDir, only: options.only };
  const steps = await runDogStatsDBenchmark(plan, log, run);
  // Another build side by side (--baseline DIR: its DIR/dist, next to a package.json), after this one.
  const baseline = options.baselineDir
    ? await runDogStatsDBenchmark(plan, log, {
        ...run,
        cli: join(resolve(options.baselineDir), 'dist', 'src', 'cli', 'main.js'),
        label: ' (baseline)',
      })
    : [];
  const all = [...steps, ...baseline];
  return {
    name: 'agent',
    incomplete: all.some((s) => !Number.isFinite(s.processedLinesPerSecond)),
    sections: [
      {
        title: 'Agent: DogStatsD intake (kinstrument agent process, UDP on loopback)',
        method:
          `A load generator process sends kinstrument-shaped metric lines (catalog names, 7 tags, ≤ 1432-byte ` +
          `datagrams) at each rate for ${plan.stepMs / 1000} s to \`kinstrument agent\` (flush_interval ` +
          `${plan.flushIntervalSeconds} s, dogstatsd_so_rcvbuf ${plan.receiveBufferBytes / 1024 ** 2} MiB). Parsed lines from ` +
          '/api/v1/status once its counter settles; CPU (from /proc) for those lines over the sending time ' +
          '(cores, all threads) and per line; peak RSS sampled every 200 ms. The contexts steps run on fresh ' +
          `agents, with the store on (default) and off; they hold the first ${plan.manyContextsFlushes} flushes, ` +
          `except the last, which runs ${plan.steadySeconds} s at the agent's default flush_interval ` +
          `(${plan.steadyFlushIntervalSeconds} s in this plan).`,
        table: stepsTable(all),
      },
      {
        title: 'Agent targets (reported, not asserted)',
        method:
          'Best parsed rate over the steps; losses at 100k/s; peak RSS with many live contexts, in the first ' +
          'flushes and in the steady step (met when both are).',
        table: verdictsTable(steps, plan.manyContexts),
      },
    ],
    data: { plan, steps, baseline },
  };
}
