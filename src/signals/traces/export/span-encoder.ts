// Encodes finished SDK spans into OTLP protobuf `Span` messages, the moment they end.
//
// Why not @opentelemetry/otlp-transformer's serializer: it walks every batch twice (size estimate, then
// write) and re-encodes every attribute key of every span, and the spans it serializes have to be kept
// until their batch leaves — in an eachMessage consumer that retention and the serialization were about
// half of kinstrument's added CPU per message (bench/FINDINGS.md, items 3 and 12). Here a span is written
// once, as it ends, and the attributes that repeat from span to span (the client's, the topic, the
// partition, the operation) are copied as ready-made bytes. The output is byte for byte what the upstream
// serializer writes for the same spans (test/unit/span-export.test.ts compares them), so every OTLP
// receiver reads it as before.
import type { Attributes, AttributeValue, Link, SpanContext } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace-node';
import { ProtoWriter, WIRE_FIXED32, WIRE_FIXED64, WIRE_LENGTH_DELIMITED, WIRE_VARINT } from './proto-writer';

const SPAN_FLAGS_HAS_IS_REMOTE = 0x100;
const SPAN_FLAGS_IS_REMOTE = 0x200;
const MIN_INT64 = -(2 ** 63);
const MAX_INT64 = 2 ** 63;

export interface AttributeCacheLimits {
  /** Distinct keys whose encoded form is kept. */
  maxKeys: number;
  /** Distinct string values kept per key as whole encoded key-value pairs. */
  maxValuesPerKey: number;
}

export const DEFAULT_ATTRIBUTE_CACHE: AttributeCacheLimits = { maxKeys: 128, maxValuesPerKey: 32 };
/** Longer string values are never cached: they are rarely repeated (statements, messages, URLs). */
const MAX_CACHED_VALUE_LENGTH = 128;

interface CachedKey {
  /** `KeyValue.key` (tag, length, UTF-8). */
  keyBytes: Buffer;
  /** Whole `KeyValue` messages (without the outer tag) for string values seen with this key. */
  stringPairs: Map<string, Buffer>;
}

export interface EncoderStats {
  /** Attribute keys and key-value pairs that were not cached because a cache limit was reached. */
  cacheOverflows: number;
}

/**
 * Writes spans, resources and scopes. The caches are bounded: past a limit, attributes are encoded in full
 * each time (correct, just slower) and the overflow is counted.
 */
export class SpanEncoder {
  private readonly keys = new Map<string, CachedKey>();
  private readonly scratch = new ProtoWriter(256);
  readonly stats: EncoderStats = { cacheOverflows: 0 };

  constructor(private readonly limits: AttributeCacheLimits = DEFAULT_ATTRIBUTE_CACHE) {}

  /** `ScopeSpans.spans` entry: tag 2, length, `Span`. */
  writeSpan(writer: ProtoWriter, span: ReadableSpan): void {
    writer.tag(2, WIRE_LENGTH_DELIMITED);
    const start = writer.begin();
    const context = span.spanContext();
    writeContext(writer, context);
    const parent = span.parentSpanContext;
    if (parent?.spanId) {
      writer.tag(4, WIRE_LENGTH_DELIMITED);
      writer.hexId(parent.spanId);
    }
    writer.tag(5, WIRE_LENGTH_DELIMITED);
    writer.string(span.name);
    // OTLP's kinds start at 1 (0 is "unspecified"); the API's at 0.
    const kind = span.kind == null ? 0 : span.kind + 1;
    if (kind !== 0) {
      writer.tag(6, WIRE_VARINT);
      writer.varint32(kind);
    }
    writer.tag(7, WIRE_FIXED64);
    writer.hrTime(span.startTime);
    writer.tag(8, WIRE_FIXED64);
    writer.hrTime(span.endTime);
    this.writeAttributes(writer, span.attributes, 9);
    writer.tag(10, WIRE_VARINT);
    writer.varint32(span.droppedAttributesCount);
    for (const event of span.events) this.writeEvent(writer, event);
    writer.tag(12, WIRE_VARINT);
    writer.varint32(span.droppedEventsCount);
    for (const link of span.links) this.writeLink(writer, link);
    writer.tag(14, WIRE_VARINT);
    writer.varint32(span.droppedLinksCount);
    writer.tag(15, WIRE_LENGTH_DELIMITED);
    const status = writer.begin();
    if (span.status.message) {
      writer.tag(2, WIRE_LENGTH_DELIMITED);
      writer.string(span.status.message);
    }
    writer.tag(3, WIRE_VARINT);
    writer.varint32(span.status.code);
    writer.end(status);
    writer.tag(16, WIRE_FIXED32);
    writer.fixed32(spanFlags(context, parent?.isRemote));
    writer.end(start);
  }

  /** `ResourceSpans.resource`: tag 1, length, `Resource`. */
  writeResource(writer: ProtoWriter, resource: Resource): void {
    writer.tag(1, WIRE_LENGTH_DELIMITED);
    const start = writer.begin();
    this.writeAttributes(writer, resource.attributes, 1);
    writer.tag(2, WIRE_VARINT);
    writer.varint32(0);
    writer.end(start);
  }

  /** `ScopeSpans.scope`: tag 1, length, `InstrumentationScope`. */
  writeScope(writer: ProtoWriter, scope: InstrumentationScope & ScopeExtras): void {
    writer.tag(1, WIRE_LENGTH_DELIMITED);
    const start = writer.begin();
    writer.tag(1, WIRE_LENGTH_DELIMITED);
    writer.string(scope.name);
    if (scope.version) {
      writer.tag(2, WIRE_LENGTH_DELIMITED);
      writer.string(scope.version);
    }
    if (scope.attributes) this.writeAttributes(writer, scope.attributes, 3);
    if (scope.droppedAttributesCount) {
      writer.tag(4, WIRE_VARINT);
      writer.varint32(scope.droppedAttributesCount);
    }
    writer.end(start);
  }

  /** Repeated `KeyValue` at `field`. */
  writeAttributes(writer: ProtoWriter, attributes: Attributes, field: number): void {
    for (const key in attributes) {
      if (!Object.prototype.hasOwnProperty.call(attributes, key)) continue;
      const value = attributes[key];
      writer.tag(field, WIRE_LENGTH_DELIMITED);
      const cached = this.cachedKey(key);
      if (cached && typeof value === 'string' && value.length <= MAX_CACHED_VALUE_LENGTH) {
        const pair = this.cachedPair(cached, value);
        if (pair) {
          writer.raw(pair);
          continue;
        }
      }
      const start = writer.begin();
      writeKeyValue(writer, cached?.keyBytes ?? key, value);
      writer.end(start);
    }
  }

  private writeEvent(writer: ProtoWriter, event: TimedEvent): void {
    writer.tag(11, WIRE_LENGTH_DELIMITED);
    const start = writer.begin();
    writer.tag(1, WIRE_FIXED64);
    writer.hrTime(event.time);
    writer.tag(2, WIRE_LENGTH_DELIMITED);
    writer.string(event.name);
    if (event.attributes) this.writeAttributes(writer, event.attributes, 3);
    writer.tag(4, WIRE_VARINT);
    writer.varint32(event.droppedAttributesCount || 0);
    writer.end(start);
  }

  private writeLink(writer: ProtoWriter, link: Link & { droppedAttributesCount?: number }): void {
    writer.tag(13, WIRE_LENGTH_DELIMITED);
    const start = writer.begin();
    const context = link.context;
    writeContext(writer, context);
    if (link.attributes) this.writeAttributes(writer, link.attributes, 4);
    writer.tag(5, WIRE_VARINT);
    writer.varint32(link.droppedAttributesCount || 0);
    writer.tag(6, WIRE_FIXED32);
    writer.fixed32(spanFlags(context, context.isRemote));
    writer.end(start);
  }

  // Hits and misses live in separate methods, and neither holds a closure: V8 allocates a function's closure
  // context when the function is entered, whether or not the closure is ever made, so a miss path written as
  // `admit(() => …)` inside these made every hit allocate (~950 bytes a consumer span, bench/FINDINGS.md,
  // item 26).
  private cachedKey(key: string): CachedKey | undefined {
    const known = this.keys.get(key);
    return known !== undefined ? known : this.newKey(key);
  }

  private cachedPair(cached: CachedKey, value: string): Buffer | undefined {
    const known = cached.stringPairs.get(value);
    return known !== undefined ? known : this.newPair(cached, value);
  }

  /** The encoded key, kept while fewer than `maxKeys` are; past it undefined, and counted. */
  private newKey(key: string): CachedKey | undefined {
    if (!this.admits(this.keys, this.limits.maxKeys)) return undefined;
    const scratch = this.scratch;
    scratch.reset();
    scratch.tag(1, WIRE_LENGTH_DELIMITED);
    scratch.string(key);
    const made: CachedKey = { keyBytes: Buffer.from(scratch.view()), stringPairs: new Map() };
    this.keys.set(key, made);
    return made;
  }

  /** The encoded key-value pair, kept while the key has fewer than `maxValuesPerKey`; else undefined. */
  private newPair(cached: CachedKey, value: string): Buffer | undefined {
    if (!this.admits(cached.stringPairs, this.limits.maxValuesPerKey)) return undefined;
    const scratch = this.scratch;
    scratch.reset();
    const start = scratch.begin();
    writeKeyValue(scratch, cached.keyBytes, value);
    scratch.end(start);
    const made = Buffer.from(scratch.view());
    cached.stringPairs.set(value, made);
    return made;
  }

  private admits(map: Map<string, unknown>, limit: number): boolean {
    if (map.size < limit) return true;
    this.stats.cacheOverflows += 1;
    return false;
  }

  /** How many keys and key-value pairs are cached (for tests of the limits). */
  cacheSize(): { keys: number; pairs: number } {
    let pairs = 0;
    for (const cached of this.keys.values()) pairs += cached.stringPairs.size;
    return { keys: this.keys.size, pairs };
  }
}

/** The fields of a scope the SDK type leaves out but scopes may carry. */
interface ScopeExtras {
  attributes?: Attributes;
  droppedAttributesCount?: number;
}

/** trace_id 1, span_id 2, trace_state 3 (when set): the same fields in `Span` and `Span.Link`. */
function writeContext(writer: ProtoWriter, context: SpanContext): void {
  writer.tag(1, WIRE_LENGTH_DELIMITED);
  writer.hexId(context.traceId);
  writer.tag(2, WIRE_LENGTH_DELIMITED);
  writer.hexId(context.spanId);
  const traceState = context.traceState?.serialize();
  if (traceState) {
    writer.tag(3, WIRE_LENGTH_DELIMITED);
    writer.string(traceState);
  }
}

/** OTLP span flags: the W3C trace flags, and whether the parent (or linked) context came from elsewhere. */
function spanFlags(context: SpanContext, isRemote: boolean | undefined): number {
  let flags = (context.traceFlags & 0xff) | SPAN_FLAGS_HAS_IS_REMOTE;
  if (isRemote) flags |= SPAN_FLAGS_IS_REMOTE;
  return flags;
}

/** `KeyValue`'s content: key 1 (or its ready-made encoding), value 2. */
function writeKeyValue(writer: ProtoWriter, key: string | Buffer, value: unknown): void {
  if (typeof key === 'string') {
    writer.tag(1, WIRE_LENGTH_DELIMITED);
    writer.string(key);
  } else writer.raw(key);
  writer.tag(2, WIRE_LENGTH_DELIMITED);
  const inner = writer.begin();
  writeAnyValue(writer, value);
  writer.end(inner);
}

/** `AnyValue`'s content: string 1, bool 2, int 3, double 4, array 5, kvlist 6, bytes 7. */
function writeAnyValue(writer: ProtoWriter, value: AttributeValue | undefined | unknown): void {
  if (typeof value === 'string') {
    writer.tag(1, WIRE_LENGTH_DELIMITED);
    writer.string(value);
  } else if (typeof value === 'boolean') {
    writer.tag(2, WIRE_VARINT);
    writer.varint32(value ? 1 : 0);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= MIN_INT64 && value < MAX_INT64) {
      writer.tag(3, WIRE_VARINT);
      writer.varint64(value);
    } else {
      writer.tag(4, WIRE_FIXED64);
      writer.double(value);
    }
  } else if (value instanceof Uint8Array) {
    writer.tag(7, WIRE_LENGTH_DELIMITED);
    writer.bytes(value);
  } else if (Array.isArray(value)) {
    writer.tag(5, WIRE_LENGTH_DELIMITED);
    const array = writer.begin();
    for (const item of value as unknown[]) {
      writer.tag(1, WIRE_LENGTH_DELIMITED);
      const entry = writer.begin();
      writeAnyValue(writer, item);
      writer.end(entry);
    }
    writer.end(array);
  } else if (typeof value === 'object' && value !== null) {
    writer.tag(6, WIRE_LENGTH_DELIMITED);
    const list = writer.begin();
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      writer.tag(1, WIRE_LENGTH_DELIMITED);
      const pair = writer.begin();
      writeKeyValue(writer, key, record[key]);
      writer.end(pair);
    }
    writer.end(list);
  }
  // Anything else (undefined, null, functions): an empty AnyValue, as the upstream serializer writes.
}
