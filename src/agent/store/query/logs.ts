// Log search: full text (FTS5) and field filters over a time range, newest first, cursor-paginated;
// and facet counts (by service, source, level, host) for the same filters.
import type { LogAttributeValue, LogLevel } from '../../logs/record';
import type { Database, Row, SqlValue } from '../sqlite';
import { decodeCursor, encodeCursor } from './cursor';
import { QueryError } from './errors';
import { toFtsQuery } from './fts';

export interface LogFilter {
  /** Full-text query on the message (see fts.ts for the syntax). */
  query?: string;
  service?: string | readonly string[];
  source?: string | readonly string[];
  level?: string | readonly string[];
  host?: string | readonly string[];
  traceId?: string;
  /** Unix milliseconds, inclusive. */
  from?: number;
  /** Unix milliseconds, exclusive. */
  to?: number;
}

export interface LogSearch extends LogFilter {
  /** Default 100, at most 1000. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export interface StoredLog {
  id: number;
  /** Unix milliseconds. */
  timestamp: number;
  level: LogLevel;
  message: string;
  service: string;
  source: string;
  host: string;
  logger?: string;
  traceId?: string;
  spanId?: string;
  tags: string[];
  attributes: Record<string, LogAttributeValue>;
  file?: string;
}

export interface LogPage {
  logs: StoredLog[];
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor?: string;
}

export const LOG_FACETS = ['service', 'source', 'level', 'host'] as const;
export type LogFacet = (typeof LOG_FACETS)[number];

export interface FacetValue {
  value: string;
  count: number;
}

const MAX_LIMIT = 1000;

function list(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return (typeof value === 'string' ? [value] : [...value]).filter((v) => v !== '');
}

/** WHERE conditions (ANDed) for a filter; `except` leaves one field out (a facet's own filter). */
function filterSql(filter: LogFilter, except?: LogFacet): { conditions: string[]; params: SqlValue[] } {
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  if (filter.from !== undefined) {
    conditions.push('ts >= ?');
    params.push(Math.floor(filter.from));
  }
  if (filter.to !== undefined) {
    conditions.push('ts < ?');
    params.push(Math.ceil(filter.to));
  }
  for (const field of LOG_FACETS) {
    if (field === except) continue;
    const values = list(filter[field]);
    if (values.length === 0) continue;
    conditions.push(`${field} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  }
  if (filter.traceId !== undefined && filter.traceId !== '') {
    conditions.push('trace_id = ?');
    params.push(filter.traceId.toLowerCase());
  }
  if (filter.query !== undefined && filter.query.trim() !== '') {
    const fts = toFtsQuery(filter.query);
    if (fts.match === undefined && fts.exclude === undefined) {
      conditions.push('0'); // only punctuation: nothing can match
    }
    if (fts.match !== undefined) {
      conditions.push('id IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)');
      params.push(fts.match);
    }
    if (fts.exclude !== undefined) {
      conditions.push('id NOT IN (SELECT rowid FROM logs_fts WHERE logs_fts MATCH ?)');
      params.push(fts.exclude);
    }
  }
  return { conditions, params };
}

function where(conditions: string[]): string {
  return conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`;
}

function toStoredLog(row: Row): StoredLog {
  const log: StoredLog = {
    id: Number(row.id),
    timestamp: Number(row.ts),
    level: String(row.level) as LogLevel,
    message: String(row.message),
    service: String(row.service),
    source: String(row.source),
    host: String(row.host),
    tags: JSON.parse(String(row.tags)) as string[],
    attributes: JSON.parse(String(row.attributes)) as Record<string, LogAttributeValue>,
  };
  if (row.logger !== null) log.logger = String(row.logger);
  if (row.trace_id !== null) log.traceId = String(row.trace_id);
  if (row.span_id !== null) log.spanId = String(row.span_id);
  if (row.file !== null) log.file = String(row.file);
  return log;
}

export function searchLogs(db: Database, search: LogSearch): LogPage {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(search.limit ?? 100)));
  const { conditions, params } = filterSql(search);
  if (search.cursor !== undefined && search.cursor !== '') {
    const [ts, id] = decodeCursor(search.cursor, ['number', 'number'] as const);
    conditions.push('(ts < ? OR (ts = ? AND id < ?))');
    params.push(ts, ts, id);
  }
  const rows = db
    .prepare(
      `SELECT id, ts, level, service, source, host, message, logger, trace_id, span_id, tags, attributes, file
       FROM logs ${where(conditions)} ORDER BY ts DESC, id DESC LIMIT ?`,
    )
    .all(...params, limit + 1);
  const logs = rows.slice(0, limit).map(toStoredLog);
  const last = logs[logs.length - 1];
  return rows.length > limit && last !== undefined
    ? { logs, nextCursor: encodeCursor([last.timestamp, last.id]) }
    : { logs };
}

/**
 * Counts by value for each facet, for the records matching `filter`. A facet ignores its own filter (so a
 * service picker still lists the other services), as log explorers do.
 */
export function logFacets(
  db: Database,
  filter: LogFilter,
  options: { facets?: readonly LogFacet[]; limit?: number } = {},
): Record<LogFacet, FacetValue[]> {
  const limit = Math.max(1, Math.floor(options.limit ?? 20));
  const result: Record<LogFacet, FacetValue[]> = { service: [], source: [], level: [], host: [] };
  for (const facet of options.facets ?? LOG_FACETS) {
    if (!LOG_FACETS.includes(facet)) throw new QueryError(`unknown facet ${JSON.stringify(facet)}`);
    const { conditions, params } = filterSql(filter, facet);
    result[facet] = db
      .prepare(
        `SELECT ${facet} AS value, COUNT(*) AS count FROM logs ${where(conditions)}
         GROUP BY ${facet} ORDER BY count DESC, value LIMIT ?`,
      )
      .all(...params, limit)
      .map((row) => ({ value: String(row.value), count: Number(row.count) }));
  }
  return result;
}
