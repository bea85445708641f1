// Per-window state for DogStatsD distributions (`d`): one DDSketch per context and window.
//
// Datadog ships the sketch itself and computes percentiles server-side across hosts. We are the
// backend, so at flush the sketch is turned into series: `.avg .count .sum .min .max` and one
// `.pNN` per configured percentile (p50 p75 p90 p95 p99 by default), each within the sketch's relative
// accuracy (1% by default). `.count` and `.sum` add up across windows, so they are typed `count`
// (with the interval); the rest are gauges. Memory per context is bounded by the collapsing sketch
// (at most 2048 bins: the lowest buckets merge first, keeping the upper percentiles accurate), and between
// windows a context holds no sketch at all.
import type { EmitSeries } from './emit';
import { LogMapping, SparseSketch } from './sparse-sketch';

export interface DistributionSettings {
  percentiles: readonly number[];
  /** Shared by every context with the same relative accuracy (see `distributionSettings`). */
  mapping: LogMapping;
  /** The metric suffixes of `percentiles`, computed once. */
  percentileSuffixes: readonly string[];
}

/** Settings shared by all distribution contexts of one aggregator. */
export function distributionSettings(
  percentiles: readonly number[],
  relativeAccuracy: number,
): DistributionSettings {
  return {
    percentiles,
    mapping: new LogMapping(relativeAccuracy),
    percentileSuffixes: percentiles.map(percentileSuffix),
  };
}

const MAX_SKETCH_BINS = 2048;

/** `p50` for 0.5, `p99_9` for 0.999: a metric-name-safe suffix. */
export function percentileSuffix(fraction: number): string {
  const percent = Math.round(fraction * 1000) / 10;
  return `.p${String(percent).replace('.', '_')}`;
}

export class DistributionState {
  readonly kind = 'distribution';
  private sketch: SparseSketch | undefined;

  constructor(private readonly settings: DistributionSettings) {}

  add(value: number, sampleRate: number): void {
    this.sketch ??= new SparseSketch(this.settings.mapping, MAX_SKETCH_BINS);
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
    const { percentiles, percentileSuffixes } = this.settings;
    for (let index = 0; index < percentiles.length; index += 1) {
      emit(percentileSuffixes[index]!, 'gauge', sketch.getValueAtQuantile(percentiles[index]!));
    }
    // Percentiles describe this window only, as for histograms. The sketch is emptied rather than dropped:
    // contexts usually come back every window, and reusing its arrays spares the garbage collector.
    sketch.reset();
  }
}
