// Per-window state for DogStatsD histograms and timers (`h`, `ms`), with Datadog's flush semantics:
// `.max .median .avg .count` by default (configurable with `min` and `sum`), plus `.<N>percentile`.
// Percentiles are exact over the window's samples, each weighted by 1/sample_rate: a sample is the
// answer for percentile p once the running weight passes (p × count − 1) / 100, the median once it
// passes (count − 1) / 2 — the rule the Datadog Agent uses, so values agree with it.
import type { EmitSeries } from './emit';
import type { HistogramAggregate } from './options';

export interface HistogramSettings {
  aggregates: readonly HistogramAggregate[];
  /** Percents (95 for 0.95), ascending. */
  percents: readonly number[];
  maxSamples: number;
}

export class HistogramState {
  readonly kind = 'histogram';
  private values: number[] = [];
  private weights: number[] = [];
  /** True while every stored sample has the same weight (the usual case): sorting is then simpler. */
  private uniformWeight = true;
  // Whole-window aggregates stay exact even when samples past the cap are not stored.
  private count = 0;
  private sum = 0;
  private min = Infinity;
  private max = -Infinity;

  constructor(private readonly settings: HistogramSettings) {}

  /** False when the sample counted towards count/sum/min/max/avg but was not stored for percentiles. */
  add(value: number, sampleRate: number): boolean {
    const weight = 1 / sampleRate;
    this.count += weight;
    this.sum += value * weight;
    if (value < this.min) this.min = value;
    if (value > this.max) this.max = value;
    if (this.values.length >= this.settings.maxSamples) return false;
    if (this.weights.length > 0 && weight !== this.weights[0]) this.uniformWeight = false;
    this.values.push(value);
    this.weights.push(weight);
    return true;
  }

  get hasData(): boolean {
    return this.count > 0;
  }

  flush(emit: EmitSeries, intervalSeconds: number): void {
    if (this.count === 0) return;
    const ranked = this.rank();
    for (const aggregate of this.settings.aggregates) {
      switch (aggregate) {
        case 'max':
          emit('.max', 'gauge', this.max);
          break;
        case 'min':
          emit('.min', 'gauge', this.min);
          break;
        case 'median':
          emit('.median', 'gauge', ranked.valueAbove((ranked.totalWeight - 1) / 2));
          break;
        case 'avg':
          emit('.avg', 'gauge', this.sum / this.count);
          break;
        case 'sum':
          emit('.sum', 'gauge', this.sum);
          break;
        case 'count':
          // Datadog sends the histogram count as a rate over the window, like a counter.
          emit('.count', 'rate', this.count / intervalSeconds);
          break;
      }
    }
    for (const percent of this.settings.percents) {
      const suffix = `.${String(percent).replace('.', '_')}percentile`;
      emit(suffix, 'gauge', ranked.valueAbove((percent * ranked.totalWeight - 1) / 100));
    }
    this.values = [];
    this.weights = [];
    this.uniformWeight = true;
    this.count = 0;
    this.sum = 0;
    this.min = Infinity;
    this.max = -Infinity;
  }

  /** The stored samples in ascending order with a cumulative-weight lookup. */
  private rank(): RankedSamples {
    if (this.uniformWeight) {
      const sorted = Float64Array.from(this.values).sort();
      const weight = this.weights[0] ?? 1;
      return {
        totalWeight: weight * sorted.length,
        valueAbove(target) {
          // First sample whose cumulative weight (i + 1) × weight exceeds target.
          const index = Math.max(0, Math.floor(target / weight + 1e-9));
          return sorted[Math.min(index, sorted.length - 1)] ?? 0;
        },
      };
    }
    const order = this.values
      .map((_, index) => index)
      .sort((a, b) => (this.values[a] ?? 0) - (this.values[b] ?? 0));
    const values = this.values;
    const weights = this.weights;
    const cumulative = new Float64Array(order.length);
    let running = 0;
    order.forEach((sampleIndex, rank) => {
      running += weights[sampleIndex] ?? 0;
      cumulative[rank] = running;
    });
    return {
      totalWeight: running,
      valueAbove(target) {
        for (let rank = 0; rank < cumulative.length; rank += 1) {
          if ((cumulative[rank] ?? 0) > target) return values[order[rank] ?? 0] ?? 0;
        }
        return values[order[order.length - 1] ?? 0] ?? 0;
      },
    };
  }
}

interface RankedSamples {
  totalWeight: number;
  /** The first sample (ascending) at which the cumulative weight exceeds `target`. */
  valueAbove(target: number): number;
}
