// Reading and writing trace context in Kafka message headers. kafkajs hands headers back as Buffers
// (or arrays of them when a key repeats); producers may set strings. Anything else reads as absent.
import type { TextMapGetter, TextMapSetter } from '@opentelemetry/api';
import { sharedHeaderValue } from '../../../instrumentation/kafkajs/shared-header-values';
import type { HeaderValue, MessageHeaders } from '../../../instrumentation/kafkajs/shapes';

/** Longest header value we read as trace context; longer ones are not ours and are ignored. */
const MAX_CONTEXT_HEADER_BYTES = 8192;

/** The element of a header value the getter reads: the first one when the key repeats. */
export function firstHeaderValue(value: HeaderValue): Buffer | string | null | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The text a getter reads from a header value: its first element, as a string; undefined if none. */
export function headerText(value: HeaderValue): string | undefined {
  const first = firstHeaderValue(value);
  if (typeof first === 'string') return first.length <= MAX_CONTEXT_HEADER_BYTES ? first : undefined;
  if (Buffer.isBuffer(first))
    return first.length <= MAX_CONTEXT_HEADER_BYTES ? first.toString('utf8') : undefined;
  return undefined;
}

const has = Object.prototype.hasOwnProperty;

/** The raw value the getter reads for `key`: under that exact name, else under the same name in another case. */
export function findHeader(carrier: MessageHeaders, key: string): HeaderValue {
  const exact = has.call(carrier, key) ? carrier[key] : undefined;
  if (exact !== undefined) return exact;
  // Header names are case-sensitive in Kafka, but some producers capitalise them. Most lookups miss
  // (tracestate, baggage are usually absent), so names of another length are skipped before lowercasing.
  const lower = key.toLowerCase();
  for (const name in carrier) {
    if (name.length === key.length && has.call(carrier, name) && name.toLowerCase() === lower) {
      return carrier[name];
    }
  }
  return undefined;
}

export const kafkaHeaderGetter: TextMapGetter<MessageHeaders | null | undefined> = {
  keys(carrier) {
    return carrier && typeof carrier === 'object' ? Object.keys(carrier) : [];
  },
  get(carrier, key) {
    if (!carrier || typeof carrier !== 'object') return undefined;
    return headerText(findHeader(carrier, key));
  },
};

/**
 * Sets each value as kinstrument's own marked bytes (shared-header-values.ts): kafkajs would otherwise encode
 * the string again for every message, and the encoding of a marked value is made once per producer call.
 */
export const sharedBytesHeaderSetter: TextMapSetter<MessageHeaders> = {
  set(carrier, key, value) {
    carrier[key] = sharedHeaderValue(value);
  },
};
