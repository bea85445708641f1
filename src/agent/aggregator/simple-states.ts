// Per-window state for DogStatsD counters, gauges and sets.
import type { EmitSeries } from './emit';

/**
 * DogStatsD `c`. Datadog's Agent submits a counter as a RATE: the window's sum (each value scaled by
 * 1/sample_rate) divided by the window length, with the interval attached so the count can be
 * recovered (`value × interval`). We do the same, so numbers match what Datadog users see; the
 * Prometheus exporter turns these back into monotonic `_total` counters for Prometheus users.
 *
 * Also like Datadog, a counter keeps reporting 0 in windows without samples until its context expires
 * (`dogstatsd_expiry_seconds`): "nothing happened" is a value for a counter, unlike a gauge.
 */
export class CounterState {
  readonly kind = 'counter';
  private sum = 0;
  private sampled = false;

  add(value: number, sampleRate: number): void {
    this.sum += value / sampleRate;
    this.sampled = true;
  }

  get hasData(): boolean {
    return this.sampled;
  }

  flush(emit: EmitSeries, intervalSeconds: number): void {
    emit('', 'rate', this.sum / intervalSeconds);
    this.sum = 0;
    this.sampled = false;
  }
}

/** DogStatsD `g`: the last value of the window (sample rates do not apply to gauges). */
export class GaugeState {
  readonly kind = 'gauge';
  private value = 0;
  private sampled = false;

  add(value: number): void {
    this.value = value;
    this.sampled = true;
  }

  get hasData(): boolean {
    return this.sampled;
  }

  flush(emit: EmitSeries): void {
    if (!this.sampled) return;
    emit('', 'gauge', this.value);
    this.sampled = false;
  }
}

/** DogStatsD `s`: the number of distinct members seen in the window, as a gauge. */
export class SetState {
  readonly kind = 'set';
  private readonly members = new Set<string>();

  constructor(private readonly maxMembers: number) {}

  /** False when the member was new but the set is full (the flushed count is then a lower bound). */
  add(member: string): boolean {
    if (this.members.size >= this.maxMembers && !this.members.has(member)) return false;
    this.members.add(member);
    return true;
  }

  get hasData(): boolean {
    return this.members.size > 0;
  }

  flush(emit: EmitSeries): void {
    if (this.members.size === 0) return;
    emit('', 'gauge', this.members.size);
    this.members.clear();
  }
}
