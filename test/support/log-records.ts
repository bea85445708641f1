// Minimal collector log records for store tests.
import type { LogRecord } from '../../src/agent/logs/record';

export function logRecord(timestamp: number, message: string): LogRecord {
  return {
    timestamp,
    level: 'info',
    message,
    service: 's',
    source: 'json',
    host: 'h',
    tags: [],
    attributes: {},
    file: '',
  };
}

/** `count` records "line <n>", one millisecond apart from 2023-11-14. */
export function logRecords(count: number, offset = 0): LogRecord[] {
  return Array.from({ length: count }, (_, i) =>
    logRecord(1_700_000_000_000 + offset + i, `line ${offset + i}`),
  );
}
