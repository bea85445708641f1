// One collected log record, as the agent hands it to the store, the UI and exporters.

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Attribute values are flat JSON scalars: nested objects become dotted keys, lists become JSON text. */
export type LogAttributeValue = string | number | boolean | null;

export interface LogRecord {
  /** Unix time in milliseconds: the time written in the line, else the time the agent read it. */
  timestamp: number;
  level: LogLevel;
  /** The message; for multi-line records (stack traces, config dumps) the lines joined with "\n". */
  message: string;
  /** The logger (log4j category, ZooKeeper class, JSON `logger`), when the line names one. */
  logger?: string;
  service: string;
  /** The configured `source` (kafka, zookeeper, json, …). */
  source: string;
  host: string;
  /** Agent tags followed by the source's tags, `key:value`, de-duplicated. */
  tags: readonly string[];
  /** 32 lowercase hex digits (W3C form; Datadog decimal ids are converted). */
  traceId?: string;
  /** 16 lowercase hex digits. */
  spanId?: string;
  attributes: Record<string, LogAttributeValue>;
  /** The file the record was read from. */
  file: string;
  /** The line was longer than the maximum and this record holds one piece of it. */
  truncated?: boolean;
  /** The line had no newline yet when it was emitted (rotation, close, or the partial-line timeout). */
  partial?: boolean;
  /** Why the source's parser could not read the line; the record then carries the raw text. */
  parseError?: string;
}

const LEVEL_ALIASES: Record<string, LogLevel> = {
  trace: 'trace',
  finest: 'trace',
  finer: 'trace',
  verbose: 'trace',
  silly: 'trace',
  debug: 'debug',
  fine: 'debug',
  config: 'debug',
  info: 'info',
  information: 'info',
  informational: 'info',
  notice: 'info',
  ok: 'info',
  warn: 'warn',
  warning: 'warn',
  error: 'error',
  err: 'error',
  severe: 'error',
  fatal: 'fatal',
  critical: 'fatal',
  crit: 'fatal',
  alert: 'fatal',
  emerg: 'fatal',
  emergency: 'fatal',
  panic: 'fatal',
};

/**
 * A level name (any case, log4j, syslog, java.util.logging, winston) or a pino/bunyan number (10 trace … 60 fatal)
 * as one of our six levels; undefined when it is not recognisable.
 */
export function normaliseLevel(value: unknown): LogLevel | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (value >= 60) return 'fatal';
    if (value >= 50) return 'error';
    if (value >= 40) return 'warn';
    if (value >= 30) return 'info';
    if (value >= 20) return 'debug';
    return 'trace';
  }
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return normaliseLevel(Number(trimmed));
  return LEVEL_ALIASES[trimmed.toLowerCase()];
}
