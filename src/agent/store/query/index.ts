// The read side of the store, for the API and the web UI. Each method runs synchronously on the store's
// connection (SQLite in WAL mode: reads see committed data and do not block writers' commits).
import type { Database } from '../sqlite';
import {
  logFacets,
  searchLogs,
  type FacetValue,
  type LogFacet,
  type LogFilter,
  type LogPage,
  type LogSearch,
} from './logs';
import {
  listMetrics,
  listTagKeys,
  listTagValues,
  queryMetrics,
  type MetricNameInfo,
  type MetricQuery,
  type MetricQueryResult,
} from './metrics';
import {
  getTrace,
  listOperations,
  listServices,
  searchTraces,
  type TraceDetail,
  type TracePage,
  type TraceSearch,
} from './traces';

export class StoreQueries {
  constructor(
    private readonly db: Database,
    private readonly options: { clock: () => number },
  ) {}

  /** Metric series over time (see query/metrics.ts). Times in Unix seconds. */
  metrics(query: MetricQuery): MetricQueryResult {
    return queryMetrics(this.db, query);
  }

  metricNames(options?: { prefix?: string; limit?: number }): MetricNameInfo[] {
    return listMetrics(this.db, options);
  }

  tagKeys(options?: { metric?: string; limit?: number }): string[] {
    return listTagKeys(this.db, options);
  }

  /** Distinct values of a tag key, for filter pickers. */
  tagValues(key: string, options?: { metric?: string; prefix?: string; limit?: number }): string[] {
    return listTagValues(this.db, key, options);
  }

  /** Logs newest first (times in Unix milliseconds); pass `nextCursor` back for the next page. */
  logs(search: LogSearch): LogPage {
    return searchLogs(this.db, search);
  }

  logFacets(
    filter: LogFilter,
    options?: { facets?: readonly LogFacet[]; limit?: number },
  ): Record<LogFacet, FacetValue[]> {
    return logFacets(this.db, filter, options);
  }

  trace(traceId: string): TraceDetail | undefined {
    return getTrace(this.db, traceId);
  }

  /** Trace summaries newest first (times in Unix milliseconds). Default range: the last hour. */
  traces(search: TraceSearch): TracePage {
    const now = this.options.clock();
    return searchTraces(this.db, { from: now - 3_600_000, ...search });
  }

  services(): string[] {
    return listServices(this.db);
  }

  operations(service?: string): { service: string; name: string }[] {
    return listOperations(this.db, service);
  }
}

export { encodeCursor, decodeCursor } from './cursor';
export { QueryError } from './errors';
export { toFtsQuery, type FtsQuery } from './fts';
export {
  LOG_FACETS,
  type FacetValue,
  type LogFacet,
  type LogFilter,
  type LogPage,
  type LogSearch,
  type StoredLog,
} from './logs';
export {
  AGGREGATIONS,
  chooseResolution,
  ROLLUPS,
  type Aggregation,
  type MetricNameInfo,
  type MetricQuery,
  type MetricQueryResult,
  type MetricSeriesResult,
  type Resolution,
  type Rollup,
} from './metrics';
export { parseTagFilter, type TagFilter } from './tag-filter';
export {
  type StoredSpan,
  type TraceDetail,
  type TracePage,
  type TraceSearch,
  type TraceSummary,
} from './traces';
