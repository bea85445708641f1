// Prometheus text exposition (format 0.0.4) of the agent's flushed metrics.
export {
  PrometheusExporter,
  type PrometheusExporterOptions,
  type PrometheusExporterStats,
  type PrometheusFamilyType,
} from './exporter';
export { createPrometheusHandler, PROMETHEUS_CONTENT_TYPE, type ExpositionSource } from './handler';
export { renderLabels } from './labels';
export {
  escapeHelp,
  escapeLabelValue,
  formatSampleValue,
  sanitizeLabelName,
  sanitizeMetricName,
} from './names';
