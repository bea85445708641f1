// The agent's own log: one line per entry on stderr, in the Datadog Agent's layout
// `2026-11-25 06:22:38 UTC | KINSTRUMENT | INFO | message`, filtered by `log_level`.
export type AgentLogLevel = 'error' | 'warn' | 'info' | 'debug';
const ORDER: Record<AgentLogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface AgentLogger {
  log(level: AgentLogLevel, message: string): void;
}

export function createAgentLogger(
  level: AgentLogLevel,
  write: (line: string) => void = (l) => process.stderr.write(l),
): AgentLogger {
  return {
    log(entryLevel, message) {
      if (ORDER[entryLevel] > ORDER[level]) return;
      const time = new Date()
        .toISOString()
        .replace('T', ' ')
        .replace(/\.\d+Z$/, ' UTC');
      write(`${time} | KINSTRUMENT | ${entryLevel.toUpperCase()} | ${message}\n`);
    },
  };
}
