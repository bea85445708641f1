// OTLP severity numbers (1–24, in blocks of four) to the six levels the log pipeline uses.
import { normaliseLevel, type LogLevel } from '../../../logs/record';

const BY_BLOCK: readonly LogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];

/** The level of a record: its severity number, else its severity text, else `info`. */
export function levelOf(severityNumber: number, severityText: string | undefined): LogLevel {
  if (severityNumber >= 1 && severityNumber <= 24)
    return BY_BLOCK[Math.floor((severityNumber - 1) / 4)] ?? 'info';
  return normaliseLevel(severityText) ?? 'info';
}

/** The first severity number of a level's block (for records that only carry a level). */
export function severityNumberOf(level: LogLevel): number {
  return BY_BLOCK.indexOf(level) * 4 + 1;
}
