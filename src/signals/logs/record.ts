// One JSON log line: when, how bad, what, from where, for which service, in which trace, and the fields the
// logger attached (under the source's own key, so they never clash with the record's).
import { currentCorrelation, type LogIdentity } from './correlation';
import { jsonSafe } from './json-safe';

export type LogSource = 'kafkajs' | 'kinstrument' | 'app';

export interface LogRecordInput {
  /** ms since epoch. */
  time: number;
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  source: LogSource;
  /** kafkajs namespace (`Consumer`, `Connection`, …) or kinstrument's diagnostic key. */
  namespace: string | undefined;
  fields: Readonly<Record<string, unknown>>;
}

export function formatLogRecord(input: LogRecordInput, identity: LogIdentity): string {
  const record: Record<string, unknown> = {
    timestamp: new Date(input.time).toISOString(),
    level: input.level,
    message: input.message,
    source: input.source,
    service: identity.service,
  };
  if (identity.env) record.env = identity.env;
  if (identity.version) record.version = identity.version;
  if (identity.tags.length > 0) record.ddtags = identity.tags.join(',');
  record.logger =
    input.namespace === undefined
      ? { name: input.source }
      : { name: input.source, namespace: input.namespace };
  const fields = jsonSafe(input.fields);
  if (typeof fields === 'object' && fields !== null && Object.keys(fields).length > 0)
    record[input.source] = fields;
  Object.assign(record, currentCorrelation(identity));
  return JSON.stringify(record);
}
