// Log routes: search (full text + facets' filters + time range, newest first, cursor pages) and facet counts.
// Live tail is the same search polled with `from` = the newest record seen (the UI drops repeats by id).
import type { ApiServer } from '../../api/server';
import { LOG_FACETS, type LogFacet, type LogFilter } from '../../store/query';
import type { WebContext } from '../context';
import { answer, BadRequest, params, type QueryParams } from '../http';
import { readRange } from '../time-range';

const TRACE_ID = /^[0-9a-fA-F]{32}$/;

function readLogFilter(query: QueryParams, now: number): LogFilter {
  const range = readRange(query, now, 15 * 60_000);
  const traceId = query.string('trace_id');
  if (traceId !== undefined && !TRACE_ID.test(traceId))
    throw new BadRequest('trace_id must be 32 hex digits');
  return {
    query: query.string('query'),
    service: query.list('service'),
    source: query.list('source'),
    level: query.list('level'),
    host: query.list('host'),
    traceId,
    from: range.from,
    to: range.to,
  };
}

export function registerLogRoutes(api: ApiServer, context: WebContext): void {
  api.route('GET', '/api/v1/logs', (_req, res, url) =>
    answer(res, () => {
      const query = params(url);
      return context.requireQueries().logs({
        ...readLogFilter(query, context.clock()),
        limit: query.number('limit', { min: 1, max: 1000, integer: true }) ?? 100,
        cursor: query.string('cursor'),
      });
    }),
  );

  api.route('GET', '/api/v1/logs/facets', (_req, res, url) =>
    answer(res, () => {
      const query = params(url);
      const facets = query.list('facet');
      const unknown = facets.filter((f) => !(LOG_FACETS as readonly string[]).includes(f));
      if (unknown.length > 0) throw new BadRequest(`facet must be one of ${LOG_FACETS.join(', ')}`);
      return {
        facets: context.requireQueries().logFacets(readLogFilter(query, context.clock()), {
          facets: facets.length > 0 ? (facets as LogFacet[]) : undefined,
          limit: query.number('limit', { min: 1, max: 100, integer: true }) ?? 20,
        }),
      };
    }),
  );
}
