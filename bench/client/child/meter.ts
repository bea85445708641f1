// Measures one window of work inside the child: wall time, CPU (process.cpuUsage), event-loop delay
// (monitorEventLoopDelay) and heap after a forced GC (the child runs with --expose-gc). The window opens and
// closes with a telemetry flush, so the export work for the window's messages is counted in it. With
// `--alloc-prof` it also samples the window's allocations (allocation-sampling.ts).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { mainThreadCpuMicros } from '../../support/proc-stats';
import { AllocationSampling } from './allocation-sampling';
import type { ChildMeasurement } from './child-result';
import { flushTelemetry } from './flush-hook';

const FLUSH_TIMEOUT_MS = 10_000;
/**
 * Pause after each edge flush, the same for every variant (bare included): a kafkajs consumer keeps
 * fetching and decoding ahead in the background, so without it a variant whose flush takes longer would
 * have more of the window's decoding done before the window opens (and more of the next batch after it
 * closes). With it, every variant enters and leaves the window with the same read-ahead.
 */
const SETTLE_MS = 250;

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc !== 'function') throw new Error('run the benchmark child with --expose-gc');
  gc();
}

/** process.hrtime in µs: the clock of V8's CPU profile timestamps. */
function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

export class Meter {
  private readonly delay = monitorEventLoopDelay({ resolution: 10 });
  private readonly allocations = new AllocationSampling();
  private cpuAtStart: NodeJS.CpuUsage | undefined;
  private mainCpuAtStart: number | undefined;
  private opening = false;
  private startedAt = 0;
  private wallMs = Number.NaN;
  private heapBeforeBytes = Number.NaN;
  private windowStartMicros = 0;

  /** True from the moment start() is called (so a second caller does not start it again). */
  get started(): boolean {
    return this.opening;
  }

  async start(): Promise<void> {
    this.opening = true;
    // Telemetry of the warm-up leaves now, outside the window.
    await flushTelemetry(FLUSH_TIMEOUT_MS);
    await sleep(SETTLE_MS);
    collectGarbage();
    this.heapBeforeBytes = process.memoryUsage().heapUsed;
    await this.allocations.start();
    this.delay.reset();
    this.delay.enable();
    this.cpuAtStart = process.cpuUsage();
    this.mainCpuAtStart = mainThreadCpuMicros();
    this.startedAt = performance.now();
    this.windowStartMicros = monotonicMicros();
  }

  /** Ends the measured work; CPU keeps counting through the flush that `finish` does. */
  stopWork(): void {
    this.wallMs = performance.now() - this.startedAt;
    this.delay.disable();
  }

  async finish(messages: number): Promise<ChildMeasurement> {
    if (!this.cpuAtStart) throw new Error('Meter.finish() before start()');
    const flushed = await flushTelemetry(FLUSH_TIMEOUT_MS);
    await sleep(SETTLE_MS);
    const cpu = process.cpuUsage(this.cpuAtStart);
    const mainCpu = mainThreadCpuMicros();
    const windowEndMicros = monotonicMicros();
    await this.allocations.stop();
    collectGarbage();
    const memory = process.memoryUsage();
    return {
      messages,
      wallMs: this.wallMs,
      cpuMicros: cpu.user + cpu.system,
      userCpuMicros: cpu.user,
      mainThreadCpuMicros:
        mainCpu === undefined || this.mainCpuAtStart === undefined
          ? undefined
          : mainCpu - this.mainCpuAtStart,
      flushed,
      heapBeforeBytes: this.heapBeforeBytes,
      heapAfterBytes: memory.heapUsed,
      rssBytes: memory.rss,
      eventLoopDelayP99Ms: this.delay.percentile(99) / 1e6,
      window: { startMicros: this.windowStartMicros, endMicros: windowEndMicros },
    };
  }
}
