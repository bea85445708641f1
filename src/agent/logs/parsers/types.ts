// What a parser makes of one record's text. The pipeline adds host, tags, file and the source's defaults.
import type { LogAttributeValue, LogLevel } from '../record';

export interface ParsedLog {
  /** Unix milliseconds, when the text carries a time. */
  timestamp?: number;
  level?: LogLevel;
  message: string;
  logger?: string;
  service?: string;
  traceId?: string;
  spanId?: string;
  /** Tags the line itself carries (Datadog's `ddtags`), added to the source's. */
  tags?: string[];
  attributes: Record<string, LogAttributeValue>;
}

export type ParseResult = { ok: true; log: ParsedLog } | { ok: false; reason: string };

export interface LogParser {
  readonly name: string;
  /** Where a new record starts in this layout; used to join continuation lines when no multi_line rule is set. */
  readonly recordStart?: RegExp;
  parse(text: string): ParseResult;
}
