// Correlation for the app's own logs, exported from the package:
//   pino({ mixin: pinoMixin })                 → every record gets trace_id/span_id and dd.{trace_id,…}
//   logger.info({ ...logCorrelation() }, 'x')   → the same fields for any JSON logger
//   correlatedConsole.info('charged', { id })   → a JSON line on the console, correlated
// Outside a span only `dd.service`/`env`/`version` are present (after init()).
import { correlationIdentity, currentCorrelation, type LogCorrelation } from './correlation';
import { formatLogRecord, type LogRecordInput } from './record';

/** Trace correlation fields of the active span, plus the service from init(). Never throws. */
export function logCorrelation(): LogCorrelation {
  try {
    return currentCorrelation();
  } catch {
    return {};
  }
}

/** A pino `mixin`: `pino({ mixin: pinoMixin })`. */
export function pinoMixin(): LogCorrelation {
  return logCorrelation();
}

type ConsoleLevel = LogRecordInput['level'];

function writeToConsole(level: ConsoleLevel, message: string, fields: Record<string, unknown> = {}): void {
  let line: string;
  try {
    const identity = correlationIdentity() ?? {
      service: 'unknown_service:node',
      env: undefined,
      version: undefined,
      tags: [],
    };
    line = formatLogRecord(
      { time: Date.now(), level, message: String(message), source: 'app', namespace: undefined, fields },
      identity,
    );
  } catch {
    line = JSON.stringify({ timestamp: new Date().toISOString(), level, message: String(message) });
  }
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

/** JSON lines through `console` with service, env, version and the active trace: `correlatedConsole.info(msg, fields)`. */
export const correlatedConsole = {
  error: (message: string, fields?: Record<string, unknown>) => writeToConsole('error', message, fields),
  warn: (message: string, fields?: Record<string, unknown>) => writeToConsole('warn', message, fields),
  info: (message: string, fields?: Record<string, unknown>) => writeToConsole('info', message, fields),
  debug: (message: string, fields?: Record<string, unknown>) => writeToConsole('debug', message, fields),
};
