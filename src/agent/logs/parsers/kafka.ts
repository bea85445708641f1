// Kafka's log4j layout `[%d] %p %m (%c)%n` (server.log, controller.log, state-change.log; the same in Kafka 3.x
// log4j and 4.x log4j2 files):
//   [2026-11-25 06:22:38,744] INFO [KafkaServer id=0] started (kafka.server.KafkaServer)
// `%m` may span lines (`KafkaConfig values:` and one line per setting) and the logger then closes the last line;
// a throwable is printed after the `(logger)` line, its stack frames following.
import { normaliseLevel } from '../record';
import { findThrowableStart, parseLog4jTimestamp, throwableAttributes } from './log4j';
import type { LogParser, ParseResult } from './types';

const HEADER = /^\[(\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[,.]\d{1,9})?)\] ([A-Za-z]+) ?/;
/** ` (kafka.server.KafkaServer)` at the end of a line: a logger name has no spaces, colons or parentheses. */
const LOGGER_SUFFIX = /(?:^| )\(([A-Za-z_$][\w$.-]*)\)$/;
export const KAFKA_RECORD_START = /^\[\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/;

export const kafkaParser: LogParser = {
  name: 'kafka',
  recordStart: KAFKA_RECORD_START,
  parse: parseKafkaLayout,
};

export function parseKafkaLayout(text: string): ParseResult {
  const header = HEADER.exec(text);
  if (!header) return { ok: false, reason: 'not in the "[timestamp] LEVEL message (logger)" layout' };
  const timestamp = parseLog4jTimestamp(header[1]!);
  if (timestamp === undefined) return { ok: false, reason: `invalid timestamp "${header[1]}"` };
  const level = normaliseLevel(header[2]);
  if (level === undefined) return { ok: false, reason: `unknown level "${header[2]}"` };
  const lines = text.slice(header[0].length).split('\n');
  const loggerLine = findLoggerLine(lines);
  if (loggerLine === -1) {
    // A line cut by the length limit, or a layout variant without `(%c)`: the header still tells time and level.
    return { ok: true, log: { timestamp, level, message: lines.join('\n').trimEnd(), attributes: {} } };
  }
  const suffix = LOGGER_SUFFIX.exec(lines[loggerLine]!)!;
  const messageLines = [
    ...lines.slice(0, loggerLine),
    lines[loggerLine]!.slice(0, suffix.index),
    ...lines.slice(loggerLine + 1),
  ];
  const throwable = loggerLine + 1 < lines.length ? findThrowableStart(lines, loggerLine + 1) : -1;
  return {
    ok: true,
    log: {
      timestamp,
      level,
      logger: suffix[1]!,
      message: messageLines.join('\n').trimEnd(),
      attributes: throwable === -1 ? {} : throwableAttributes(lines, throwable),
    },
  };
}

/**
 * The line carrying `(logger)`: the last one when the message spans lines, else (a throwable follows) the first
 * one that ends like it. Stack frames end in `(File.java:71)` or `(Native Method)`, which never look like a logger.
 */
function findLoggerLine(lines: readonly string[]): number {
  if (LOGGER_SUFFIX.test(lines[lines.length - 1]!)) return lines.length - 1;
  return lines.findIndex((line) => LOGGER_SUFFIX.test(line));
}
