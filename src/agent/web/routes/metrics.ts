// Metric routes: time series (filters, group-by, rollups) for the charts, and the names, tag keys and tag
// values the dashboard's pickers offer.
import type { ApiServer } from '../../api/server';
import { AGGREGATIONS, ROLLUPS } from '../../store/query';
import { answer, params } from '../http';
import type { WebContext } from '../context';
import { autoStep, readRange } from '../time-range';

/** Groups one chart may draw: more is unreadable and only costs. */
export const MAX_GROUPS = 100;

export function registerMetricRoutes(api: ApiServer, context: WebContext): void {
  api.route('GET', '/api/v1/metrics/query', (_req, res, url) =>
    answer(res, () => {
      const queries = context.requireQueries();
      const query = params(url);
      const metric = query.string('metric');
      if (metric === undefined) throw context.badRequest('metric is required');
      const range = readRange(query, context.clock());
      const step =
        query.number('step', { min: 1, max: 86400 * 7, integer: true }) ??
        autoStep(range.to - range.from, context.flushIntervalSeconds);
      return queries.metrics({
        metric,
        from: Math.floor(range.from / 1000),
        to: Math.ceil(range.to / 1000),
        step,
        // One tag filter per `filter` parameter: tag values may contain commas.
        filters: query.list('filter', { split: false }),
        groupBy: query.list('group_by'),
        rollup: query.oneOf('rollup', ROLLUPS),
        aggregation: query.oneOf('aggregation', AGGREGATIONS),
        maxGroups: query.number('max_groups', { min: 1, max: MAX_GROUPS, integer: true }) ?? MAX_GROUPS,
      });
    }),
  );

  api.route('GET', '/api/v1/metrics/names', (_req, res, url) =>
    answer(res, () => {
      const query = params(url);
      return {
        metrics: context.requireQueries().metricNames({
          prefix: query.string('prefix'),
          limit: query.number('limit', { min: 1, max: 1000, integer: true }) ?? 200,
        }),
      };
    }),
  );

  api.route('GET', '/api/v1/tags/keys', (_req, res, url) =>
    answer(res, () => {
      const query = params(url);
      return {
        keys: context.requireQueries().tagKeys({
          metric: query.string('metric'),
          limit: query.number('limit', { min: 1, max: 1000, integer: true }) ?? 200,
        }),
      };
    }),
  );

  api.route('GET', '/api/v1/tags/values', (_req, res, url) =>
    answer(res, () => {
      const query = params(url);
      const key = query.string('key');
      if (key === undefined) throw context.badRequest('key is required');
      return {
        key,
        values: context.requireQueries().tagValues(key, {
          metric: query.string('metric'),
          prefix: query.string('prefix'),
          limit: query.number('limit', { min: 1, max: 1000, integer: true }) ?? 200,
        }),
      };
    }),
  );
}
