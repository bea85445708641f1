// Pure dashboard logic: which tag filters a widget's query gets from the dashboard's variables, how a series
// is labelled, how table rows are joined across queries, and where a pivot from a series goes.
import type { Dashboard, MetricSeries, Widget, WidgetQuery } from '../api/types.js';
import type { PivotTarget } from '../pivot.js';

/** Variable name → the chosen tag value; absent or '' means "all". */
export type VariableValues = Record<string, string | undefined>;

export const VARIABLE_PARAM_PREFIX = 'var-';

export function readVariableValues(dashboard: Dashboard, query: URLSearchParams): VariableValues {
  const values: VariableValues = {};
  for (const variable of dashboard.variables) {
    const value = query.get(`${VARIABLE_PARAM_PREFIX}${variable.name}`);
    if (value) values[variable.name] = value;
  }
  return values;
}

/** The query's own filters plus `tag:value` for each variable the widget uses that has a value. */
export function queryFilters(
  dashboard: Dashboard,
  widget: Widget,
  query: WidgetQuery,
  values: VariableValues,
): string[] {
  const filters = [...(query.filters ?? [])];
  for (const name of widget.variables ?? []) {
    const variable = dashboard.variables.find((v) => v.name === name);
    const value = values[name];
    if (variable !== undefined && value) filters.push(`${variable.tag}:${value}`);
  }
  return filters;
}

export function seriesLabel(query: WidgetQuery, series: MetricSeries, queryCount: number): string {
  const base = query.label ?? query.metric;
  if (series.groupTags.length === 0) return base;
  const groups = series.groupTags.join(', ');
  return queryCount > 1 ? `${base} · ${groups}` : groups;
}

/** Latest value of a series (its last point), if any. */
export function latest(series: MetricSeries | undefined): number | undefined {
  const last = series?.points[series.points.length - 1];
  return last?.[1];
}

export interface TableRow {
  key: string;
  group: Record<string, string | null>;
  /** One cell per query: the latest value of the series matching the row, if any. */
  cells: (number | undefined)[];
}

/**
 * Rows from the first query's groups; every other query contributes the latest value of its series whose
 * group agrees with the row on the keys they share (a per-group status next to per-topic lag, say).
 */
export function joinTable(results: readonly (readonly MetricSeries[])[]): TableRow[] {
  const [first = [], ...others] = results;
  return first.map((series) => {
    const cells = [latest(series)];
    for (const other of others) {
      const match = other.find((candidate) =>
        Object.entries(candidate.group).every(
          ([key, value]) => !(key in series.group) || series.group[key] === value,
        ),
      );
      cells.push(latest(match));
    }
    return { key: series.groupTags.join(',') || '*', group: series.group, cells };
  });
}

/** Service (and log source) a point of this series should pivot to. */
export function pivotTargetFor(
  widget: Widget,
  series: MetricSeries | undefined,
  values: VariableValues,
): PivotTarget {
  const fromSeries = series?.group.service ?? undefined;
  // The dashboard's service filter only says something about widgets it filters.
  const fromVariable = widget.variables?.includes('service') ? values.service : undefined;
  const target: PivotTarget = {};
  const service = fromSeries ?? fromVariable ?? widget.pivot?.service;
  if (service) target.service = service;
  if (widget.pivot?.source && !fromSeries) target.source = widget.pivot.source;
  return target;
}

/** The Burrow-style lag status the kafka_consumer check reports as a number. */
export const LAG_STATUSES = ['OK', 'WARN', 'STALL', 'STOP', 'ERR'] as const;

export function lagStatusName(value: number | undefined): string {
  if (value === undefined) return '—';
  return LAG_STATUSES[Math.round(value)] ?? String(value);
}

/** A value widget's colour from its thresholds. */
export function thresholdClass(
  value: number | undefined,
  thresholds: Widget['thresholds'],
): 'ok' | 'warn' | 'alert' | '' {
  if (value === undefined || thresholds === undefined) return '';
  const below = thresholds.direction === 'below';
  const beyond = (level: number | undefined) =>
    level !== undefined && (below ? value < level : value > level);
  if (beyond(thresholds.critical)) return 'alert';
  if (beyond(thresholds.warning)) return 'warn';
  return 'ok';
}
