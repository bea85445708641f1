// Counts the log records each rule matches, per tag set, as records are collected; `drain()` hands the counts of
// the interval since the last drain over as `count` samples. Bounded: each rule keeps at most `maxContexts` tag
// sets per interval; records that would open another are counted in `contextOverflow` and not in the metric.
import type { MetricSample } from '../../model';
import type { LogRecord } from '../record';
import { readRecordField } from './fields';
import type { LogMetricRule } from './rules';

export interface LogMetricsStats {
  rules: number;
  /** Records looked at (each once, whatever the number of rules). */
  recordsEvaluated: number;
  /** Rule matches counted into a metric. */
  matches: number;
  samplesEmitted: number;
  /** Matches dropped because their rule already had `maxContexts` tag sets in the interval. */
  contextOverflow: number;
  /** Rules that threw while matching (a bug, or a pathological pattern); the record is skipped for that rule. */
  errors: number;
  perRule: { name: string; builtIn: boolean; matches: number }[];
}

const MISSING_VALUE = 'n/a';
const MAX_TAG_VALUE_LENGTH = 200;

interface RuleState {
  rule: LogMetricRule;
  /** Tag-set key → [tags, count] for the current interval. */
  pending: Map<string, { tags: string[]; count: number }>;
  matches: number;
}

export class LogMetricsEvaluator {
  private readonly states: RuleState[];
  private readonly counters = {
    recordsEvaluated: 0,
    matches: 0,
    samplesEmitted: 0,
    contextOverflow: 0,
    errors: 0,
  };
  private intervalStartMs: number;

  constructor(
    rules: readonly LogMetricRule[],
    private readonly options: { host: string; clock?: () => number; onError?: (message: string) => void },
  ) {
    this.states = rules.map((rule) => ({ rule, pending: new Map(), matches: 0 }));
    this.intervalStartMs = this.now();
  }

  get ruleCount(): number {
    return this.states.length;
  }

  observe(records: readonly LogRecord[]): void {
    for (const record of records) {
      this.counters.recordsEvaluated += 1;
      for (const state of this.states) {
        try {
          if (state.rule.matches(record)) this.count(state, record);
        } catch (error) {
          this.counters.errors += 1;
          if (this.counters.errors <= 10)
            this.options.onError?.(`log-based metric ${state.rule.name}: ${(error as Error).message}`);
        }
      }
    }
  }

  /** The counts since the last drain, one `count` sample per rule and tag set; resets the interval. */
  drain(): MetricSample[] {
    const now = this.now();
    const timestamp = Math.floor(this.intervalStartMs / 1000);
    const intervalSeconds = Math.max(1, Math.round((now - this.intervalStartMs) / 1000));
    this.intervalStartMs = now;
    const samples: MetricSample[] = [];
    for (const state of this.states) {
      for (const { tags, count } of state.pending.values()) {
        samples.push({
          name: state.rule.name,
          type: 'count',
          value: count,
          timestamp,
          tags,
          host: this.options.host,
          intervalSeconds,
          source: 'logs',
        });
      }
      state.pending.clear();
    }
    this.counters.samplesEmitted += samples.length;
    return samples;
  }

  stats(): LogMetricsStats {
    return {
      rules: this.states.length,
      ...this.counters,
      perRule: this.states.map((s) => ({ name: s.rule.name, builtIn: s.rule.builtIn, matches: s.matches })),
    };
  }

  private count(state: RuleState, record: LogRecord): void {
    const { rule } = state;
    let groups: Record<string, string> | undefined;
    if (rule.extract) groups = rule.extract.exec(record.message)?.groups;
    const tags = rule.groupBy.map((g) => `${g.tagName}:${tagValue(valueAt(record, g.path, groups))}`).sort();
    const key = tags.join(',');
    const pending = state.pending.get(key);
    if (pending) pending.count += 1;
    else if (state.pending.size >= rule.maxContexts) {
      this.counters.contextOverflow += 1;
      return;
    } else state.pending.set(key, { tags, count: 1 });
    state.matches += 1;
    this.counters.matches += 1;
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }
}

function valueAt(record: LogRecord, path: string, groups: Record<string, string> | undefined): unknown {
  // An extract group shadows an attribute of the same name.
  const group = path.startsWith('@') ? groups?.[path.slice(1)] : undefined;
  return group ?? readRecordField(record, path);
}

/** Tag values as Datadog would keep them: no commas or whitespace, bounded length; `n/a` when missing. */
function tagValue(value: unknown): string {
  if (value === undefined || value === null || value === '') return MISSING_VALUE;
  const text = String(value).replace(/[\s,|]+/g, '_');
  return text.length > MAX_TAG_VALUE_LENGTH ? text.slice(0, MAX_TAG_VALUE_LENGTH) : text;
}
