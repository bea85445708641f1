// kinstrument's own diagnostics: failures inside our code are counted and logged once per key and minute
// (to stderr, as JSON lines), never thrown into the app.
import type { LogLevel } from '../config/options';

const LEVEL_ORDER: Record<LogLevel, number> = { none: 0, error: 1, warn: 2, info: 3, debug: 4 };
const REPEAT_WINDOW_MS = 60_000;
/** Distinct error keys tracked; beyond that they share one overflow key. */
const MAX_KEYS = 200;
const OVERFLOW_KEY = 'other';

export type DiagnosticWriter = (line: string) => void;

class Diagnostics {
  private level: LogLevel = 'warn';
  private write: DiagnosticWriter = (line) => process.stderr.write(line + '\n');
  private readonly counts = new Map<string, number>();
  private readonly lastLogged = new Map<string, number>();

  configure(level: LogLevel, writer?: DiagnosticWriter): void {
    this.level = level;
    if (writer) this.write = writer;
  }

  /** Counts a failure inside kinstrument and logs it, rate-limited per `where`. */
  internalError(where: string, error: unknown): void {
    try {
      const key = this.counts.has(where) || this.counts.size < MAX_KEYS ? where : OVERFLOW_KEY;
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
      this.log('error', key, `internal error in ${where}: ${errorText(error)}`, { count: this.counts.get(key) });
    } catch {
      // Diagnostics must never become the failure.
    }
  }

  log(level: Exclude<LogLevel, 'none'>, key: string, message: string, extra: Record<string, unknown> = {}): void {
    if (LEVEL_ORDER[level] > LEVEL_ORDER[this.level]) return;
    const now = Date.now();
    const last = this.lastLogged.get(key);
    if (last !== undefined && now - last < REPEAT_WINDOW_MS) return;
    if (this.lastLogged.size >= MAX_KEYS && last === undefined) this.lastLogged.clear();
    this.lastLogged.set(key, now);
    this.write(
      JSON.stringify({ timestamp: new Date(now).toISOString(), level, source: 'kinstrument', message, ...extra }),
    );
  }

  /** Internal error counts by place, for tests and status. */
  errorCounts(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }

  resetForTests(): void {
    this.counts.clear();
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
