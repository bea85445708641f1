// Writes spans. Resource attributes are stored once per distinct resource (cached by hash) and referenced.
// A span already stored (same trace and span id: a client retry) is ignored.
import { createHash } from 'node:crypto';
import type { SpanRecord } from '../../intake/otlp/model';
import type { Database, Statement } from '../sqlite';
import { boundedJson } from './json';

export interface SpanWriterStats {
  spans: number;
  /** Spans already stored (same ids), ignored. */
  duplicates: number;
  /** Attribute/event/link JSON too large to keep. */
  truncatedJson: number;
}

const RESOURCE_CACHE_LIMIT = 10_000;

export class SpanWriter {
  readonly stats: SpanWriterStats = { spans: 0, duplicates: 0, truncatedJson: 0 };
  private readonly resources = new Map<string, number>();
  // Spans decoded from one request share their resource object: most lookups end here, unhashed.
  private byObject = new WeakMap<object, number>();
  private readonly insert: Statement;
  private readonly upsertResource: Statement;
  private readonly upsertOperation: Statement;

  constructor(
    db: Database,
    private readonly maxJsonChars: number,
  ) {
    this.insert = db.prepare(
      `INSERT INTO spans (trace_id, span_id, parent_span_id, name, kind, service, start_ns, end_ns, duration_ns,
         status_code, status_message, error, trace_state, attributes, events, links, resource_id, scope_name,
         scope_version)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (trace_id, span_id) DO NOTHING`,
    );
    this.upsertResource = db.prepare(
      `INSERT INTO span_resources (hash, attributes) VALUES (?, ?)
       ON CONFLICT (hash) DO UPDATE SET hash = excluded.hash RETURNING id`,
    );
    this.upsertOperation = db.prepare(
      `INSERT INTO span_operations (service, name, last_seen_ns) VALUES (?, ?, ?)
       ON CONFLICT (service, name) DO UPDATE SET last_seen_ns = MAX(last_seen_ns, excluded.last_seen_ns)`,
    );
  }

  /** Call inside a transaction. */
  write(spans: readonly SpanRecord[]): void {
    // One operation upsert per (service, name) per batch.
    const operations = new Map<string, { service: string; name: string; startNs: bigint }>();
    for (const span of spans) {
      const resourceId = this.resourceId(span.resource);
      const attributes = this.json(span.attributes);
      const events = this.json(span.events);
      const links = this.json(span.links);
      const result = this.insert.run(
        span.traceId,
        span.spanId,
        span.parentSpanId ?? null,
        span.name,
        span.kind,
        span.service,
        BigInt(span.startTimeUnixNano),
        BigInt(span.endTimeUnixNano),
        span.durationNs,
        span.status.code,
        span.status.message ?? null,
        span.status.code === 2 ? 1 : 0,
        span.traceState ?? null,
        attributes,
        events,
        links,
        resourceId,
        span.scope.name,
        span.scope.version ?? null,
      );
      if (result.changes === 0) this.stats.duplicates += 1;
      else this.stats.spans += 1;
      const key = `${span.service}\u0000${span.name}`;
      const startNs = BigInt(span.startTimeUnixNano);
      const seen = operations.get(key);
      if (seen === undefined || seen.startNs < startNs)
        operations.set(key, { service: span.service, name: span.name, startNs });
    }
    for (const operation of operations.values())
      this.upsertOperation.run(operation.service, operation.name, operation.startNs);
  }

  /** Forget cached resource ids (after a rolled-back transaction or a retention clean-up). */
  reset(): void {
    this.resources.clear();
    this.byObject = new WeakMap();
  }

  private json(value: unknown): string {
    const bounded = boundedJson(value, this.maxJsonChars);
    if (bounded.truncated) this.stats.truncatedJson += 1;
    return bounded.text;
  }

  private resourceId(resource: SpanRecord['resource']): number {
    const known = this.byObject.get(resource);
    if (known !== undefined) return known;
    const text = JSON.stringify(resource);
    const hash = createHash('sha1').update(text).digest('hex');
    const cached = this.resources.get(hash);
    if (cached !== undefined) {
      this.byObject.set(resource, cached);
      return cached;
    }
    const id = Number(this.upsertResource.get(hash, text)?.id);
    if (this.resources.size >= RESOURCE_CACHE_LIMIT) this.resources.clear();
    this.resources.set(hash, id);
    this.byObject.set(resource, id);
    return id;
  }
}
