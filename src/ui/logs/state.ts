// The log explorer's state as its URL holds it (so searches are linkable and pivots can open one).
import type { LogFacet } from '../api/types.js';
import { readSelection, selectionParams, type TimeSelection } from '../time/range.js';

export const FACETS: readonly LogFacet[] = ['service', 'source', 'level', 'host'];

export interface LogExplorerState {
  query: string;
  facets: Record<LogFacet, string[]>;
  traceId?: string;
  selection: TimeSelection;
  live: boolean;
}

export function readLogState(query: URLSearchParams): LogExplorerState {
  const state: LogExplorerState = {
    query: query.get('query') ?? '',
    facets: {
      service: query.getAll('service'),
      source: query.getAll('source'),
      level: query.getAll('level'),
      host: query.getAll('host'),
    },
    selection: readSelection(query, '15m'),
    live: query.get('live') === '1',
  };
  const traceId = query.get('trace_id');
  if (traceId) state.traceId = traceId;
  return state;
}

export function logStateParams(
  state: LogExplorerState,
): Record<string, string | undefined | readonly string[]> {
  return {
    query: state.query || undefined,
    ...state.facets,
    trace_id: state.traceId,
    ...selectionParams(state.selection),
    live: state.live ? '1' : undefined,
  };
}

/** New records first, each once, at most `limit` kept (a long tail must not grow the page forever). */
export function mergeNewest<T extends { id: number; timestamp: number }>(
  current: readonly T[],
  incoming: readonly T[],
  limit: number,
): T[] {
  const seen = new Set(current.map((r) => r.id));
  const fresh = incoming.filter((r) => !seen.has(r.id));
  return [...fresh, ...current].sort((a, b) => b.timestamp - a.timestamp || b.id - a.id).slice(0, limit);
}
