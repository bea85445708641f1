// Starts the DogStatsD load generator (load-generator.ts) as its own process and returns what it sent.
import { cleanEnvironment, runChild } from '../support/child-process';
import { benchScript } from '../support/paths';
import { LOADGEN_RESULT_PREFIX, LOADGEN_TASK_ENV, type LoadResult, type LoadTask } from './load-protocol';

export async function runDogStatsDLoad(task: LoadTask): Promise<LoadResult> {
  const run = await runChild<LoadResult>({
    nodeArgs: [benchScript('agent', 'load-generator.js')],
    env: { ...cleanEnvironment(), [LOADGEN_TASK_ENV]: JSON.stringify(task) },
    resultPrefix: LOADGEN_RESULT_PREFIX,
    timeoutMs: task.durationMs + 30_000,
  });
  return run.result;
}
