// Settings the harness hands to the children's preloads. Exporter settings of the OTel variant, chosen to equal kinstrument's own (src/signals/traces/
// provider.ts), so that variant differs from kinstrument in instrumentation, not in batching.
export const BATCH_SPAN_PROCESSOR_SETTINGS = {
  maxQueueSize: 4096,
  maxExportBatchSize: 512,
  scheduledDelayMillis: 1000,
} as const;

/** The OTLP/HTTP traces URL the OTel variant exports to (set by the harness). */
export const OTEL_VARIANT_URL_ENV = 'BENCH_OTLP_TRACES_URL';

/** Which built kinstrument (a `dist` folder) the child's flush hook talks to (set by the harness). */
export const KINSTRUMENT_DIST_ENV = 'BENCH_KINSTRUMENT_DIST';
