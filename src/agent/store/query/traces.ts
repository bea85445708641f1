// Traces: every span of one trace, and trace search returning one summary per trace.
//
// Search criteria apply to spans (as in Jaeger): a trace is found when one of its spans matches them all
// (service, operation = span name, duration bounds, error, start time range). Results are newest first
// by the latest matching span, cursor-paginated. The summary describes the whole trace as stored.
import type {
  Attributes,
  InstrumentationScope,
  SpanEventRecord,
  SpanLinkRecord,
  SpanStatusCode,
} from '../../intake/otlp/model';
import { SPAN_KIND_NAMES } from '../../intake/otlp/model';
import type { Database, Row, SqlValue } from '../sqlite';
import { decodeCursor, encodeCursor } from './cursor';
import { QueryError } from './errors';

export interface StoredSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  traceState?: string;
  name: string;
  kind: number;
  kindName: string;
  service: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  /** Unix milliseconds (fractional: sub-millisecond precision kept). */
  startMs: number;
  durationNs: number;
  durationMs: number;
  status: { code: SpanStatusCode; message?: string };
  error: boolean;
  attributes: Attributes;
  events: SpanEventRecord[];
  links: SpanLinkRecord[];
  resource: Attributes;
  scope: InstrumentationScope;
}

export interface TraceDetail {
  traceId: string;
  /** Ordered by start time. */
  spans: StoredSpan[];
}

export interface TraceSearch {
  service?: string;
  /** The span name, e.g. `send orders`. */
  operation?: string;
  minDurationMs?: number;
  maxDurationMs?: number;
  /** true: an error span matches; false: the trace has no error span at all. */
  error?: boolean;
  /** Unix milliseconds, inclusive (span start). */
  from?: number;
  /** Unix milliseconds, exclusive. */
  to?: number;
  /** Default 20, at most 500. */
  limit?: number;
  cursor?: string;
}

export interface TraceSummary {
  traceId: string;
  /** The span without a parent (the earliest such); for traces whose root is missing, the earliest span. */
  root: { spanId: string; service: string; name: string; parentMissing: boolean } | undefined;
  services: string[];
  spanCount: number;
  errorCount: number;
  error: boolean;
  startTimeUnixNano: string;
  startMs: number;
  /** From the first span's start to the last span's end. */
  durationNs: number;
  durationMs: number;
}

export interface TracePage {
  traces: TraceSummary[];
  nextCursor?: string;
}

const MAX_LIMIT = 500;
const NS_PER_MS = 1_000_000n;
const TRACE_ID = /^[0-9a-f]{32}$/;

function msToNs(ms: number): bigint {
  return BigInt(Math.floor(ms)) * NS_PER_MS;
}

function nsTextToMs(ns: string): number {
  const big = BigInt(ns);
  return Number(big / NS_PER_MS) + Number(big % NS_PER_MS) / 1e6;
}

const SPAN_COLUMNS = `s.trace_id, s.span_id, s.parent_span_id, s.name, s.kind, s.service,
  CAST(s.start_ns AS TEXT) AS start_ns, CAST(s.end_ns AS TEXT) AS end_ns, s.duration_ns, s.status_code,
  s.status_message, s.error, s.trace_state, s.attributes, s.events, s.links, r.attributes AS resource,
  s.scope_name, s.scope_version`;

function toStoredSpan(row: Row): StoredSpan {
  const durationNs = Number(row.duration_ns);
  const code = Number(row.status_code) as SpanStatusCode;
  const kind = Number(row.kind);
  const span: StoredSpan = {
    traceId: String(row.trace_id),
    spanId: String(row.span_id),
    name: String(row.name),
    kind,
    kindName: SPAN_KIND_NAMES[kind] ?? 'unspecified',
    service: String(row.service),
    startTimeUnixNano: String(row.start_ns),
    endTimeUnixNano: String(row.end_ns),
    startMs: nsTextToMs(String(row.start_ns)),
    durationNs,
    durationMs: durationNs / 1e6,
    status: row.status_message === null ? { code } : { code, message: String(row.status_message) },
    error: Number(row.error) === 1,
    attributes: JSON.parse(String(row.attributes)) as Attributes,
    events: JSON.parse(String(row.events)) as SpanEventRecord[],
    links: JSON.parse(String(row.links)) as SpanLinkRecord[],
    resource: row.resource === null ? {} : (JSON.parse(String(row.resource)) as Attributes),
    scope:
      row.scope_version === null
        ? { name: String(row.scope_name) }
        : { name: String(row.scope_name), version: String(row.scope_version) },
  };
  if (row.parent_span_id !== null) span.parentSpanId = String(row.parent_span_id);
  if (row.trace_state !== null) span.traceState = String(row.trace_state);
  return span;
}

/** Every stored span of a trace, by start time; undefined when none is stored. */
export function getTrace(db: Database, traceId: string): TraceDetail | undefined {
  const id = traceId.toLowerCase();
  if (!TRACE_ID.test(id)) throw new QueryError('a trace id is 32 hex digits');
  const spans = db
    .prepare(
      `SELECT ${SPAN_COLUMNS} FROM spans s LEFT JOIN span_resources r ON r.id = s.resource_id
       WHERE s.trace_id = ? ORDER BY s.start_ns, s.id`,
    )
    .all(id)
    .map(toStoredSpan);
  return spans.length === 0 ? undefined : { traceId: id, spans };
}

export function searchTraces(db: Database, search: TraceSearch): TracePage {
  const limit = Math.min(MAX_LIMIT, Math.max(1, Math.floor(search.limit ?? 20)));
  const conditions: string[] = [];
  const params: SqlValue[] = [];
  const timeConditions: string[] = [];
  const timeParams: SqlValue[] = [];
  if (search.from !== undefined) {
    timeConditions.push('start_ns >= ?');
    timeParams.push(msToNs(search.from));
  }
  if (search.to !== undefined) {
    timeConditions.push('start_ns < ?');
    timeParams.push(msToNs(search.to));
  }
  conditions.push(...timeConditions);
  params.push(...timeParams);
  if (search.service) {
    conditions.push('service = ?');
    params.push(search.service);
  }
  if (search.operation) {
    conditions.push('name = ?');
    params.push(search.operation);
  }
  if (search.minDurationMs !== undefined) {
    conditions.push('duration_ns >= ?');
    params.push(Math.ceil(search.minDurationMs * 1e6));
  }
  if (search.maxDurationMs !== undefined) {
    conditions.push('duration_ns <= ?');
    params.push(Math.floor(search.maxDurationMs * 1e6));
  }
  if (search.error === true) conditions.push('error = 1');
  if (search.error === false) {
    conditions.push(
      `trace_id NOT IN (SELECT trace_id FROM spans WHERE error = 1${timeConditions.map((c) => ` AND ${c}`).join('')})`,
    );
    params.push(...timeParams);
  }
  const having: string[] = [];
  const havingParams: SqlValue[] = [];
  if (search.cursor !== undefined && search.cursor !== '') {
    const [latest, traceId] = decodeCursor(search.cursor, ['string', 'string'] as const);
    if (!/^\d+$/.test(latest)) throw new QueryError('invalid cursor');
    having.push('(latest < ? OR (latest = ? AND trace_id < ?))');
    havingParams.push(BigInt(latest), BigInt(latest), traceId);
  }
  const rows = db
    .prepare(
      `SELECT trace_id, CAST(MAX(start_ns) AS TEXT) AS latest_text, MAX(start_ns) AS latest FROM spans
       ${conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`}
       GROUP BY trace_id ${having.length === 0 ? '' : `HAVING ${having.join(' AND ')}`}
       ORDER BY latest DESC, trace_id DESC LIMIT ?`,
    )
    .all(...params, ...havingParams, limit + 1);
  const page = rows.slice(0, limit);
  const traces = summarize(
    db,
    page.map((row) => String(row.trace_id)),
  );
  const last = page[page.length - 1];
  return rows.length > limit && last !== undefined
    ? { traces, nextCursor: encodeCursor([String(last.latest_text), String(last.trace_id)]) }
    : { traces };
}

/** Summaries of the given traces, in the given order. */
export function summarize(db: Database, traceIds: readonly string[]): TraceSummary[] {
  if (traceIds.length === 0) return [];
  const ids = JSON.stringify(traceIds);
  const aggregates = new Map<string, Row>();
  for (const row of db
    .prepare(
      `SELECT trace_id, COUNT(*) AS span_count, SUM(error) AS error_count,
         CAST(MIN(start_ns) AS TEXT) AS start_ns, CAST(MAX(end_ns) - MIN(start_ns) AS TEXT) AS duration_ns,
         json_group_array(DISTINCT service) AS services
       FROM spans WHERE trace_id IN (SELECT value FROM json_each(?)) GROUP BY trace_id`,
    )
    .all(ids))
    aggregates.set(String(row.trace_id), row);
  // Roots: a parentless span first; then a span whose parent is not in the store (its caller was never
  // exported); only then the earliest span. The order is by structure before time because the services of
  // one trace run on different clocks: a consumer's span can start "before" its producer's HTTP span.
  const roots = new Map<string, TraceSummary['root']>();
  for (const row of db
    .prepare(
      `SELECT trace_id, span_id, service, name, parent_span_id FROM spans AS s
       WHERE trace_id IN (SELECT value FROM json_each(?))
       ORDER BY trace_id, parent_span_id IS NOT NULL,
         EXISTS (SELECT 1 FROM spans AS p WHERE p.trace_id = s.trace_id AND p.span_id = s.parent_span_id),
         start_ns, id`,
    )
    .all(ids)) {
    const traceId = String(row.trace_id);
    if (roots.has(traceId)) continue;
    roots.set(traceId, {
      spanId: String(row.span_id),
      service: String(row.service),
      name: String(row.name),
      parentMissing: row.parent_span_id !== null,
    });
  }
  return traceIds.flatMap((traceId) => {
    const row = aggregates.get(traceId);
    if (row === undefined) return [];
    const durationNs = Math.max(0, Number(row.duration_ns));
    const errorCount = Number(row.error_count);
    return [
      {
        traceId,
        root: roots.get(traceId),
        services: (JSON.parse(String(row.services)) as string[]).sort(),
        spanCount: Number(row.span_count),
        errorCount,
        error: errorCount > 0,
        startTimeUnixNano: String(row.start_ns),
        startMs: nsTextToMs(String(row.start_ns)),
        durationNs,
        durationMs: durationNs / 1e6,
      },
    ];
  });
}

/** Services that produced spans (for the search form). */
export function listServices(db: Database): string[] {
  return db
    .prepare('SELECT DISTINCT service FROM span_operations ORDER BY service')
    .all()
    .map((row) => String(row.service));
}

/** Span names of a service (or all services) — the search form's operations. */
export function listOperations(db: Database, service?: string): { service: string; name: string }[] {
  const rows =
    service === undefined
      ? db.prepare('SELECT service, name FROM span_operations ORDER BY service, name').all()
      : db.prepare('SELECT service, name FROM span_operations WHERE service = ? ORDER BY name').all(service);
  return rows.map((row) => ({ service: String(row.service), name: String(row.name) }));
}
