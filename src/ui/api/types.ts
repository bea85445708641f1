// The agent API's answers as the UI reads them (the server's shapes, restated: the browser build cannot
// import server modules). Times: metrics in Unix seconds, logs and traces in Unix milliseconds.

export interface UiConfig {
  version: string;
  hostname: string;
  flushIntervalSeconds: number;
  storeEnabled: boolean;
  monitorsEnabled: boolean;
  authRequired: boolean;
}

export type Rollup = 'avg' | 'sum' | 'min' | 'max' | 'count';
export type Aggregation = 'avg' | 'sum' | 'min' | 'max';

export interface MetricSeries {
  group: Record<string, string | null>;
  groupTags: string[];
  seriesCount: number;
  points: [number, number][];
}

export interface MetricQueryResult {
  metric: string;
  type: string | undefined;
  from: number;
  to: number;
  step: number;
  series: MetricSeries[];
  truncated: boolean;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
export type LogAttributeValue = string | number | boolean | null;

export interface StoredLog {
  id: number;
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
  nextCursor?: string;
}

export type LogFacet = 'service' | 'source' | 'level' | 'host';
export interface FacetValue {
  value: string;
  count: number;
}

export type AttributeValue =
  string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };
export type Attributes = Record<string, AttributeValue>;

export interface SpanLink {
  traceId: string;
  spanId: string;
  traceState?: string;
  attributes: Attributes;
}

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: Attributes;
}

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  kindName: string;
  service: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  startMs: number;
  durationNs: number;
  durationMs: number;
  status: { code: 0 | 1 | 2; message?: string };
  error: boolean;
  attributes: Attributes;
  events: SpanEvent[];
  links: SpanLink[];
  resource: Attributes;
  scope: { name: string; version?: string };
}

export interface TraceDetail {
  traceId: string;
  spans: StoredSpan[];
  linkedTraceIds: string[];
}

export interface TraceSummary {
  traceId: string;
  root: { spanId: string; service: string; name: string; parentMissing: boolean } | undefined;
  services: string[];
  spanCount: number;
  errorCount: number;
  error: boolean;
  startMs: number;
  durationMs: number;
}

export interface TracePage {
  traces: TraceSummary[];
  nextCursor?: string;
}

export interface WidgetQuery {
  metric: string;
  label?: string;
  /** Overrides the widget's unit for this query (a table column in seconds next to offsets). */
  unit?: string;
  filters?: string[];
  groupBy?: string[];
  rollup?: Rollup;
  aggregation?: Aggregation;
}

export type WidgetType = 'timeseries' | 'value' | 'table';

export interface Widget {
  title: string;
  type: WidgetType;
  unit?: string;
  description?: string;
  variables?: string[];
  queries: WidgetQuery[];
  thresholds?: { warning?: number; critical?: number; direction?: 'above' | 'below' };
  pivot?: { service?: string; source?: string };
}

export interface Dashboard {
  id: string;
  title: string;
  description?: string;
  variables: { name: string; tag: string; label?: string }[];
  defaultRange: string;
  rows: { title: string; widgets: Widget[] }[];
}

export interface DashboardSummary {
  id: string;
  title: string;
  description?: string;
  kind: 'template' | 'saved';
  updatedAt?: number;
}

export type MonitorState = 'OK' | 'WARN' | 'ALERT' | 'NO DATA';

export interface GroupStatus {
  group: string;
  state: MonitorState;
  since: number;
  value?: number;
  detail: string;
  lastEvaluated: number;
}

export interface Transition {
  time: number;
  group: string;
  from: MonitorState;
  to: MonitorState;
  value?: number;
  detail: string;
  notified: boolean;
}

export interface MonitorView {
  id: string;
  name: string;
  type: 'threshold' | 'outlier';
  source: 'file' | 'api';
  state: MonitorState;
  groups: GroupStatus[];
  evaluations: number;
  lastEvaluated?: number;
  lastError?: string;
  /** The definition in the API's document shape (snake_case). */
  definition: Record<string, unknown>;
}

export interface MonitorDetail extends MonitorView {
  history: Transition[];
}
