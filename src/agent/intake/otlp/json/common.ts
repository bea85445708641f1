// OTLP/JSON building blocks: shape checks, AnyValue / KeyValue / Resource / InstrumentationScope.
// Unknown fields are ignored (the spec requires it); a known field of the wrong type is a bad request.
import { OtlpDecodeError } from '../errors';
import { MAX_VALUE_DEPTH } from '../convert/limits';
import type { AttributeValue, Attributes, InstrumentationScope } from '../model';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The object, or an empty one when absent; throws when present with another type. */
export function objectField(parent: JsonObject, key: string, where: string): JsonObject {
  const value = parent[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw new OtlpDecodeError(`${where}.${key} must be an object`);
  return value;
}

/** The array, or an empty one when absent; throws when present with another type. */
export function arrayField(parent: JsonObject, key: string, where: string): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${where}.${key} must be an array`);
  return value;
}

export function stringField(parent: JsonObject, key: string, where: string): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new OtlpDecodeError(`${where}.${key} must be a string`);
  return value;
}

/** Enums and small integers: JSON numbers (or, leniently, decimal strings). */
export function integerField(parent: JsonObject, key: string, where: string): number {
  const value = parent[key];
  if (value === undefined || value === null) return 0;
  const number = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number))
    throw new OtlpDecodeError(`${where}.${key} must be an integer`);
  return number;
}

/** Each element must be an object. */
export function objects(list: unknown[], where: string): JsonObject[] {
  return list.map((item) => {
    if (!isObject(item)) throw new OtlpDecodeError(`${where} entries must be objects`);
    return item;
  });
}

function int64(value: unknown): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) {
    const big = BigInt(value);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= -BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : value;
  }
  throw new OtlpDecodeError('intValue must be an integer or a decimal string');
}

function double(value: unknown): number {
  if (typeof value === 'number') return value;
  // proto3 JSON spells the special values as strings.
  if (value === 'NaN') return Number.NaN;
  if (value === 'Infinity') return Number.POSITIVE_INFINITY;
  if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  throw new OtlpDecodeError('doubleValue must be a number');
}

export function anyValue(value: unknown, depth = 0): AttributeValue {
  if (depth > MAX_VALUE_DEPTH) throw new OtlpDecodeError('attribute values nested too deeply');
  if (!isObject(value)) return null;
  if (value.stringValue !== undefined && value.stringValue !== null) {
    if (typeof value.stringValue !== 'string') throw new OtlpDecodeError('stringValue must be a string');
    return value.stringValue;
  }
  if (value.boolValue !== undefined && value.boolValue !== null) {
    if (typeof value.boolValue !== 'boolean') throw new OtlpDecodeError('boolValue must be a boolean');
    return value.boolValue;
  }
  if (value.intValue !== undefined && value.intValue !== null) return int64(value.intValue);
  if (value.doubleValue !== undefined && value.doubleValue !== null) return double(value.doubleValue);
  if (value.arrayValue !== undefined && value.arrayValue !== null) {
    const array = objectField(value, 'arrayValue', 'AnyValue');
    return arrayField(array, 'values', 'arrayValue').map((item) => anyValue(item, depth + 1));
  }
  if (value.kvlistValue !== undefined && value.kvlistValue !== null) {
    const list = objectField(value, 'kvlistValue', 'AnyValue');
    return keyValues(arrayField(list, 'values', 'kvlistValue'), depth + 1);
  }
  if (value.bytesValue !== undefined && value.bytesValue !== null) {
    if (typeof value.bytesValue !== 'string') throw new OtlpDecodeError('bytesValue must be base64 text');
    return value.bytesValue;
  }
  return null;
}

export function keyValues(list: unknown[], depth = 0): Attributes {
  const attributes: Attributes = {};
  for (const entry of objects(list, 'attributes')) {
    const key = typeof entry.key === 'string' ? entry.key : '';
    attributes[key] = anyValue(entry.value, depth);
  }
  return attributes;
}

export function attributesField(parent: JsonObject, where: string): Attributes {
  return keyValues(arrayField(parent, 'attributes', where));
}

export function scopeOf(parent: JsonObject, where: string): InstrumentationScope {
  const scope = objectField(parent, 'scope', where);
  const name = stringField(scope, 'name', 'scope') ?? '';
  const version = stringField(scope, 'version', 'scope');
  return version ? { name, version } : { name };
}

/** The top-level JSON object of a request body. */
export function parseRequestJson(body: Buffer): JsonObject {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new OtlpDecodeError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!isObject(parsed)) throw new OtlpDecodeError('the request body must be a JSON object');
  return parsed;
}
