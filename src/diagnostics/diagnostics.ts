// kinstrument's own diagnostics: failures inside our code are counted and logged once per key and minute
// (to stderr as JSON lines, or through the logs signal when it is on), never thrown into the app.
import type { LogLevel } from '../config/options';

const LEVEL_ORDER: Record<LogLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };
const REPEAT_WINDOW_MS = 60_000;
/** Distinct error keys tracked; beyond that they share one overflow key. */
const MAX_KEYS = 200;
const OVERFLOW_KEY = 'other';

export interface DiagnosticRecord {
  /** ms since epoch. */
  time: number;
  level: Exclude<LogLevel, 'none'>;
  /** What the message is about (`metrics.record`, `init.late`, …); also the rate-limiting key. */
  key: string;
  message: string;
  extra: Record<string, unknown>;
}

export type DiagnosticWriter = (record: DiagnosticRecord) => void;

const writeToStderr: DiagnosticWriter = (record) =>
  process.stderr.write(
    JSON.stringify({
      timestamp: new Date(record.time).toISOString(),
      level: record.level,
      source: 'kinstrument',
      message: record.message,
      ...record.extra,
    }) + '\n',
  );

class Diagnostics {
  private level: LogLevel = 'warn';
  private write: DiagnosticWriter = writeToStderr;
  /** A writer that fails and reports it must not loop back into itself. */
  private writing = false;
  private readonly counts = new Map<string, number>();
  private readonly deliveryCounts = new Map<string, number>();
  private readonly lastLogged = new Map<string, number>();

  configure(level: LogLevel, writer?: DiagnosticWriter): void {
    this.level = level;
    if (writer) this.write = writer;
  }

  /** Sends diagnostics through `writer`, or back to stderr. */
  useWriter(writer: DiagnosticWriter | undefined): void {
    this.write = writer ?? writeToStderr;
  }

  /** Counts a failure inside kinstrument and logs it, rate-limited per `where`. */
  internalError(where: string, error: unknown): void {
    try {
      const key = this.counts.has(where) || this.counts.size < MAX_KEYS ? where : OVERFLOW_KEY;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.log('error', key, `internal error in ${where}: ${errorText(error)}`, {
        count: this.counts.get(key),
      });
    } catch {
      // Diagnostics must never become the failure.
    }
  }

  /**
   * Counts telemetry that could not be delivered (agent unreachable, DNS failure, missing socket, unwritable
   * log file): expected in the field, so a warning, rate-limited per `where`, not an internal error.
   */
  deliveryError(where: string, error: unknown): void {
    try {
      const key =
        this.deliveryCounts.has(where) || this.deliveryCounts.size < MAX_KEYS ? where : OVERFLOW_KEY;
      this.deliveryCounts.set(key, (this.deliveryCounts.get(key) ?? 0) + 1);
      this.log('warn', `delivery:${key}`, `could not deliver telemetry (${where}): ${errorText(error)}`, {
        count: this.deliveryCounts.get(key),
      });
    } catch {
      // Diagnostics must never become the failure.
    }
  }

  log(
    level: Exclude<LogLevel, 'none'>,
    key: string,
    message: string,
    extra: Record<string, unknown> = {},
  ): void {
    if (LEVEL_ORDER[level] > LEVEL_ORDER[this.level] || this.writing) return;
    const now = Date.now();
    const last = this.lastLogged.get(key);
    if (last !== undefined && now - last < REPEAT_WINDOW_MS) return;
    if (this.lastLogged.size >= MAX_KEYS && last === undefined) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.writing = true;
    try {
      this.write({ time: now, level, key, message, extra });
    } catch {
      // Nowhere left to report it.
    } finally {
      this.writing = false;
    }
  }

  /** Internal error counts by place, for tests and status. */
  errorCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  /** Undelivered telemetry by destination, for tests and status. */
  deliveryErrorCounts(): Record<string, number> {
    return Object.fromEntries(this.deliveryCounts);
  }

  resetForTests(): void {
    this.counts.clear();
    this.deliveryCounts.clear();
    this.lastLogged.clear();
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

export const diagnostics = new Diagnostics();

/** Runs `fn`; on failure counts it under `where` and returns `fallback`. */
export function guarded<T>(where: string, fallback: T, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    diagnostics.internalError(where, error);
    return fallback;
  }
}
