// Per-window state for DogStatsD distributions (`d`): one DDSketch per context and window.
//
// Datadog ships the sketch itself and computes percentiles server-side across hosts. We are the
// backend, so at flush the sketch is turned into series: `.avg .count .sum .min .max` and one
// `.pNN` per configured percentile (p50 p75 p90 p95 p99 by default), each within the sketch's relative
// accuracy (1% by default). `.count` and `.sum` add up across windows, so they are typed `count`
// (with the interval); the rest are gauges. Memory per context is bounded by the collapsing sketch
// (at most 2048 bins: the lowest buckets merge first, keeping the upper percentiles accurate).
import { LogCollapsingLowestDenseDDSketch } from '@datadog/sketches-js';
import type { EmitSeries } from './emit';

export interface DistributionSettings {
  percentiles: readonly number[];
  relativeAccuracy: number;
}

const MAX_SKETCH_BINS = 2048;

/** `p50` for 0.5, `p99_9` for 0.999: a metric-name-safe suffix. */
export function percentileSuffix(fraction: number): string {
  const percent = Math.round(fraction * 1000) / 10;
  return `.p${String(percent).replace('.', '_')}`;
}

export class DistributionState {
  readonly kind = 'distribution';
  private sketch: LogCollapsingLowestDenseDDSketch | undefined;

  constructor(private readonly settings: DistributionSettings) {}

  add(value: number, sampleRate: number): void {
    this.sketch ??= new LogCollapsingLowestDenseDDSketch({
      relativeAccuracy: this.settings.relativeAccuracy,
      binLimit: MAX_SKETCH_BINS,
    });
    this.sketch.accept(value, 1 / sampleRate);
  }

  get hasData(): boolean {
    return this.sketch !== undefined && this.sketch.count > 0;
  }

  flush(emit: EmitSeries): void {
    const sketch = this.sketch;
    if (sketch === undefined || sketch.count === 0) return;
    emit('.avg', 'gauge', sketch.sum / sketch.count);
    emit('.count', 'count', sketch.count);
    emit('.sum', 'count', sketch.sum);
    emit('.min', 'gauge', sketch.min);
    emit('.max', 'gauge', sketch.max);
    for (const fraction of this.settings.percentiles) {
      emit(percentileSuffix(fraction), 'gauge', sketch.getValueAtQuantile(fraction));
    }
    // A fresh sketch per window: percentiles describe this window only, as for histograms.
    this.sketch = undefined;
  }
}
