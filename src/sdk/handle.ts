import type { ResolvedConfig } from '../config/resolved';

export interface KinstrumentStats {
  /** Failures inside kinstrument, by place; each was caught and logged, none reached the app. */
  internalErrors: Record<string, number>;
  /** kafkajs copies patched so far. */
  patchedKafkajsCopies: number;
  /** Where the tracer provider came from, when traces are on. */
  tracerProvider: 'option' | 'app' | 'kinstrument' | undefined;
}

/** What init() returns. */
export interface KinstrumentHandle {
  readonly config: ResolvedConfig;
  /** Exports what is buffered. */
  forceFlush(): Promise<void>;
  /** Flushes, stops publishing telemetry and removes the patches. */
  shutdown(): Promise<void>;
  stats(): KinstrumentStats;
}
