// The CheckContext of one run: collects what the check submits into a Flush, turning cumulative counters into
// deltas (`monotonicCount`) and per-second derivatives (`rate`) against the previous run.
import type { AgentEvent, Flush, MetricSample, ServiceCheck, ServiceCheckStatus } from '../../model';
import type { CheckContext, SubmitOptions } from '../types';
import { counterKey, type CounterState } from './counter-state';

export interface RunContextOptions {
  /** Check name, stored as `source` on every sample. */
  check: string;
  /** Instance tags added to everything submitted. */
  baseTags: readonly string[];
  counters: CounterState;
  run: number;
  /** Current time in milliseconds (injectable for tests). */
  now: () => number;
  /** Seconds between runs: the interval of submitted counts. */
  intervalSeconds: number;
  signal: AbortSignal;
  /** Most metric samples one run may submit; the rest are dropped and counted. */
  maxSamples?: number;
  /** Most warnings kept per run. */
  maxWarnings?: number;
}

export class RunContext implements CheckContext {
  readonly metrics: MetricSample[] = [];
  readonly serviceChecks: ServiceCheck[] = [];
  readonly events: AgentEvent[] = [];
  readonly metadata = new Map<string, string>();
  readonly warnings: string[] = [];
  /** Samples dropped because the run hit `maxSamples`. */
  droppedSamples = 0;
  /** Monotonic counters that went backwards (restart): that run submits nothing for them. */
  counterResets = 0;
  readonly signal: AbortSignal;
  private readonly maxSamples: number;
  private readonly maxWarnings: number;
  private sealed = false;

  constructor(private readonly options: RunContextOptions) {
    this.signal = options.signal;
    this.maxSamples = options.maxSamples ?? 100_000;
    this.maxWarnings = options.maxWarnings ?? 20;
  }

  gauge(name: string, value: number, options: SubmitOptions = {}): void {
    this.push(name, 'gauge', value, options);
  }

  count(name: string, value: number, options: SubmitOptions = {}): void {
    this.push(name, 'count', value, options, this.options.intervalSeconds);
  }

  monotonicCount(name: string, value: number, options: SubmitOptions = {}): void {
    const previous = this.swapCounter('monotonic_count', name, value, options);
    if (!previous) return;
    const delta = value - previous.value;
    if (delta < 0) {
      // The counter restarted (e.g. the broker restarted): the increase since the reset is unknowable.
      this.counterResets += 1;
      return;
    }
    this.push(name, 'count', delta, options, this.elapsed(previous.time));
  }

  rate(name: string, value: number, options: SubmitOptions = {}): void {
    const previous = this.swapCounter('rate', name, value, options);
    if (!previous) return;
    const seconds = this.elapsed(previous.time);
    const delta = value - previous.value;
    if (seconds <= 0) return;
    if (delta < 0) {
      this.counterResets += 1;
      return;
    }
    // Datadog checks flush a rate as a gauge holding the per-second value.
    this.push(name, 'gauge', delta / seconds, options);
  }

  serviceCheck(
    name: string,
    status: ServiceCheckStatus,
    options: SubmitOptions & { message?: string } = {},
  ): void {
    if (this.sealed) return;
    this.serviceChecks.push({
      name,
      status,
      timestamp: this.nowSeconds(),
      tags: this.tags(options.tags),
      ...(options.hostname !== undefined ? { host: options.hostname } : {}),
      ...(options.message !== undefined ? { message: options.message } : {}),
    });
  }

  event(event: Parameters<CheckContext['event']>[0]): void {
    if (this.sealed || this.events.length >= this.maxSamples) return;
    this.events.push({
      title: event.title,
      text: event.text,
      timestamp: this.nowSeconds(),
      tags: this.tags(event.tags),
      sourceTypeName: this.options.check,
      ...(event.alertType ? { alertType: event.alertType } : {}),
      ...(event.aggregationKey ? { aggregationKey: event.aggregationKey } : {}),
    });
  }

  setMetadata(key: string, value: string): void {
    this.metadata.set(key, value);
  }

  warning(message: string): void {
    if (this.warnings.length < this.maxWarnings) this.warnings.push(message);
  }

  flush(): Flush {
    return { metrics: this.metrics, serviceChecks: this.serviceChecks, events: this.events };
  }

  /** Ignores everything submitted from now on: a run that timed out may still be finishing. */
  seal(): void {
    this.sealed = true;
  }

  private push(
    name: string,
    type: MetricSample['type'],
    value: number,
    options: SubmitOptions,
    intervalSeconds?: number,
  ): void {
    if (this.sealed || !Number.isFinite(value)) return;
    if (this.metrics.length >= this.maxSamples) {
      this.droppedSamples += 1;
      return;
    }
    this.metrics.push({
      name,
      type,
      value,
      timestamp: this.nowSeconds(),
      tags: this.tags(options.tags),
      source: this.options.check,
      ...(options.hostname !== undefined ? { host: options.hostname } : {}),
      ...(intervalSeconds !== undefined ? { intervalSeconds } : {}),
    });
  }

  private swapCounter(kind: string, name: string, value: number, options: SubmitOptions) {
    if (this.sealed || !Number.isFinite(value)) return undefined;
    const key = counterKey(kind, name, this.tags(options.tags), options.hostname);
    return this.options.counters.swap(key, { value, time: this.options.now() / 1000 }, this.options.run);
  }

  private elapsed(previousTime: number): number {
    return this.options.now() / 1000 - previousTime;
  }

  private nowSeconds(): number {
    return Math.floor(this.options.now() / 1000);
  }

  private tags(extra: readonly string[] | undefined): string[] {
    return [...new Set([...this.options.baseTags, ...(extra ?? [])])].sort();
  }
}
