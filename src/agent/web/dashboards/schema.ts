// Dashboards are data: a JSON document of variables (tag filters) and rows of widgets, each widget one or
// more metric queries. Templates ship in `dashboards/`; copies users edit are saved under the agent's
// run_path. `parseDashboard` checks a document completely, naming the path of every problem.
import { AGGREGATIONS, ROLLUPS, type Aggregation, type Rollup } from '../../store/query';

export const WIDGET_TYPES = ['timeseries', 'value', 'table'] as const;
export type WidgetType = (typeof WIDGET_TYPES)[number];
export const RANGES = ['5m', '15m', '1h', '3h', '6h', '12h', '24h', '2d', '7d', '30d'] as const;
export type RangeName = (typeof RANGES)[number];

export const LIMITS = {
  rows: 30,
  widgetsPerRow: 30,
  widgets: 150,
  queriesPerWidget: 10,
  variables: 12,
  text: 400,
};

export interface DashboardVariable {
  /** The name widgets refer to. */
  name: string;
  /** The tag key it filters on (`service`, `topic`, …). */
  tag: string;
  label?: string;
}

export interface WidgetQuery {
  metric: string;
  label?: string;
  /** Overrides the widget's unit for this query (a table column in seconds next to offsets). */
  unit?: string;
  /** Fixed tag filters, as the query layer reads them (`topic:orders`, `!env:dev`). */
  filters?: string[];
  groupBy?: string[];
  rollup?: Rollup;
  aggregation?: Aggregation;
}

export interface Widget {
  title: string;
  type: WidgetType;
  /** How values are shown: byte, byte/s, ms, s, fraction, percent, or a free word (messages/s). */
  unit?: string;
  description?: string;
  /** Names of the dashboard variables that filter this widget (only those whose tag its metrics carry). */
  variables?: string[];
  queries: WidgetQuery[];
  /** Colours a `value` widget and marks the chart: the value is bad above (or below) these. */
  thresholds?: { warning?: number; critical?: number; direction?: 'above' | 'below' };
  /** Where "logs and traces" from a point of this chart go: the service, or the log source. */
  pivot?: { service?: string; source?: string };
}

export interface DashboardRow {
  title: string;
  widgets: Widget[];
}

export interface Dashboard {
  id: string;
  title: string;
  description?: string;
  variables: DashboardVariable[];
  defaultRange: RangeName;
  rows: DashboardRow[];
}

export class DashboardError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid dashboard: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ' …' : ''}`);
    this.name = 'DashboardError';
  }
}

export const DASHBOARD_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/;
const METRIC = /^[A-Za-z][A-Za-z0-9_.<>-]{0,199}$/;

type Json = Record<string, unknown>;

class Reader {
  readonly problems: string[] = [];

  object(value: unknown, path: string, keys: readonly string[]): Json | undefined {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problems.push(`${path} must be an object`);
      return undefined;
    }
    for (const key of Object.keys(value))
      if (!keys.includes(key)) this.problems.push(`${path}.${key} is not a known key`);
    return value as Json;
  }

  array(value: unknown, path: string, max: number): unknown[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.problems.push(`${path} must be a list`);
      return [];
    }
    if (value.length > max) this.problems.push(`${path} has more than ${max} entries`);
    return value.slice(0, max);
  }

  text(
    value: unknown,
    path: string,
    options: { required?: boolean; pattern?: RegExp } = {},
  ): string | undefined {
    if (value === undefined) {
      if (options.required) this.problems.push(`${path} is required`);
      return undefined;
    }
    if (typeof value !== 'string' || (options.required && value.trim() === '')) {
      this.problems.push(`${path} must be a non-empty string`);
      return undefined;
    }
    if (value.length > LIMITS.text) this.problems.push(`${path} is longer than ${LIMITS.text} characters`);
    if (options.pattern && !options.pattern.test(value))
      this.problems.push(`${path} has an invalid value ${JSON.stringify(value)}`);
    return value;
  }

  texts(value: unknown, path: string, max: number, pattern?: RegExp): string[] | undefined {
    if (value === undefined) return undefined;
    const list = this.array(value, path, max);
    return list.flatMap((item, i) => this.text(item, `${path}[${i}]`, { required: true, pattern }) ?? []);
  }

  choice<T extends string>(value: unknown, path: string, allowed: readonly T[]): T | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problems.push(`${path} must be one of ${allowed.join(', ')}`);
      return undefined;
    }
    return value as T;
  }

  number(value: unknown, path: string): number | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.problems.push(`${path} must be a number`);
      return undefined;
    }
    return value;
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function readQuery(read: Reader, value: unknown, path: string): WidgetQuery | undefined {
  const raw = read.object(value, path, [
    'metric',
    'label',
    'unit',
    'filters',
    'groupBy',
    'rollup',
    'aggregation',
  ]);
  if (raw === undefined) return undefined;
  const metric = read.text(raw.metric, `${path}.metric`, { required: true, pattern: METRIC });
  return withoutUndefined({
    metric: metric ?? '',
    label: read.text(raw.label, `${path}.label`),
    unit: read.text(raw.unit, `${path}.unit`),
    filters: read.texts(raw.filters, `${path}.filters`, 20),
    groupBy: read.texts(raw.groupBy, `${path}.groupBy`, 5, NAME),
    rollup: read.choice(raw.rollup, `${path}.rollup`, ROLLUPS),
    aggregation: read.choice(raw.aggregation, `${path}.aggregation`, AGGREGATIONS),
  });
}

function readWidget(
  read: Reader,
  value: unknown,
  path: string,
  variableNames: Set<string>,
): Widget | undefined {
  const raw = read.object(value, path, [
    'title',
    'type',
    'unit',
    'description',
    'variables',
    'queries',
    'thresholds',
    'pivot',
  ]);
  if (raw === undefined) return undefined;
  const queries = read
    .array(raw.queries, `${path}.queries`, LIMITS.queriesPerWidget)
    .flatMap((q, i) => readQuery(read, q, `${path}.queries[${i}]`) ?? []);
  if (queries.length === 0) read.problems.push(`${path}.queries needs at least one query`);
  const variables = read.texts(raw.variables, `${path}.variables`, LIMITS.variables);
  for (const name of variables ?? [])
    if (!variableNames.has(name))
      read.problems.push(`${path}.variables names an unknown variable ${JSON.stringify(name)}`);
  let thresholds: Widget['thresholds'];
  if (raw.thresholds !== undefined) {
    const t = read.object(raw.thresholds, `${path}.thresholds`, ['warning', 'critical', 'direction']);
    if (t)
      thresholds = withoutUndefined({
        warning: read.number(t.warning, `${path}.thresholds.warning`),
        critical: read.number(t.critical, `${path}.thresholds.critical`),
        direction: read.choice(t.direction, `${path}.thresholds.direction`, ['above', 'below'] as const),
      });
  }
  let pivot: Widget['pivot'];
  if (raw.pivot !== undefined) {
    const p = read.object(raw.pivot, `${path}.pivot`, ['service', 'source']);
    if (p)
      pivot = withoutUndefined({
        service: read.text(p.service, `${path}.pivot.service`),
        source: read.text(p.source, `${path}.pivot.source`),
      });
  }
  return withoutUndefined({
    title: read.text(raw.title, `${path}.title`, { required: true }) ?? '',
    type: read.choice(raw.type, `${path}.type`, WIDGET_TYPES) ?? 'timeseries',
    unit: read.text(raw.unit, `${path}.unit`),
    description: read.text(raw.description, `${path}.description`),
    variables,
    queries,
    thresholds,
    pivot,
  });
}

/** A complete, checked dashboard; DashboardError lists every problem. */
export function parseDashboard(value: unknown): Dashboard {
  const read = new Reader();
  const raw = read.object(value, 'dashboard', [
    'id',
    'title',
    'description',
    'variables',
    'defaultRange',
    'rows',
  ]);
  if (raw === undefined) throw new DashboardError(read.problems);
  const variables = read.array(raw.variables, 'variables', LIMITS.variables).flatMap((v, i) => {
    const item = read.object(v, `variables[${i}]`, ['name', 'tag', 'label']);
    if (item === undefined) return [];
    return [
      withoutUndefined({
        name: read.text(item.name, `variables[${i}].name`, { required: true, pattern: NAME }) ?? '',
        tag: read.text(item.tag, `variables[${i}].tag`, { required: true, pattern: NAME }) ?? '',
        label: read.text(item.label, `variables[${i}].label`),
      }),
    ];
  });
  const names = new Set(variables.map((v) => v.name));
  if (names.size !== variables.length) read.problems.push('variables: names must be unique');
  let widgetCount = 0;
  const rows = read.array(raw.rows, 'rows', LIMITS.rows).flatMap((r, i) => {
    const row = read.object(r, `rows[${i}]`, ['title', 'widgets']);
    if (row === undefined) return [];
    const widgets = read
      .array(row.widgets, `rows[${i}].widgets`, LIMITS.widgetsPerRow)
      .flatMap((w, j) => readWidget(read, w, `rows[${i}].widgets[${j}]`, names) ?? []);
    widgetCount += widgets.length;
    return [{ title: read.text(row.title, `rows[${i}].title`, { required: true }) ?? '', widgets }];
  });
  if (widgetCount > LIMITS.widgets) read.problems.push(`more than ${LIMITS.widgets} widgets`);
  const dashboard: Dashboard = withoutUndefined({
    id: read.text(raw.id, 'id', { required: true, pattern: DASHBOARD_ID }) ?? '',
    title: read.text(raw.title, 'title', { required: true }) ?? '',
    description: read.text(raw.description, 'description'),
    variables,
    defaultRange: read.choice(raw.defaultRange, 'defaultRange', RANGES) ?? '1h',
    rows,
  });
  if (read.problems.length > 0) throw new DashboardError(read.problems);
  return dashboard;
}
