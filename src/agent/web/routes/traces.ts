// Trace routes: search (service, operation, duration, errors, time; one summary per trace) and one trace
// with all its spans, plus the pickers' services and operations.
import type { ApiServer } from '../../api/server';
import type { TraceDetail } from '../../store/query/traces';
import type { WebContext } from '../context';
import { answer, BadRequest, params } from '../http';
import { readRange } from '../time-range';

const TRACE_PATH = /^\/api\/v1\/traces\/([0-9a-fA-F]{32})$/;
/** Distinct traces linked from one trace's spans that the answer lists (batch spans can link many). */
export const MAX_LINKED_TRACES = 200;

/** `GET /api/v1/traces/<id>`: the stored trace plus the traces its spans link to. */
export interface TraceAnswer extends TraceDetail {
  linkedTraceIds: string[];
}

export function registerTraceRoutes(api: ApiServer, context: WebContext): void {
  api.route('GET', '/api/v1/traces', (_req, res, url) =>
    answer(res, () => {
      const query = params(url);
      const range = readRange(query, context.clock());
      return context.requireQueries().traces({
        service: query.string('service'),
        operation: query.string('operation'),
        minDurationMs: query.number('min_duration_ms', { min: 0 }),
        maxDurationMs: query.number('max_duration_ms', { min: 0 }),
        error: query.boolean('error'),
        from: range.from,
        to: range.to,
        limit: query.number('limit', { min: 1, max: 500, integer: true }) ?? 50,
        cursor: query.string('cursor'),
      });
    }),
  );

  api.route('GET', '/api/v1/traces/*', (_req, res, url) =>
    answer(res, () => {
      const match = TRACE_PATH.exec(url.pathname);
      if (match === null) throw new BadRequest('a trace id is 32 hex digits', 404);
      const trace = context.requireQueries().trace(match[1] as string);
      if (trace === undefined)
        throw new BadRequest('no such trace is stored (never received, or expired)', 404);
      // Batch consumers link to the producers' traces: list them so the UI can offer each as a jump.
      const linked = new Set<string>();
      for (const span of trace.spans)
        for (const link of span.links) if (link.traceId !== trace.traceId) linked.add(link.traceId);
      const result: TraceAnswer = { ...trace, linkedTraceIds: [...linked].slice(0, MAX_LINKED_TRACES) };
      return result;
    }),
  );

  api.route('GET', '/api/v1/services', (_req, res) =>
    answer(res, () => ({ services: context.requireQueries().services() })),
  );

  api.route('GET', '/api/v1/operations', (_req, res, url) =>
    answer(res, () => ({ operations: context.requireQueries().operations(params(url).string('service')) })),
  );
}
