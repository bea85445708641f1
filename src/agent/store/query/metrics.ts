// Metric queries: one metric, tag filters, group-by tag keys, a time range cut into steps.
//
// Two aggregations, as in Datadog:
//   rollup       within one series, the points of one step → one value (avg, sum, min, max, count);
//   aggregation  within one group, the series' values at one step → one value (avg, sum, min, max).
// Buckets are aligned to multiples of the step since the epoch; `from` is rounded down and `to` up to
// whole steps, so every bucket is complete and the answer does not depend on which table served it.
//
// Table choice (`resolution`): the coarsest whose granularity divides the step: 1 h rollups for steps
// that are whole hours, 1 min rollups for whole minutes, raw points otherwise. Rollups hold count, sum,
// min and max, so every rollup function is exact from them. The points not yet rolled up (the last minute
// or two) are read from the raw table, so a rollup query includes the latest flush as a raw one does. The
// raw table keeps the shortest history (retention), so long ranges should use steps of whole minutes or hours.
import type { Database, SqlValue } from '../sqlite';
import { QueryError } from './errors';
import { parseTagFilter, tagFilterSql } from './tag-filter';

export const ROLLUPS = ['avg', 'sum', 'min', 'max', 'count'] as const;
export type Rollup = (typeof ROLLUPS)[number];
export const AGGREGATIONS = ['avg', 'sum', 'min', 'max'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];
export type Resolution = 'raw' | '1m' | '1h';

export interface MetricQuery {
  metric: string;
  /** Unix seconds, inclusive. */
  from: number;
  /** Unix seconds, exclusive. */
  to: number;
  /** Seconds per point, ≥ 1. */
  step: number;
  /** `key:value`, `!key:value`, `key:val*`, `key:*`, bare tags. All must hold. */
  filters?: readonly string[];
  /** Tag keys to split the result by (`host` included). */
  groupBy?: readonly string[];
  /** Within a series, per step. Default avg. */
  rollup?: Rollup;
  /** Across the series of a group, per step. Default avg. */
  aggregation?: Aggregation;
  /** Force a table (the step must be a multiple of its granularity). */
  resolution?: Resolution;
  /** Most groups returned (largest first by name order). Default 500. */
  maxGroups?: number;
}

export interface MetricSeriesResult {
  /** Group-by key → value (null when the series has no such tag). */
  group: Record<string, string | null>;
  /** The group as tags, `key:value` (what a legend shows). */
  groupTags: string[];
  /** Series aggregated into this group. */
  seriesCount: number;
  /** [bucket start (Unix seconds), value], in time order; buckets without data are absent. */
  points: [number, number][];
}

export interface MetricQueryResult {
  metric: string;
  /** Metric type of the series (the latest seen), when any matched. */
  type: string | undefined;
  from: number;
  to: number;
  step: number;
  resolution: Resolution;
  rollup: Rollup;
  aggregation: Aggregation;
  series: MetricSeriesResult[];
  /** More groups matched than `maxGroups`. */
  truncated: boolean;
}

const RESOLUTION_SECONDS: Record<Resolution, number> = { raw: 1, '1m': 60, '1h': 3600 };
const TABLES: Record<Resolution, string> = {
  raw: 'metric_points',
  '1m': 'metric_rollup_1m',
  '1h': 'metric_rollup_1h',
};
// Most buckets one query may produce per series: a guard against a 1-second step over a year.
const MAX_BUCKETS = 100_000;

function rollupSql(rollup: Rollup, resolution: Resolution): string {
  if (resolution === 'raw') {
    return { avg: 'AVG(value)', sum: 'SUM(value)', min: 'MIN(value)', max: 'MAX(value)', count: 'COUNT(*)' }[
      rollup
    ];
  }
  return {
    avg: 'SUM(sum) / SUM(count)',
    sum: 'SUM(sum)',
    min: 'MIN(min)',
    max: 'MAX(max)',
    count: 'SUM(count)',
  }[rollup];
}

const IN_RANGE = 'series_id IN (SELECT value FROM json_each(@ids)) AND ts >= @from AND ts < @to';

// The raw points of the queried series from `lower` on. The raw table is keyed (ts, series), so a range of
// ts holds every series' points: the seconds that have points are enumerated first, one key seek each
// (a flush writes all its points at one second), then each queried series is looked up at each.
function rawPointsSql(lower: string): string {
  return `(WITH RECURSIVE seconds(ts) AS (
      SELECT MIN(ts) FROM metric_points WHERE ts >= ${lower}
      UNION ALL
      SELECT (SELECT MIN(ts) FROM metric_points WHERE ts > seconds.ts) FROM seconds WHERE seconds.ts < @to
    )
    SELECT p.series_id, p.ts, p.value FROM seconds CROSS JOIN metric_points p
      ON p.ts = seconds.ts AND p.series_id IN (SELECT value FROM json_each(@ids))
    WHERE seconds.ts < @to)`;
}

// The rows a query buckets. The rollups hold the raw points before `rolled_through` (writer/rollups.ts); the
// minute or two after it are still raw only, so they are read as one-point rollups. One statement, so both
// parts come from one snapshot even while the writer rolls up a minute.
function sourceSql(resolution: Resolution): string {
  if (resolution === 'raw') return rawPointsSql('@from');
  return `(SELECT series_id, ts, count, sum, min, max FROM ${TABLES[resolution]} WHERE ${IN_RANGE}
    UNION ALL
    SELECT series_id, ts, 1, value, value, value
    FROM ${rawPointsSql('MAX(@from, (SELECT rolled_through FROM metric_rollup_state WHERE id = 1))')})`;
}

export function chooseResolution(step: number, forced?: Resolution): Resolution {
  if (forced !== undefined) {
    if (step % RESOLUTION_SECONDS[forced] !== 0)
      throw new QueryError(`step ${step} is not a multiple of the ${forced} resolution`);
    return forced;
  }
  if (step % 3600 === 0) return '1h';
  if (step % 60 === 0) return '1m';
  return 'raw';
}

function aggregate(values: number[], aggregation: Aggregation): number {
  switch (aggregation) {
    case 'sum':
      return values.reduce((a, b) => a + b, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'avg':
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

interface SeriesRow {
  id: number;
  tags: string[];
  host: string;
  type: string;
  lastSeen: number;
}

function tagValue(series: SeriesRow, key: string): string | null {
  const values = series.tags
    .filter((tag) => tag === key || tag.startsWith(`${key}:`))
    .map((tag) => (tag === key ? '' : tag.slice(key.length + 1)));
  if (values.length === 0) return key === 'host' && series.host !== '' ? series.host : null;
  // A series may carry several values for one key; the group is their sorted combination.
  return [...new Set(values)].sort().join(',');
}

export function queryMetrics(db: Database, query: MetricQuery): MetricQueryResult {
  const rollup = query.rollup ?? 'avg';
  const aggregation = query.aggregation ?? 'avg';
  if (!ROLLUPS.includes(rollup)) throw new QueryError(`rollup must be one of ${ROLLUPS.join(', ')}`);
  if (!AGGREGATIONS.includes(aggregation))
    throw new QueryError(`aggregation must be one of ${AGGREGATIONS.join(', ')}`);
  if (!Number.isInteger(query.step) || query.step < 1)
    throw new QueryError('step must be a whole number of seconds ≥ 1');
  if (!Number.isFinite(query.from) || !Number.isFinite(query.to) || query.to <= query.from)
    throw new QueryError('the time range must have from < to');
  const step = query.step;
  const from = Math.floor(query.from / step) * step;
  const to = Math.ceil(query.to / step) * step;
  if ((to - from) / step > MAX_BUCKETS)
    throw new QueryError(`more than ${MAX_BUCKETS} steps in the range; use a larger step`);
  const resolution = chooseResolution(step, query.resolution);
  const maxGroups = query.maxGroups ?? 500;

  const filters = (query.filters ?? []).filter((f) => f.trim() !== '').map(parseTagFilter);
  const filterSql = tagFilterSql(filters);
  const seriesRows = db
    .prepare(
      `SELECT s.id, s.tags, s.host, s.type, s.last_seen FROM metric_series s
       WHERE s.name = ?${filterSql.sql === '' ? '' : ` AND ${filterSql.sql}`}`,
    )
    .all(query.metric, ...filterSql.params)
    .map((row): SeriesRow => ({
      id: Number(row.id),
      tags: JSON.parse(String(row.tags)) as string[],
      host: String(row.host),
      type: String(row.type),
      lastSeen: Number(row.last_seen),
    }));

  const groupBy = [...new Set(query.groupBy ?? [])];
  const groups = new Map<string, { group: Record<string, string | null>; ids: number[] }>();
  for (const series of seriesRows) {
    const group: Record<string, string | null> = {};
    for (const key of groupBy) group[key] = tagValue(series, key);
    const groupKey = JSON.stringify(groupBy.map((key) => group[key]));
    const entry = groups.get(groupKey);
    if (entry === undefined) groups.set(groupKey, { group, ids: [series.id] });
    else entry.ids.push(series.id);
  }
  const ordered = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const kept = ordered.slice(0, maxGroups);

  const groupOf = new Map<number, number>();
  kept.forEach(([, entry], index) => entry.ids.forEach((id) => groupOf.set(id, index)));
  // Per group, per bucket: the values of its series.
  const buckets = kept.map(() => new Map<number, number[]>());
  if (groupOf.size > 0) {
    const rows = db
      .prepare(
        `SELECT series_id, ts - (ts % @step) AS bucket, ${rollupSql(rollup, resolution)} AS value
         FROM ${sourceSql(resolution)} GROUP BY series_id, bucket`,
      )
      .all({ step, ids: JSON.stringify([...groupOf.keys()]), from, to }) as {
      series_id: number;
      bucket: number;
      value: number | null;
    }[];
    for (const row of rows) {
      if (row.value === null) continue;
      const groupIndex = groupOf.get(Number(row.series_id));
      if (groupIndex === undefined) continue;
      const perBucket = buckets[groupIndex] as Map<number, number[]>;
      const values = perBucket.get(row.bucket);
      if (values === undefined) perBucket.set(row.bucket, [row.value]);
      else values.push(row.value);
    }
  }

  const latest = seriesRows.reduce<SeriesRow | undefined>(
    (best, s) => (best === undefined || s.lastSeen > best.lastSeen ? s : best),
    undefined,
  );
  return {
    metric: query.metric,
    type: latest?.type,
    from,
    to,
    step,
    resolution,
    rollup,
    aggregation,
    series: kept.map(([, entry], index) => ({
      group: entry.group,
      groupTags: groupBy
        .filter((key) => entry.group[key] !== null)
        .map((key) => `${key}:${entry.group[key]}`),
      seriesCount: entry.ids.length,
      points: [...(buckets[index] as Map<number, number[]>).entries()]
        .sort(([a], [b]) => a - b)
        .map(([bucket, values]): [number, number] => [bucket, aggregate(values, aggregation)]),
    })),
    truncated: ordered.length > kept.length,
  };
}

export interface MetricNameInfo {
  name: string;
  type: string;
  series: number;
  /** Unix seconds of the latest point. */
  lastSeen: number;
}

/** Metric names (optionally starting with `prefix`), with their series counts. */
export function listMetrics(
  db: Database,
  options: { prefix?: string; limit?: number } = {},
): MetricNameInfo[] {
  const params: SqlValue[] = [];
  let where = '';
  if (options.prefix) {
    where = 'WHERE name >= ? AND name < ?';
    params.push(options.prefix, `${options.prefix}\u{10FFFF}`);
  }
  params.push(options.limit ?? 1000);
  return db
    .prepare(
      `SELECT name, MAX(type) AS type, COUNT(*) AS series, MAX(last_seen) AS last_seen
       FROM metric_series ${where} GROUP BY name ORDER BY name LIMIT ?`,
    )
    .all(...params)
    .map((row) => ({
      name: String(row.name),
      type: String(row.type),
      series: Number(row.series),
      lastSeen: Number(row.last_seen),
    }));
}

/** Tag keys used by a metric's series (or by all series). */
export function listTagKeys(db: Database, options: { metric?: string; limit?: number } = {}): string[] {
  const limit = options.limit ?? 1000;
  const rows =
    options.metric === undefined
      ? db.prepare('SELECT DISTINCT key FROM metric_series_tags ORDER BY key LIMIT ?').all(limit)
      : db
          .prepare(
            `SELECT DISTINCT t.key FROM metric_series s JOIN metric_series_tags t ON t.series_id = s.id
             WHERE s.name = ? ORDER BY t.key LIMIT ?`,
          )
          .all(options.metric, limit);
  return rows.map((row) => String(row.key));
}

/** Distinct values of a tag key (for UI filters), optionally within one metric and by prefix. */
export function listTagValues(
  db: Database,
  key: string,
  options: { metric?: string; prefix?: string; limit?: number } = {},
): string[] {
  const params: SqlValue[] = [key];
  let sql = 'SELECT DISTINCT t.value FROM metric_series_tags t';
  if (options.metric !== undefined) {
    sql += ' JOIN metric_series s ON s.id = t.series_id WHERE t.key = ? AND s.name = ?';
    params.push(options.metric);
  } else sql += ' WHERE t.key = ?';
  if (options.prefix) {
    sql += ' AND t.value >= ? AND t.value < ?';
    params.push(options.prefix, `${options.prefix}\u{10FFFF}`);
  }
  sql += ' ORDER BY t.value LIMIT ?';
  params.push(options.limit ?? 1000);
  return db
    .prepare(sql)
    .all(...params)
    .map((row) => String(row.value));
}
