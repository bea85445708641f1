// Turns whatever kafkajs (or an app) attached to a log call into plain JSON data: Errors keep name, message,
// stack and their Kafka fields; Buffers become a short description; BigInts strings; cycles, depth and
// size are bounded so one odd field can neither break nor bloat a record.
const MAX_DEPTH = 6;
const MAX_ITEMS = 100;
const MAX_STRING = 16 * 1024;

export function jsonSafe(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'string') return value.length > MAX_STRING ? `${value.slice(0, MAX_STRING)}…` : value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined
  if (Buffer.isBuffer(value)) return `<Buffer ${value.length} bytes>`;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (seen.has(value)) return '[Circular]';
  if (depth >= MAX_DEPTH) return '[Object]';
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ITEMS).map((item) => jsonSafe(item, depth + 1, seen) ?? null);
      if (value.length > MAX_ITEMS) items.push(`… ${value.length - MAX_ITEMS} more`);
      return items;
    }
    const result: Record<string, unknown> = {};
    if (value instanceof Error) {
      result.name = value.name;
      result.message = value.message;
      if (value.stack) result.stack = jsonSafe(value.stack);
    }
    let count = 0;
    for (const key of Object.keys(value)) {
      if (count++ >= MAX_ITEMS) break;
      const safe = jsonSafe((value as Record<string, unknown>)[key], depth + 1, seen);
      if (safe !== undefined) result[key] = safe;
    }
    return result;
  } finally {
    seen.delete(value);
  }
}
