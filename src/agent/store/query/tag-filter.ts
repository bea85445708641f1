// Tag filters for metric queries, Datadog-style:
//   topic:orders       series tagged topic:orders          !topic:orders / -topic:orders   not tagged so
//   topic:orders-*     `*` matches any run of characters   topic:*                         has a topic tag
//   canary             the bare tag `canary`               host:broker-1                   the series' host
// Several filters must all hold.
import type { SqlValue } from '../sqlite';
import { splitTag } from '../tags';
import { QueryError } from './errors';

export interface TagFilter {
  negated: boolean;
  key: string;
  /** Undefined: any value. */
  value?: string;
  glob: boolean;
}

export function parseTagFilter(text: string): TagFilter {
  const trimmed = text.trim();
  const negated = trimmed.startsWith('!') || trimmed.startsWith('-');
  const body = negated ? trimmed.slice(1) : trimmed;
  if (body === '') throw new QueryError(`empty tag filter ${JSON.stringify(text)}`);
  const { key, value } = splitTag(body);
  if (key === '') throw new QueryError(`tag filter ${JSON.stringify(text)} has no key`);
  if (!body.includes(':')) return { negated, key, value: '', glob: false };
  if (value === '*') return { negated, key, glob: false };
  return { negated, key, value, glob: value.includes('*') };
}

/** SQLite GLOB pattern where only `*` is special. */
function globPattern(value: string): string {
  return value.replace(/[[?]/g, (c) => `[${c}]`);
}

/** A condition on `s.id` (metric_series) for each filter, ANDed. */
export function tagFilterSql(filters: readonly TagFilter[]): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  for (const filter of filters) {
    let inner = 'SELECT series_id FROM metric_series_tags WHERE key = ?';
    params.push(filter.key);
    if (filter.value !== undefined) {
      inner += filter.glob ? ' AND value GLOB ?' : ' AND value = ?';
      params.push(filter.glob ? globPattern(filter.value) : filter.value);
    }
    parts.push(`s.id ${filter.negated ? 'NOT IN' : 'IN'} (${inner})`);
  }
  return { sql: parts.join(' AND '), params };
}
