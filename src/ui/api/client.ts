// The typed client of the agent's API. Requests carry the session cookie (same origin); a 401 means the
// session is gone, so the page goes to the login form.
import type {
  Dashboard,
  DashboardSummary,
  FacetValue,
  LogFacet,
  LogPage,
  MetricQueryResult,
  MonitorDetail,
  MonitorView,
  TraceDetail,
  TracePage,
  UiConfig,
} from './types.js';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type Params = Record<string, string | number | boolean | undefined | readonly string[]>;

function toSearch(params: Params): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, String(v));
    else search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { 'content-type': 'application/json', accept: 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal,
  });
  if (response.status === 401) {
    window.location.assign('/ui/login');
    throw new ApiError('signed out', 401);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    throw new ApiError(`${method} ${path}: ${response.status} (not JSON)`, response.status);
  }
  if (!response.ok) {
    const message = (parsed as { error?: string } | undefined)?.error ?? `${response.status}`;
    throw new ApiError(message, response.status);
  }
  return parsed as T;
}

const get = <T>(path: string, params: Params = {}, signal?: AbortSignal) =>
  request<T>('GET', `${path}${toSearch(params)}`, undefined, signal);

export interface MetricQueryParams {
  metric: string;
  from: number;
  to: number;
  step?: number;
  filter?: readonly string[];
  group_by?: readonly string[];
  rollup?: string;
  aggregation?: string;
  max_groups?: number;
}

export interface LogSearchParams {
  query?: string;
  service?: readonly string[];
  source?: readonly string[];
  level?: readonly string[];
  host?: readonly string[];
  trace_id?: string;
  from: number;
  to: number;
  limit?: number;
  cursor?: string;
}

export interface TraceSearchParams {
  service?: string;
  operation?: string;
  min_duration_ms?: number;
  max_duration_ms?: number;
  error?: boolean;
  from: number;
  to: number;
  limit?: number;
  cursor?: string;
}

export const api = {
  config: () => get<UiConfig>('/api/v1/ui/config'),
  metrics: (params: MetricQueryParams, signal?: AbortSignal) =>
    get<MetricQueryResult>('/api/v1/metrics/query', { ...params }, signal),
  tagValues: (key: string, metric?: string) =>
    get<{ key: string; values: string[] }>('/api/v1/tags/values', { key, metric, limit: 200 }),
  logs: (params: LogSearchParams, signal?: AbortSignal) =>
    get<LogPage>('/api/v1/logs', { ...params }, signal),
  logFacets: (params: LogSearchParams) =>
    get<{ facets: Record<LogFacet, FacetValue[]> }>('/api/v1/logs/facets', { ...params, limit: 15 }),
  traces: (params: TraceSearchParams) => get<TracePage>('/api/v1/traces', { ...params }),
  trace: (traceId: string) => get<TraceDetail>(`/api/v1/traces/${encodeURIComponent(traceId)}`),
  services: () => get<{ services: string[] }>('/api/v1/services'),
  operations: (service?: string) =>
    get<{ operations: { service: string; name: string }[] }>('/api/v1/operations', { service }),
  dashboards: () => get<{ dashboards: DashboardSummary[]; problems: string[] }>('/api/v1/dashboards'),
  dashboard: (id: string) =>
    get<{ dashboard: Dashboard; kind: 'template' | 'saved' }>(`/api/v1/dashboards/${encodeURIComponent(id)}`),
  createDashboard: (dashboard: Omit<Dashboard, 'id'>) =>
    request<{ dashboard: Dashboard }>('POST', '/api/v1/dashboards', dashboard),
  saveDashboard: (id: string, dashboard: Dashboard) =>
    request<{ dashboard: Dashboard }>('PUT', `/api/v1/dashboards/${encodeURIComponent(id)}`, dashboard),
  deleteDashboard: (id: string) =>
    request<{ deleted: boolean }>('DELETE', `/api/v1/dashboards/${encodeURIComponent(id)}`),
  monitors: () => get<{ monitors: MonitorView[]; problems: string[] }>('/api/v1/monitors'),
  monitor: (id: string) => get<{ monitor: MonitorDetail }>(`/api/v1/monitors/${encodeURIComponent(id)}`),
  createMonitor: (definition: unknown) =>
    request<{ monitor: MonitorDetail }>('POST', '/api/v1/monitors', definition),
  updateMonitor: (id: string, definition: unknown) =>
    request<{ monitor: MonitorDetail }>('PUT', `/api/v1/monitors/${encodeURIComponent(id)}`, definition),
  deleteMonitor: (id: string) =>
    request<{ deleted: boolean }>('DELETE', `/api/v1/monitors/${encodeURIComponent(id)}`),
  evaluateMonitor: (id: string) =>
    request<{ monitor: MonitorDetail }>('POST', `/api/v1/monitors/${encodeURIComponent(id)}/evaluate`),
};
