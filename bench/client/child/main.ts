// A client benchmark child: runs one workload once, under whatever instrumentation the harness preloaded
// (`-r`), and prints its measurement as one `BENCH_RESULT {json}` line. Fresh process, fresh module state.
import { CHILD_RESULT_PREFIX, CHILD_TASK_ENV, type ChildMeasurement } from './child-result';
import { runConsume } from './consume';
import { Meter } from './meter';
import { runProduce } from './produce';
import type { ChildTask } from '../workloads';

/** Longest a consume run may wait for its messages (group join included). */
const CONSUME_TIMEOUT_MS = 120_000;

async function main(): Promise<void> {
  const raw = process.env[CHILD_TASK_ENV];
  if (!raw) throw new Error(`${CHILD_TASK_ENV} is not set: this script is started by bench/run`);
  const task = JSON.parse(raw) as ChildTask;
  const meter = new Meter();
  const outcome =
    task.workload.kind === 'produce'
      ? await runProduce(task.workload, task.brokers, meter)
      : await runConsume(task.workload, task.brokers, task.groupId, meter, CONSUME_TIMEOUT_MS);
  const measurement: ChildMeasurement = await meter.finish(outcome.messages);
  process.stdout.write(`${CHILD_RESULT_PREFIX} ${JSON.stringify(measurement)}\n`);
  // Leaving cleanly is not part of the measurement; give it a moment, then go. (A paused kafkajs consumer
  // can take seconds to stop; its group is never used again, the broker expires the member.)
  await Promise.race([outcome.close(), new Promise((resolve) => setTimeout(resolve, 500).unref())]);
  process.exit(0);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `bench child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
