// The kafka_consumer check benchmark as bench/run sees it: ensure the groups, time runs, render.
import type { BenchmarkReport, ProgressLog } from '../benchmark-section';
import type { BenchOptions } from '../cli-options';
import { fixed, thousands } from '../support/format';
import { maxOf, median, minOf } from '../support/stats';
import { renderTable } from '../support/table';
import { ensureBenchGroups, GROUP_PLANS } from './bench-groups';
import { runConsumerCheckBenchmark } from './check-bench';

const TARGET_MS = 2_000;

export async function consumerCheckBenchmark(
  options: BenchOptions,
  log: ProgressLog,
): Promise<BenchmarkReport> {
  const plan = GROUP_PLANS[options.quick ? 'quick' : 'full'];
  const setupStarted = performance.now();
  const created = await ensureBenchGroups(plan, log);
  const setupMs = performance.now() - setupStarted;
  const timings = await runConsumerCheckBenchmark(
    plan,
    { runs: options.quick ? 1 : 5, maxPartitionContexts: 20_000 },
    log,
  );
  const elapsed = timings.map((t) => t.elapsedMs);
  const typical = median(elapsed);
  const rows = timings.map((t) => [
    String(t.run),
    fixed(t.elapsedMs, 0),
    t.state,
    thousands(t.consumerLagSeries),
    thousands(t.samples),
    t.error ?? t.warnings.join('; ').slice(0, 120),
  ]);
  return {
    name: 'consumer-check',
    incomplete: timings.some((t) => t.state === 'ERROR'),
    sections: [
      {
        title: `kafka_consumer check: ${thousands(plan.groups)} groups × ${plan.partitions} partitions`,
        method:
          "The check's own code through CheckRunner.runOnce (as the agent runs it; a new admin connection per run, " +
          `close_admin_client default), consumer_groups_regex ${plan.groupRegex}, max_partition_contexts 20000. ` +
          `Groups ${created > 0 ? `created in this run (${created}, ${fixed(setupMs / 1000, 0)} s)` : 'reused'}.`,
        table: renderTable(
          [
            { title: 'run' },
            { title: 'ms', align: 'right' },
            { title: 'state' },
            { title: 'consumer_lag series', align: 'right' },
            { title: 'samples', align: 'right' },
            { title: 'warnings / error' },
          ],
          rows,
        ),
      },
      {
        title: 'kafka_consumer target (reported, not asserted)',
        method: 'Median over the runs (min–max).',
        table: renderTable(
          [{ title: 'target' }, { title: 'measured' }, { title: 'met?' }],
          [
            [
              `< ${TARGET_MS / 1000} s per run at ${thousands(plan.groups)} × ${plan.partitions}`,
              `${fixed(typical, 0)} ms (${fixed(minOf(elapsed), 0)}–${fixed(maxOf(elapsed), 0)})`,
              Number.isFinite(typical) ? (typical < TARGET_MS ? 'yes' : 'NO') : 'n/a',
            ],
          ],
        ),
      },
    ],
    data: { plan, created, setupMs, timings },
  };
}
