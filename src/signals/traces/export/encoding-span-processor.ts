// The span processor of kinstrument's own tracer provider when spans go out as OTLP/HTTP protobuf.
//
// Like OpenTelemetry's BatchSpanProcessor it batches sampled spans and exports them in the background, but a
// span is encoded the moment it ends and only its bytes wait for the export. So the queue is bounded in
// bytes, not spans: the span objects die young instead of being kept (and promoted by the GC) until their
// batch leaves, and a burst of spans that ends faster than one request round trip — a fetched batch of
// thousands of messages runs its eachMessage calls without yielding — fits, where 4,096 retained span
// objects used to overflow and lose spans (bench/FINDINGS.md, items 11 and 12).
import { context, TraceFlags } from '@opentelemetry/api';
import { suppressTracing, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace-node';
import { diagnostics } from '../../../diagnostics/diagnostics';
import type { EncodedSpanTransport, EncodedTraceRequest } from './otlp-http-transport';
import { ProtoWriter, varintSize, WIRE_LENGTH_DELIMITED } from './proto-writer';
import { SpanEncoder, type AttributeCacheLimits } from './span-encoder';

export interface EncodingProcessorLimits {
  /** Encoded spans waiting or in flight, the open batch included; a span that does not fit is dropped. */
  maxQueueBytes: number;
  /** A batch is sent when it holds this many spans… */
  maxBatchSpans: number;
  /** …or this many bytes… */
  maxBatchBytes: number;
  /** …or when its first span is this old. */
  scheduledDelayMs: number;
  /** Requests under way at once; further sealed batches wait in the queue. */
  maxConcurrentExports: number;
  /**
   * Batches that waited for a free request are sent together, up to this many bytes in one request: when
   * the app keeps its event loop busy (a fetched batch of thousands of messages), few request round trips
   * complete, so each must carry more.
   */
  maxRequestBytes: number;
  attributeCache?: AttributeCacheLimits;
}

export const DEFAULT_PROCESSOR_LIMITS: Omit<EncodingProcessorLimits, 'maxQueueBytes'> = {
  maxBatchSpans: 512,
  maxBatchBytes: 1024 * 1024,
  scheduledDelayMs: 1000,
  maxConcurrentExports: 2,
  maxRequestBytes: 4 * 1024 * 1024,
};

export interface SpanExportStats {
  /** Spans the receiver accepted. */
  exported: number;
  /** Spans dropped because the queue was full (`traces.maxQueueBytes`). */
  droppedQueueFull: number;
  /** Spans in requests that failed after the transport's retries. */
  failed: number;
  /** Spans waiting or in flight, and their bytes. */
  queuedSpans: number;
  queuedBytes: number;
  maxQueueBytes: number;
  /** Attribute values encoded in full because the encoder's cache was full (counted per value). */
  attributeCacheOverflows: number;
}

interface ScopeGroup {
  scope: InstrumentationScope;
  writer: ProtoWriter;
}

interface ResourceGroup {
  resource: Resource;
  scopes: Map<InstrumentationScope, ScopeGroup>;
}

const MAX_POOLED_WRITERS = 8;

export class EncodingSpanProcessor implements SpanProcessor {
  private readonly encoder: SpanEncoder;
  private readonly groups = new Map<Resource, ResourceGroup>();
  private readonly writerPool: ProtoWriter[] = [];
  private readonly resourceBytes = new WeakMap<Resource, Buffer>();
  private readonly scopeBytes = new WeakMap<InstrumentationScope, Buffer>();
  private readonly scratch = new ProtoWriter(1024);
  private lastResource: Resource | undefined;
  private lastScope: InstrumentationScope | undefined;
  private lastWriter: ProtoWriter | undefined;
  private openSpans = 0;
  private openBytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly queue: EncodedTraceRequest[] = [];
  private inFlight = 0;
  /** Bytes and spans of sealed requests, waiting or in flight. */
  private sealedBytes = 0;
  private sealedSpans = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;
  private readonly counts = { exported: 0, droppedQueueFull: 0, failed: 0 };

  constructor(
    private readonly transport: EncodedSpanTransport,
    private readonly limits: EncodingProcessorLimits,
  ) {
    this.encoder = new SpanEncoder(limits.attributeCache);
  }

  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    if (this.closed) return;
    try {
      if ((span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0) this.add(span);
    } catch (error) {
      diagnostics.internalError('traces.encode', error);
    }
  }

  forceFlush(): Promise<void> {
    this.seal();
    this.pump();
    return this.idle();
  }

  async shutdown(): Promise<void> {
    if (this.closed) return;
    await this.forceFlush();
    this.closed = true;
    await this.transport.shutdown();
  }

  stats(): SpanExportStats {
    return {
      ...this.counts,
      queuedSpans: this.sealedSpans + this.openSpans,
      queuedBytes: this.sealedBytes + this.openBytes,
      maxQueueBytes: this.limits.maxQueueBytes,
      attributeCacheOverflows: this.encoder.stats.cacheOverflows,
    };
  }

  private add(span: ReadableSpan): void {
    const writer = this.writerFor(span.resource, span.instrumentationScope);
    const before = writer.pos;
    try {
      this.encoder.writeSpan(writer, span);
    } catch (error) {
      writer.pos = before;
      throw error;
    }
    const size = writer.pos - before;
    if (this.sealedBytes + this.openBytes + size > this.limits.maxQueueBytes) {
      writer.pos = before;
      this.counts.droppedQueueFull += 1;
      diagnostics.log(
        'warn',
        'traces.queue-full',
        `spans dropped: the export queue is full (traces.maxQueueBytes = ${this.limits.maxQueueBytes}); is the OTLP receiver reachable?`,
        { dropped: this.counts.droppedQueueFull },
      );
      return;
    }
    this.openBytes += size;
    this.openSpans += 1;
    if (this.openSpans >= this.limits.maxBatchSpans || this.openBytes >= this.limits.maxBatchBytes) {
      this.seal();
      this.pump();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(this.onTimer, this.limits.scheduledDelayMs);
      this.timer.unref();
    }
  }

  private readonly onTimer = (): void => {
    this.timer = undefined;
    try {
      this.seal();
      this.pump();
    } catch (error) {
      diagnostics.internalError('traces.export', error);
    }
  };

  private writerFor(resource: Resource, scope: InstrumentationScope): ProtoWriter {
    if (resource === this.lastResource && scope === this.lastScope && this.lastWriter) return this.lastWriter;
    let group = this.groups.get(resource);
    if (group === undefined) {
      group = { resource, scopes: new Map() };
      this.groups.set(resource, group);
    }
    let scopeGroup = group.scopes.get(scope);
    if (scopeGroup === undefined) {
      scopeGroup = { scope, writer: this.writerPool.pop() ?? new ProtoWriter(64 * 1024) };
      group.scopes.set(scope, scopeGroup);
    }
    this.lastResource = resource;
    this.lastScope = scope;
    this.lastWriter = scopeGroup.writer;
    return scopeGroup.writer;
  }

  /** Turns the open batch into one request body, queued for export. */
  private seal(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.openSpans === 0) return;
    const body = this.requestBody();
    this.queue.push({ body, spans: this.openSpans });
    this.sealedBytes += body.length;
    this.sealedSpans += this.openSpans;
    this.openBytes = 0;
    this.openSpans = 0;
    for (const group of this.groups.values()) {
      for (const scopeGroup of group.scopes.values()) {
        scopeGroup.writer.reset();
        if (this.writerPool.length < MAX_POOLED_WRITERS) this.writerPool.push(scopeGroup.writer);
      }
    }
    this.groups.clear();
    this.lastResource = this.lastScope = this.lastWriter = undefined;
  }

  /**
   * ExportTraceServiceRequest { ResourceSpans 1 { Resource 1, ScopeSpans 2 { scope 1, spans 2, schema_url 3 },
   * schema_url 3 } }, with every length known before it is written, so the spans are copied once.
   */
  private requestBody(): Buffer {
    const parts: { resource: Buffer; schemaUrl: string | undefined; scopes: ScopeParts[]; length: number }[] =
      [];
    let total = 0;
    for (const group of this.groups.values()) {
      const resource = this.encodedResource(group.resource);
      const schemaUrl = group.resource.schemaUrl || undefined;
      let length = resource.length + stringFieldSize(schemaUrl);
      const scopes: ScopeParts[] = [];
      for (const scopeGroup of group.scopes.values()) {
        const scope = this.encodedScope(scopeGroup.scope);
        const spans = scopeGroup.writer.view();
        if (spans.length === 0) continue;
        const scopeSchemaUrl = scopeGroup.scope.schemaUrl || undefined;
        const scopeLength = scope.length + spans.length + stringFieldSize(scopeSchemaUrl);
        scopes.push({ scope, spans, schemaUrl: scopeSchemaUrl, length: scopeLength });
        length += 1 + varintSize(scopeLength) + scopeLength;
      }
      if (scopes.length === 0) continue;
      parts.push({ resource, schemaUrl, scopes, length });
      total += 1 + varintSize(length) + length;
    }
    const out = new ProtoWriter(total);
    for (const part of parts) {
      out.tag(1, WIRE_LENGTH_DELIMITED);
      out.varint32(part.length);
      out.raw(part.resource);
      for (const scope of part.scopes) {
        out.tag(2, WIRE_LENGTH_DELIMITED);
        out.varint32(scope.length);
        out.raw(scope.scope);
        out.raw(scope.spans);
        writeOptionalString(out, 3, scope.schemaUrl);
      }
      writeOptionalString(out, 3, part.schemaUrl);
    }
    return out.buf.subarray(0, out.pos);
  }

  private encodedResource(resource: Resource): Buffer {
    // A resource whose attributes are still being detected is encoded again next time.
    return this.encodedOnce(this.resourceBytes, resource, !resource.asyncAttributesPending, (writer) =>
      this.encoder.writeResource(writer, resource),
    );
  }

  private encodedScope(scope: InstrumentationScope): Buffer {
    return this.encodedOnce(this.scopeBytes, scope, true, (writer) => this.encoder.writeScope(writer, scope));
  }

  private encodedOnce<K extends object>(
    cache: WeakMap<K, Buffer>,
    key: K,
    keep: boolean,
    write: (writer: ProtoWriter) => void,
  ): Buffer {
    let bytes = cache.get(key);
    if (bytes === undefined) {
      this.scratch.reset();
      write(this.scratch);
      bytes = Buffer.from(this.scratch.view());
      if (keep) cache.set(key, bytes);
    }
    return bytes;
  }

  /** Starts exports while fewer than the limit are under way. */
  private pump(): void {
    while (this.inFlight < this.limits.maxConcurrentExports && this.queue.length > 0) {
      const request = this.nextRequest();
      this.inFlight += 1;
      // Our own HTTP requests are not traced, even when the app instruments http.
      const sent = context.with(suppressTracing(context.active()), () => this.transport.send(request));
      sent
        .then(
          () => {
            this.counts.exported += request.spans;
          },
          (error: unknown) => {
            this.counts.failed += request.spans;
            diagnostics.deliveryError('traces otlp', error);
          },
        )
        .finally(() => {
          this.inFlight -= 1;
          this.sealedBytes -= request.body.length;
          this.sealedSpans -= request.spans;
          this.pump();
          if (this.inFlight === 0 && this.queue.length === 0) {
            const waiters = this.idleWaiters;
            this.idleWaiters = [];
            for (const resolve of waiters) resolve();
          }
        });
    }
  }

  /**
   * The oldest waiting batch, joined with those behind it while they fit in `maxRequestBytes`. Requests
   * concatenate: ExportTraceServiceRequest is one repeated field, so two bodies back to back are one
   * request with the resource spans of both.
   */
  private nextRequest(): EncodedTraceRequest {
    const first = this.queue.shift()!;
    let bytes = first.body.length;
    let count = 0;
    while (
      count < this.queue.length &&
      bytes + this.queue[count]!.body.length <= this.limits.maxRequestBytes
    ) {
      bytes += this.queue[count]!.body.length;
      count += 1;
    }
    if (count === 0) return first;
    const joined = [first, ...this.queue.splice(0, count)];
    return {
      body: Buffer.concat(
        joined.map((request) => request.body),
        bytes,
      ),
      spans: joined.reduce((sum, request) => sum + request.spans, 0),
    };
  }

  private idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}

interface ScopeParts {
  scope: Buffer;
  spans: Buffer;
  schemaUrl: string | undefined;
  length: number;
}

function stringFieldSize(value: string | undefined): number {
  if (!value) return 0;
  const bytes = Buffer.byteLength(value);
  return 1 + varintSize(bytes) + bytes;
}

function writeOptionalString(writer: ProtoWriter, field: number, value: string | undefined): void {
  if (!value) return;
  writer.tag(field, WIRE_LENGTH_DELIMITED);
  writer.string(value);
}
