// Log-based metrics: rules (a log search query, optional group-by and extraction) counted on the collected log
// stream as it is ingested, emitted as `count` metrics with every flush.
export { compileLogQuery, LogQueryError, type LogPredicate } from './query';
export {
  parseLogMetricRules,
  MAX_LOG_METRIC_RULES,
  type LogMetricRule,
  type LogMetricGroupBy,
} from './rules';
export { LogMetricsEvaluator, type LogMetricsStats } from './evaluator';
