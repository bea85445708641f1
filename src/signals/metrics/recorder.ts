// The only way metric values leave the signal: through a catalog definition, so name and type always match
// the catalog. A failing sink is counted and logged, never thrown into kafkajs or the app.
import { METRIC, type ClientMetricDefinition } from '../../catalog/client-metrics';
import { diagnostics } from '../../diagnostics/diagnostics';
import { CardinalityGuard } from './cardinality-guard';
import type { MetricSink } from './statsd-sink';

export class MetricRecorder {
  readonly guard: CardinalityGuard;

  constructor(
    private readonly sink: MetricSink,
    maxTagValuesPerKey: number,
  ) {
    this.guard = new CardinalityGuard(maxTagValuesPerKey, (key) =>
      this.record(METRIC.tagValuesOverflow, 1, [`tag_key:${key}`]),
    );
  }

  record(metric: ClientMetricDefinition, value: number, tags: readonly string[]): void {
    try {
      switch (metric.type) {
        case 'count':
          this.sink.count(metric.name, value, tags);
          return;
        case 'gauge':
          this.sink.gauge(metric.name, value, tags);
          return;
        case 'distribution':
          // Durations come from a high-resolution clock; microseconds are plenty and keep lines short.
          this.sink.distribution(
            metric.name,
            Number.isInteger(value) ? value : Math.round(value * 1000) / 1000,
            tags,
          );
          return;
      }
    } catch (error) {
      diagnostics.internalError('metrics.record', error);
    }
  }
}
