// JSON log fields as flat attributes: nested objects become dotted keys (`http.status_code`), the way Datadog's
// facets address them, so the store and the UI deal with scalars only. Bounded in count and depth.
import type { LogAttributeValue } from '../record';

export const MAX_ATTRIBUTES = 256;
const MAX_DEPTH = 8;

/** Adds `value`'s fields under `prefix`; returns how many fields did not fit. */
export function flattenInto(
  target: Record<string, LogAttributeValue>,
  value: Record<string, unknown>,
  prefix = '',
  depth = 0,
): number {
  let dropped = 0;
  for (const [key, field] of Object.entries(value)) {
    const name = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(field) && depth < MAX_DEPTH && Object.keys(field).length > 0) {
      dropped += flattenInto(target, field, name, depth + 1);
      continue;
    }
    if (Object.keys(target).length >= MAX_ATTRIBUTES && !(name in target)) {
      dropped++;
      continue;
    }
    target[name] = toScalar(field);
  }
  return dropped;
}

function toScalar(value: unknown): LogAttributeValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  return JSON.stringify(value) ?? null;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
