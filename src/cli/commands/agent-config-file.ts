// Which agent configuration to use: --config, then KINSTRUMENT_AGENT_CONFIG, then ./kinstrument.yaml if it
// exists, else the built-in defaults (conf.d then means ./conf.d).
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadAgentConfig, type AgentConfig } from '../../agent/config/main-config';

export interface ConfigOptions {
  config?: string;
  confd?: string;
}

export function agentConfigFile(options: ConfigOptions): string | undefined {
  const explicit = options.config ?? process.env.KINSTRUMENT_AGENT_CONFIG;
  if (explicit) return resolve(explicit);
  const local = resolve('kinstrument.yaml');
  return existsSync(local) ? local : undefined;
}

/** Loads the configuration or prints why it cannot and exits with status 2. */
export function loadConfigOrExit(options: ConfigOptions): AgentConfig {
  try {
    return loadAgentConfig(agentConfigFile(options), { confdPath: options.confd });
  } catch (error) {
    process.stderr.write(`kinstrument: ${(error as Error).message}\n`);
    process.exit(2);
  }
}
