// How the harness and the DogStatsD load generator talk: a task in the environment, one result line.

export const LOADGEN_RESULT_PREFIX = 'LOADGEN_RESULT';
export const LOADGEN_TASK_ENV = 'BENCH_LOADGEN_TASK';

export interface LoadTask {
  port: number;
  linesPerSecond: number;
  durationMs: number;
  contexts: number;
}

export interface LoadResult {
  lines: number;
  packets: number;
  /** From the first send to the last. */
  durationMs: number;
  sendErrors: number;
}
