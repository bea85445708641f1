// `kinstrument status`: ask the running agent and print its state like `datadog-agent status`.
import type { Command } from 'commander';
import { LOOPBACK_HOSTS } from '../../agent/config/main-config';
import { formatStatus } from '../../agent/status/format';
import type { AgentStatus } from '../../agent/status/status';
import { loadConfigOrExit, type ConfigOptions } from './agent-config-file';

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('print the running agent’s checks, JMX, DogStatsD and Prometheus status')
    .option('-c, --config <file>', 'the agent’s main configuration file (to find its port and token)')
    .option('--json', 'print the raw status JSON')
    .action(async (options: ConfigOptions & { json?: boolean }) => {
      const config = loadConfigOrExit(options);
      if (config.cmdPort === 0) {
        process.stderr.write('kinstrument status: the agent API is off (cmd_port: 0)\n');
        process.exit(1);
      }
      const host =
        LOOPBACK_HOSTS.includes(config.bindHost) || config.bindHost === '0.0.0.0'
          ? '127.0.0.1'
          : config.bindHost;
      const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.cmdPort}/api/v1/status`;
      let body: unknown;
      try {
        const response = await fetch(url, {
          headers: config.apiToken ? { authorization: `Bearer ${config.apiToken}` } : {},
          signal: AbortSignal.timeout(10_000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        body = await response.json();
      } catch (error) {
        const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        process.stderr.write(
          `kinstrument status: cannot reach the agent at ${url} (${reason}). Is \`kinstrument agent\` running?\n`,
        );
        process.exit(1);
      }
      if (options.json) {
        process.stdout.write(JSON.stringify(body, null, 2) + '\n');
        return;
      }
      process.stdout.write(formatStatus(body as AgentStatus) + '\n');
    });
}
