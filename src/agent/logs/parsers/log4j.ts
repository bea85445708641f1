// Pieces shared by the log4j-style layouts Kafka and ZooKeeper write.
import type { LogAttributeValue } from '../record';

/**
 * log4j's default `%d` (`2026-11-25 06:22:38,744`, also with `T` or `.`) as Unix milliseconds. The layout carries
 * no zone: the time is read as local time of the agent's host, which is right when the agent runs next to the
 * broker (the usual case) with the same TZ. A wall-clock time repeated by a DST change resolves to the first one.
 */
export function parseLog4jTimestamp(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[,.](\d{1,9}))?$/.exec(text);
  if (!match) return undefined;
  const [, year, month, day, hour, minute, second, fraction] = match;
  const millis = fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
    millis,
  );
  // Date rolls 2026-02-30 over into March; a real log never writes that, so it is not a time.
  if (date.getMonth() !== Number(month) - 1 || date.getDate() !== Number(day)) return undefined;
  return date.getTime();
}

/** `java.io.IOException: Connection to … failed.` – a throwable's first line, as log4j prints it. */
const THROWABLE_HEADER = /^((?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*)(?::\s?(.*))?$/;
const STACK_FRAME = /^\s+(?:at |\.\.\. \d+ (?:more|common frames omitted))/;

/**
 * Index of the line where a throwable starts among `lines` (at or after `from`), or -1. A header is a qualified
 * class name (optionally `: message`) that ends in Exception/Error/Throwable or is followed by a stack frame.
 */
export function findThrowableStart(lines: readonly string[], from: number): number {
  for (let i = from; i < lines.length; i++) {
    const match = THROWABLE_HEADER.exec(lines[i]!);
    if (!match) continue;
    const next = lines[i + 1];
    if (/(?:Exception|Error|Throwable)$/.test(match[1]!) || (next !== undefined && STACK_FRAME.test(next)))
      return i;
  }
  return -1;
}

/** Datadog's error attributes for a throwable that starts at `lines[start]`. */
export function throwableAttributes(
  lines: readonly string[],
  start: number,
): Record<string, LogAttributeValue> {
  const match = THROWABLE_HEADER.exec(lines[start]!);
  if (!match) return {};
  const attributes: Record<string, LogAttributeValue> = {
    'error.kind': match[1]!,
    'error.stack': lines.slice(start).join('\n'),
  };
  if (match[2] !== undefined && match[2] !== '') attributes['error.message'] = match[2];
  return attributes;
}
