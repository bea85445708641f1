// What the metric hooks share: where values go, how clients are tagged, and consumer progress for lag.
import type { ClientTagger } from './client-tags';
import type { LagTracker } from './lag-tracker';
import type { MetricRecorder } from './recorder';

export interface MetricsContext {
  recorder: MetricRecorder;
  tags: ClientTagger;
  lag: LagTracker;
  /** Stamp produced messages with PRODUCE_TIME_HEADER. */
  produceTimeHeader: boolean;
}
