// Datadog's propagation headers, so a dd-trace consumer continues our traces and we continue theirs:
//   x-datadog-trace-id        low 64 bits of the trace id, unsigned decimal
//   x-datadog-parent-id       span id, unsigned decimal
//   x-datadog-sampling-priority  1 sampled / 0 not (Datadog also uses 2 and -1)
//   x-datadog-tags            `_dd.p.tid=<high 64 bits, 16 hex>` for 128-bit trace ids
import {
  isSpanContextValid,
  trace,
  TraceFlags,
  type Context,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';

export const DD_TRACE_ID = 'x-datadog-trace-id';
export const DD_PARENT_ID = 'x-datadog-parent-id';
export const DD_SAMPLING_PRIORITY = 'x-datadog-sampling-priority';
export const DD_TAGS = 'x-datadog-tags';

const UINT64_MAX = (1n << 64n) - 1n;
const MAX_DD_TAGS_LENGTH = 512;
const ZERO_64 = '0000000000000000';

function decimalToHex16(text: string | undefined): string | undefined {
  if (!text || !/^\d{1,20}$/.test(text)) return undefined;
  const value = BigInt(text);
  if (value === 0n || value > UINT64_MAX) return undefined;
  return value.toString(16).padStart(16, '0');
}

function highTraceIdFromTags(tags: string | undefined): string | undefined {
  if (!tags || tags.length > MAX_DD_TAGS_LENGTH) return undefined;
  for (const entry of tags.split(',')) {
    const [key, value] = entry.split('=');
    if (key?.trim() === '_dd.p.tid' && value && /^[0-9a-f]{16}$/.test(value.trim())) return value.trim();
  }
  return undefined;
}

export class DatadogPropagator implements TextMapPropagator {
  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    const spanContext = trace.getSpanContext(context);
    if (!spanContext || !isSpanContextValid(spanContext)) return;
    const high = spanContext.traceId.slice(0, 16);
    const low = BigInt(`0x${spanContext.traceId.slice(16)}`);
    if (low === 0n) return; // not representable as a Datadog trace id
    setter.set(carrier, DD_TRACE_ID, low.toString(10));
    setter.set(carrier, DD_PARENT_ID, BigInt(`0x${spanContext.spanId}`).toString(10));
    setter.set(carrier, DD_SAMPLING_PRIORITY, spanContext.traceFlags & TraceFlags.SAMPLED ? '1' : '0');
    // Only a 128-bit trace id has a high half to carry; without one the header is left out.
    if (high !== ZERO_64) setter.set(carrier, DD_TAGS, `_dd.p.tid=${high}`);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    // W3C trace context, when present, was extracted first and wins.
    if (trace.getSpanContext(context)) return context;
    const first = (key: string) => {
      const value = getter.get(carrier, key);
      return Array.isArray(value) ? value[0] : value;
    };
    const low = decimalToHex16(first(DD_TRACE_ID)?.trim());
    const spanId = decimalToHex16(first(DD_PARENT_ID)?.trim());
    if (!low || !spanId) return context;
    const high = highTraceIdFromTags(first(DD_TAGS)) ?? '0000000000000000';
    const priority = Number(first(DD_SAMPLING_PRIORITY)?.trim() ?? '1');
    const spanContext = {
      traceId: high + low,
      spanId,
      isRemote: true,
      traceFlags: Number.isFinite(priority) && priority <= 0 ? TraceFlags.NONE : TraceFlags.SAMPLED,
    };
    return isSpanContextValid(spanContext) ? trace.setSpanContext(context, spanContext) : context;
  }

  fields(): string[] {
    return [DD_TRACE_ID, DD_PARENT_ID, DD_SAMPLING_PRIORITY, DD_TAGS];
  }
}
