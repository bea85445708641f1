// Log-based metric rules from the main config (`log_based_metrics:`), checked and compiled, plus the shipped
// defaults from the catalog. A user rule with a default's name replaces that default.
import { DEFAULT_LOG_METRICS, type LogMetricRuleSpec } from '../../../catalog/log-metrics';
import { InstanceReader, isRecord } from '../../checks/config/instance-reader';
import type { ConfigProblem } from '../../checks/types';
import { compileGoPattern } from '../go-regexp';
import { RECORD_FIELDS } from './fields';
import { compileLogQuery, LogQueryError, type LogPredicate } from './query';

export interface LogMetricGroupBy {
  path: string;
  tagName: string;
}

export interface LogMetricRule {
  name: string;
  query: string;
  matches: LogPredicate;
  groupBy: readonly LogMetricGroupBy[];
  extract: RegExp | undefined;
  /** Distinct tag sets counted per flush; more are counted as overflow and dropped. */
  maxContexts: number;
  /** Shipped with the agent (not written by the user). */
  builtIn: boolean;
}

export const MAX_LOG_METRIC_RULES = 200;
export const DEFAULT_MAX_CONTEXTS = 1000;
const METRIC_NAME = /^[a-zA-Z][a-zA-Z0-9_.]{0,199}$/;

export interface RuleParseResult {
  rules: LogMetricRule[];
  problems: ConfigProblem[];
}

/**
 * `raw` is the value of `log_based_metrics` (undefined when absent); `key` names it in problems.
 * Every problem is reported, each by its path (`log_based_metrics[2].query: …`); a rule with a problem is left out.
 */
export function parseLogMetricRules(raw: unknown, key: string, withDefaults: boolean): RuleParseResult {
  const problems: ConfigProblem[] = [];
  const userRules: LogMetricRule[] = [];
  if (raw !== undefined && !Array.isArray(raw)) {
    problems.push({ path: key, message: 'must be a list of rules (each with name and query)' });
  } else if (raw !== undefined) {
    if (raw.length > MAX_LOG_METRIC_RULES)
      problems.push({
        path: key,
        message: `has ${raw.length} rules; at most ${MAX_LOG_METRIC_RULES} are allowed`,
      });
    const names = new Set<string>();
    raw.slice(0, MAX_LOG_METRIC_RULES).forEach((entry, index) => {
      const path = `${key}[${index}]`;
      if (!isRecord(entry)) {
        problems.push({ path, message: 'must be a mapping with name and query' });
        return;
      }
      const rule = readRule(entry, path, problems);
      if (rule === undefined) return;
      if (names.has(rule.name)) {
        problems.push({
          path: `${path}.name`,
          message: `"${rule.name}" is already defined by an earlier rule`,
        });
        return;
      }
      names.add(rule.name);
      userRules.push(rule);
    });
  }
  const defaults = withDefaults
    ? DEFAULT_LOG_METRICS.filter((spec) => !userRules.some((rule) => rule.name === spec.name)).map(
        compileDefault,
      )
    : [];
  return { rules: [...defaults, ...userRules], problems };
}

function readRule(
  entry: Record<string, unknown>,
  path: string,
  problems: ConfigProblem[],
): LogMetricRule | undefined {
  const read = new InstanceReader(entry, path);
  const name = read.string('name', { required: true });
  const query = read.string('query', { required: true });
  const extractSource = read.string('extract');
  const groupByRaw = read.value('group_by');
  const maxContexts = read.integer('max_contexts', { min: 1, max: 100_000, default: DEFAULT_MAX_CONTEXTS });
  read.rejectUnknownKeys();
  const before = problems.length;
  problems.push(...read.problems);
  if (name !== '' && !METRIC_NAME.test(name))
    problems.push({
      path: `${path}.name`,
      message: `"${name}" is not a metric name (a letter, then letters, digits, "_" or "."; at most 200 characters)`,
    });
  let matches: LogPredicate | undefined;
  if (query !== '') {
    try {
      matches = compileLogQuery(query);
    } catch (error) {
      if (!(error instanceof LogQueryError)) throw error;
      problems.push({ path: `${path}.query`, message: `${error.message}: ${JSON.stringify(query)}` });
    }
  }
  let extract: RegExp | undefined;
  if (extractSource !== undefined) {
    const compiled = compileGoPattern(extractSource);
    if (compiled.ok) extract = compiled.regexp;
    else
      problems.push({
        path: `${path}.extract`,
        message: `is not a valid regular expression: ${compiled.message}`,
      });
  }
  const groupBy = readGroupBy(groupByRaw, `${path}.group_by`, problems);
  if (problems.length > before || matches === undefined) return undefined;
  return { name, query, matches, groupBy, extract, maxContexts, builtIn: false };
}

function readGroupBy(raw: unknown, path: string, problems: ConfigProblem[]): LogMetricGroupBy[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    problems.push({ path, message: 'must be a list of {path, tag_name}' });
    return [];
  }
  const result: LogMetricGroupBy[] = [];
  raw.forEach((entry, index) => {
    const where = `${path}[${index}]`;
    // `- logger` is accepted as a short form of `- path: logger`.
    const item = typeof entry === 'string' ? { path: entry } : entry;
    if (!isRecord(item)) {
      problems.push({ path: where, message: 'must be a mapping with path (and optionally tag_name)' });
      return;
    }
    const read = new InstanceReader(item, where);
    const fieldPath = read.string('path', { required: true });
    const tagName = read.string('tag_name') ?? fieldPath.replace(/^@/, '');
    read.rejectUnknownKeys();
    problems.push(...read.problems);
    if (fieldPath === '') return;
    if (!fieldPath.startsWith('@') && !RECORD_FIELDS.has(fieldPath)) {
      problems.push({
        path: `${where}.path`,
        message: `"${fieldPath}" is not a field: use source, service, host, status, logger, or @name for an attribute or an extract group`,
      });
      return;
    }
    if (!/^[a-zA-Z][a-zA-Z0-9_.\-/]*$/.test(tagName)) {
      problems.push({ path: `${where}.tag_name`, message: `"${tagName}" is not a usable tag key` });
      return;
    }
    result.push({ path: fieldPath, tagName });
  });
  return result;
}

/** A shipped rule through the same reader as users' rules; a problem here is a bug in the catalog. */
function compileDefault(spec: LogMetricRuleSpec): LogMetricRule {
  const problems: ConfigProblem[] = [];
  const entry = { name: spec.name, query: spec.query, group_by: spec.group_by, extract: spec.extract };
  const rule = readRule(entry, `shipped rule ${spec.name}`, problems);
  if (rule === undefined) throw new Error(problems.map((p) => `${p.path}: ${p.message}`).join('; '));
  return { ...rule, builtIn: true };
}
