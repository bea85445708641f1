// Size of a record as the app handed it over or received it: key + value + header names and values,
// uncompressed (what the app moves, not what the wire carries after compression).
import type { HeaderValue, MessageHeaders } from '../../instrumentation/kafkajs/shapes';

type Bytes = Buffer | string | null | undefined;

/**
 * UTF-8 length of header names: the same few names (trace context, the produce time, the app's own) come
 * with every message, and measuring each again was most of this function's time per consumed message.
 */
const nameBytes = new Map<string, number>();
const MAX_CACHED_NAMES = 1000;

function nameSize(name: string): number {
  let bytes = nameBytes.get(name);
  if (bytes === undefined) {
    bytes = Buffer.byteLength(name);
    if (nameBytes.size < MAX_CACHED_NAMES) nameBytes.set(name, bytes);
  }
  return bytes;
}

const has = Object.prototype.hasOwnProperty;

export function recordBytes(message: { key?: Bytes; value?: Bytes; headers?: MessageHeaders }): number {
  let total = size(message.key) + size(message.value);
  const headers = message.headers;
  if (headers) {
    // for…in rather than Object.keys: no array of names made per message.
    for (const name in headers) {
      if (has.call(headers, name)) total += nameSize(name) + headerSize(headers[name]);
    }
  }
  return total;
}

function headerSize(value: HeaderValue): number {
  if (Array.isArray(value)) return value.reduce((sum, item) => sum + size(item), 0);
  return size(value);
}

function size(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (Buffer.isBuffer(value)) return value.length;
  return 0;
}
