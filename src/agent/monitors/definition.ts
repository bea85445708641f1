// A monitor: a metric query evaluated on an interval over a trailing window, with either a threshold rule
// or outlier detection across the query's groups. The same document shape is read from monitors.yaml and
// taken by the API (snake_case keys, durations as seconds or `30s`/`5m`/`1h`/`1d`); `parseMonitor` checks
// it completely and `toDocument` gives it back in that shape.
import { AGGREGATIONS, ROLLUPS, type Aggregation, type Rollup } from '../store/query';
import { checkThresholdOrder, COMPARATORS, REDUCERS, type ThresholdRule } from './algorithms/threshold';

export const MONITOR_TYPES = ['threshold', 'outlier'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];
export const OUTLIER_ALGORITHMS = ['dbscan', 'mad'] as const;
export type OutlierAlgorithm = (typeof OUTLIER_ALGORITHMS)[number];

export const MONITOR_LIMITS = {
  monitors: 500,
  webhooks: 5,
  minEverySeconds: 1,
  maxEverySeconds: 86_400,
  maxWindowSeconds: 7 * 86_400,
  text: 2_000,
};

export const MONITOR_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export interface MonitorQuery {
  metric: string;
  filters: string[];
  groupBy: string[];
  rollup: Rollup;
  aggregation: Aggregation;
}

export interface OutlierRule {
  algorithm: OutlierAlgorithm;
  tolerance: number;
  /** MAD only: percent of a member's points that must be outliers. */
  pct: number;
}

export interface MonitorDefinition {
  id: string;
  name: string;
  type: MonitorType;
  query: MonitorQuery;
  windowSeconds: number;
  /** Seconds per point; undefined: chosen from the window and the agent's flush interval. */
  stepSeconds?: number;
  everySeconds: number;
  threshold?: ThresholdRule;
  outlier?: OutlierRule;
  notifyNoData: boolean;
  message: string;
  tags: string[];
  notify: { log: boolean; webhooks: string[] };
  /** `file`: from monitors.yaml (read-only through the API); `api`: created through the API. */
  source: 'file' | 'api';
}

export class MonitorDefinitionError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('; '));
    this.name = 'MonitorDefinitionError';
  }
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/** Seconds from `90`, `"90"`, `"30s"`, `"5m"`, `"1h"`, `"1d"`; undefined when it is none of those. */
export function parseDuration(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = DURATION.exec(value.trim());
  if (match === null) return undefined;
  const seconds = Number(match[1]) * (UNIT_SECONDS[match[2] ?? 's'] as number);
  return seconds > 0 ? seconds : undefined;
}

export function formatDuration(seconds: number): string {
  for (const [unit, size] of [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
  ] as const)
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

type Json = Record<string, unknown>;

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly where: string) {}

  problem(path: string, message: string): void {
    this.problems.push(`${this.where}${path}: ${message}`);
  }

  object(value: unknown, path: string, keys: readonly string[]): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problem(path, 'must be a mapping');
      return undefined;
    }
    for (const key of Object.keys(value))
      if (!keys.includes(key)) this.problem(`${path}.${key}`, 'is not a known key');
    return value as Json;
  }

  text(value: unknown, path: string, required: boolean, pattern?: RegExp): string | undefined {
    if (value === undefined || value === null) {
      if (required) this.problem(path, 'is required');
      return undefined;
    }
    // An optional text may be empty (a monitor without a message).
    if (typeof value !== 'string' || (required && value.trim() === '')) {
      this.problem(path, 'must be a non-empty string');
      return undefined;
    }
    if (value.length > MONITOR_LIMITS.text)
      this.problem(path, `is longer than ${MONITOR_LIMITS.text} characters`);
    if (pattern && !pattern.test(value)) this.problem(path, `has an invalid value ${JSON.stringify(value)}`);
    return value;
  }

  texts(value: unknown, path: string, max: number): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) {
      this.problem(path, 'must be a list');
      return [];
    }
    if (value.length > max) this.problem(path, `has more than ${max} entries`);
    return value.slice(0, max).flatMap((item, i) => this.text(item, `${path}[${i}]`, true) ?? []);
  }

  choice<T extends string>(value: unknown, path: string, allowed: readonly T[], fallback: T): T {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problem(path, `must be one of ${allowed.join(', ')}`);
      return fallback;
    }
    return value as T;
  }

  number(
    value: unknown,
    path: string,
    options: { required?: boolean; min?: number; max?: number } = {},
  ): number | undefined {
    if (value === undefined || value === null) {
      if (options.required) this.problem(path, 'is required');
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problem(path, 'must be a number');
      return undefined;
    }
    if (options.min !== undefined && value < options.min) this.problem(path, `must be ≥ ${options.min}`);
    if (options.max !== undefined && value > options.max) this.problem(path, `must be ≤ ${options.max}`);
    return value;
  }

  duration(
    value: unknown,
    path: string,
    fallback: number | undefined,
    min: number,
    max: number,
  ): number | undefined {
    if (value === undefined || value === null) return fallback;
    const seconds = parseDuration(value);
    if (seconds === undefined) {
      this.problem(path, `must be a duration like 30s, 5m, 1h (got ${JSON.stringify(value)})`);
      return fallback;
    }
    if (seconds < min || seconds > max)
      this.problem(path, `must be between ${formatDuration(min)} and ${formatDuration(max)}`);
    return Math.round(seconds);
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(path, 'must be true or false');
      return fallback;
    }
    return value;
  }
}

function readWebhook(read: Reader, value: string, path: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('scheme');
    return url.toString();
  } catch {
    read.problem(path, 'must be an http:// or https:// URL');
    return undefined;
  }
}

const TOP_KEYS = [
  'id',
  'name',
  'type',
  'query',
  'window',
  'step',
  'every',
  'threshold',
  'outlier',
  'notify_no_data',
  'message',
  'tags',
  'notify',
];

/**
 * A checked monitor. `where` prefixes problems (e.g. `monitors.yaml: monitors[2]`). Without an id, `fallbackId`
 * is used (the API generates one; monitors.yaml requires it so that state survives edits).
 */
export function parseMonitor(
  value: unknown,
  options: { where: string; source: 'file' | 'api'; fallbackId?: string },
): MonitorDefinition {
  const read = new Reader(options.where);
  const raw = read.object(value, '', TOP_KEYS);
  if (raw === undefined) throw new MonitorDefinitionError(read.problems);
  const id = read.text(raw.id ?? options.fallbackId, '.id', true, MONITOR_ID) ?? '';
  const type = read.choice(raw.type, '.type', MONITOR_TYPES, 'threshold');
  const q =
    read.object(raw.query, '.query', ['metric', 'filters', 'group_by', 'rollup', 'aggregation']) ?? {};
  const query: MonitorQuery = {
    metric: read.text(q.metric, '.query.metric', true) ?? '',
    filters: read.texts(q.filters, '.query.filters', 20),
    groupBy: read.texts(q.group_by, '.query.group_by', 5),
    rollup: read.choice(q.rollup, '.query.rollup', ROLLUPS, 'avg'),
    aggregation: read.choice(q.aggregation, '.query.aggregation', AGGREGATIONS, 'avg'),
  };
  const definition: MonitorDefinition = {
    id,
    name: read.text(raw.name, '.name', true) ?? '',
    type,
    query,
    windowSeconds: read.duration(raw.window, '.window', 300, 1, MONITOR_LIMITS.maxWindowSeconds) ?? 300,
    everySeconds:
      read.duration(
        raw.every,
        '.every',
        60,
        MONITOR_LIMITS.minEverySeconds,
        MONITOR_LIMITS.maxEverySeconds,
      ) ?? 60,
    notifyNoData: read.boolean(raw.notify_no_data, '.notify_no_data', false),
    message: read.text(raw.message, '.message', false) ?? '',
    tags: read.texts(raw.tags, '.tags', 20),
    notify: { log: true, webhooks: [] },
    source: options.source,
  };
  const step = read.duration(raw.step, '.step', undefined, 1, 86_400);
  if (step !== undefined) definition.stepSeconds = step;
  if (raw.notify !== undefined) {
    const n = read.object(raw.notify, '.notify', ['log', 'webhooks']);
    if (n) {
      definition.notify.log = read.boolean(n.log, '.notify.log', true);
      definition.notify.webhooks = read
        .texts(n.webhooks, '.notify.webhooks', MONITOR_LIMITS.webhooks)
        .flatMap((url, i) => readWebhook(read, url, `.notify.webhooks[${i}]`) ?? []);
    }
  }
  if (type === 'threshold') {
    if (raw.outlier !== undefined) read.problem('.outlier', 'only outlier monitors take it');
    const t = read.object(raw.threshold, '.threshold', ['reducer', 'comparator', 'critical', 'warning']);
    if (t) {
      const rule: ThresholdRule = {
        reducer: read.choice(t.reducer, '.threshold.reducer', REDUCERS, 'avg'),
        comparator: read.choice(t.comparator, '.threshold.comparator', COMPARATORS, 'above'),
        critical: read.number(t.critical, '.threshold.critical', { required: true }) ?? 0,
      };
      const warning = read.number(t.warning, '.threshold.warning');
      if (warning !== undefined) rule.warning = warning;
      const order = checkThresholdOrder(rule);
      if (order) read.problem('.threshold', order);
      definition.threshold = rule;
    }
  } else {
    if (raw.threshold !== undefined) read.problem('.threshold', 'only threshold monitors take it');
    if (query.groupBy.length === 0)
      read.problem('.query.group_by', 'an outlier monitor compares groups: name at least one tag');
    const o =
      raw.outlier === undefined
        ? {}
        : (read.object(raw.outlier, '.outlier', ['algorithm', 'tolerance', 'pct']) ?? {});
    definition.outlier = {
      algorithm: read.choice(o.algorithm, '.outlier.algorithm', OUTLIER_ALGORITHMS, 'dbscan'),
      tolerance: read.number(o.tolerance, '.outlier.tolerance', { min: 0.01, max: 1000 }) ?? 3,
      pct: read.number(o.pct, '.outlier.pct', { min: 0, max: 100 }) ?? 20,
    };
  }
  if (definition.stepSeconds !== undefined && definition.stepSeconds > definition.windowSeconds)
    read.problem('.step', 'must not be longer than the window');
  if (read.problems.length > 0) throw new MonitorDefinitionError(read.problems);
  return definition;
}

/** The definition in the shape parseMonitor reads (what the API returns and takes). */
export function toDocument(definition: MonitorDefinition): Record<string, unknown> {
  const document: Record<string, unknown> = {
    id: definition.id,
    name: definition.name,
    type: definition.type,
    query: {
      metric: definition.query.metric,
      filters: definition.query.filters,
      group_by: definition.query.groupBy,
      rollup: definition.query.rollup,
      aggregation: definition.query.aggregation,
    },
    window: formatDuration(definition.windowSeconds),
    every: formatDuration(definition.everySeconds),
    notify_no_data: definition.notifyNoData,
    message: definition.message,
    tags: definition.tags,
    notify: { log: definition.notify.log, webhooks: definition.notify.webhooks },
  };
  if (definition.stepSeconds !== undefined) document.step = formatDuration(definition.stepSeconds);
  if (definition.threshold) document.threshold = { ...definition.threshold };
  if (definition.outlier) document.outlier = { ...definition.outlier };
  return document;
}
