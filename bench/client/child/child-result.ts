// The one line a client child prints when it is done: `BENCH_RESULT {json}`.

export const CHILD_RESULT_PREFIX = 'BENCH_RESULT';
export const CHILD_TASK_ENV = 'BENCH_CHILD_TASK';

export interface ChildMeasurement {
  /** Messages produced or consumed inside the measured window. */
  messages: number;
  /** Wall time of the measured work (drain excluded). */
  wallMs: number;
  /** User + system CPU over the measured work plus the closing telemetry flush, microseconds. */
  cpuMicros: number;
  /**
   * The user-space part of `cpuMicros`. The rest is the kernel's, and on loopback that includes delivering
   * each request to the broker's socket: it varies with scheduling more than with the instrumentation.
   */
  userCpuMicros: number;
  /** The main thread's share of `cpuMicros` (Linux only; 10 ms resolution), see bench/support/proc-stats.ts. */
  mainThreadCpuMicros?: number;
  /** Whether the variant's telemetry was flushed at the window's edges (false: none registered, e.g. bare). */
  flushed: boolean;
  /** heapUsed after a full GC, before the measured work (connected and warmed up). */
  heapBeforeBytes: number;
  /** heapUsed after a full GC, after the closing flush. */
  heapAfterBytes: number;
  rssBytes: number;
  /** 99th percentile event-loop delay during the measured work, ms. */
  eventLoopDelayP99Ms: number;
  /** The window on the monotonic clock V8's CPU profiles use (µs): lets a profile be cut to it. */
  window: { startMicros: number; endMicros: number };
}
