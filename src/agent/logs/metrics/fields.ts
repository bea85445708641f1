// The fields of a log record that queries and group-bys name: the record's own (`source`, `service`, `host`,
// `status` or `level`, `logger`) and `@name` for an attribute.
import type { LogRecord } from '../record';

export const RECORD_FIELDS: ReadonlySet<string> = new Set([
  'source',
  'service',
  'host',
  'status',
  'level',
  'logger',
]);

export type FieldValue = string | number | boolean | undefined;

/** The value of `path` (a record field or `@attribute`); undefined for any other path or a missing value. */
export function readRecordField(record: LogRecord, path: string): FieldValue {
  switch (path) {
    case 'source':
      return record.source;
    case 'service':
      return record.service;
    case 'host':
      return record.host;
    case 'status':
    case 'level':
      return record.level;
    case 'logger':
    case '@logger':
      return record.logger;
    default: {
      if (!path.startsWith('@')) return undefined;
      const value = record.attributes[path.slice(1)];
      return value === null ? undefined : value;
    }
  }
}
