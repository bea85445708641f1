// Opaque pagination cursors: the sort key of the last row returned, base64url-encoded JSON.
import { QueryError } from './errors';

export function encodeCursor(parts: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

/** The cursor's parts, checked against the expected kinds; QueryError when it is not one of ours. */
export function decodeCursor<T extends readonly ('string' | 'number')[]>(
  cursor: string,
  kinds: T,
): { [K in keyof T]: T[K] extends 'string' ? string : number } {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new QueryError('invalid cursor');
  }
  if (
    !Array.isArray(parts) ||
    parts.length !== kinds.length ||
    parts.some((part, i) => typeof part !== kinds[i])
  )
    throw new QueryError('invalid cursor');
  return parts as { [K in keyof T]: T[K] extends 'string' ? string : number };
}
