// Times the kafka_consumer check's own code (loaded and run through the agent's CheckRunner.runOnce, as the
// agent schedules it) against the benchmark's groups: wall time per run and what one run submits.
import { CheckRunner, loadCheck } from '../../src/agent/checks';
import type { Flush } from '../../src/agent/model';
import { benchBrokers } from '../support/kafka';
import type { GroupPlan } from './bench-groups';

export interface CheckRunTiming {
  run: number;
  elapsedMs: number;
  state: string;
  consumerLagSeries: number;
  samples: number;
  warnings: string[];
  error?: string;
}

export interface CheckBenchSettings {
  runs: number;
  /** max_partition_contexts for the instance: the default (10 000) is below 1 000 × 10 + the topic's own. */
  maxPartitionContexts: number;
}

export async function runConsumerCheckBenchmark(
  plan: GroupPlan,
  settings: CheckBenchSettings,
  log: (line: string) => void,
): Promise<CheckRunTiming[]> {
  // The runner hands each run's output to its sink as one flush.
  const flushes: Flush[] = [];
  const runner = new CheckRunner({
    sinks: { name: 'bench', write: (flush) => void flushes.push(flush) },
    unrefTimers: true,
  });
  const loaded = loadCheck(
    'kafka_consumer',
    {
      init_config: {},
      instances: [
        {
          kafka_connect_str: benchBrokers().join(','),
          consumer_groups_regex: { [plan.groupRegex]: {} },
          max_partition_contexts: settings.maxPartitionContexts,
        },
      ],
    },
    'bench:kafka_consumer.yaml',
  );
  const configured = loaded.instances[0];
  if (!configured || loaded.problems.length > 0) {
    throw new Error(`kafka_consumer config refused: ${JSON.stringify(loaded.problems)}`);
  }
  runner.add(configured);
  const timings: CheckRunTiming[] = [];
  try {
    for (let run = 1; run <= settings.runs; run += 1) {
      const flushesBefore = flushes.length;
      const started = performance.now();
      const status = await runner.runOnce(configured.id);
      const elapsedMs = performance.now() - started;
      const metrics = flushes.slice(flushesBefore).flatMap((flush) => flush.metrics);
      flushes.length = 0;
      const timing: CheckRunTiming = {
        run,
        elapsedMs,
        state: status.state,
        consumerLagSeries: metrics.filter((m) => m.name === 'kafka.consumer_lag').length,
        samples: metrics.length,
        warnings: status.lastWarnings,
      };
      if (status.lastError) timing.error = status.lastError.message;
      timings.push(timing);
      log(
        `consumer-check: run ${run}: ${elapsedMs.toFixed(0)} ms, ${timing.state}, ` +
          `${timing.consumerLagSeries} consumer_lag series, ${timing.samples} samples`,
      );
    }
  } finally {
    await runner.stop();
  }
  return timings;
}
