// The client overhead benchmark as bench/run sees it: run, summarise, render.
import type { BenchmarkReport, ProgressLog } from '../benchmark-section';
import type { BenchOptions } from '../cli-options';
import { clientTable, clientTargets, summarizeClient, targetsTable } from './client-report';
import { runClientBenchmark } from './run-client';

export async function clientBenchmark(options: BenchOptions, log: ProgressLog): Promise<BenchmarkReport> {
  const result = await runClientBenchmark({
    scale: options.quick ? 'quick' : 'full',
    scaleFactor: options.scaleFactor,
    rounds: options.rounds,
    only: options.only,
    variants: options.variants,
    cpuProfileDir: options.cpuProfileDir,
    allocProfileDir: options.allocProfileDir,
    childFlags: options.childFlags,
    baselineDir: options.baselineDir,
    log,
  });
  const summaries = summarizeClient(result);
  const verdicts = clientTargets(summaries, result.workloads);
  const failures = result.samples.filter((s) => !s.measurement);
  return {
    name: 'client',
    incomplete: failures.length > 0,
    sections: [
      {
        title: 'Client overhead (real broker, 1 KiB messages)',
        method:
          `${result.variants.length} variants × ${options.rounds} round(s), interleaved, each run in a fresh child ` +
          '(--expose-gc). msg/s and ELD over the measured window; CPU over it plus a telemetry flush at ' +
          'each edge; ' +
          '× bare and +CPU are medians of per-round pairs with bare; +heap = heapUsed after GC − bare.' +
          (options.childFlags.length > 0 ? ` Children ran with ${options.childFlags.join(' ')}.` : ''),
        table: clientTable(summaries),
      },
      {
        title: 'Client targets (reported, not asserted)',
        method: 'kinstrument full/traces against bare kafkajs and the peers, per workload.',
        table: targetsTable(verdicts),
      },
    ],
    data: { samples: result.samples, summaries, verdicts },
  };
}
