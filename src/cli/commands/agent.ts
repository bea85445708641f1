// `kinstrument agent`: run the agent in the foreground until SIGINT/SIGTERM.
import type { Command } from 'commander';
import { Agent } from '../../agent/runtime/agent';
import { createAgentLogger } from '../../agent/runtime/log';
import { loadConfigOrExit, type ConfigOptions } from './agent-config-file';

export function registerAgentCommand(program: Command): void {
  program
    .command('agent')
    .description('run the agent: DogStatsD intake, Kafka/ZooKeeper checks from conf.d, /metrics, status API')
    .option(
      '-c, --config <file>',
      'main configuration file (default: $KINSTRUMENT_AGENT_CONFIG or ./kinstrument.yaml)',
    )
    .option(
      '--confd <dir>',
      'check configuration folder (default: confd_path, or conf.d next to the config file)',
    )
    .action(async (options: ConfigOptions) => {
      const config = loadConfigOrExit(options);
      const logger = createAgentLogger(config.logLevel);
      const agent = new Agent(config, logger);
      try {
        await agent.start();
      } catch (error) {
        logger.log('error', (error as Error).message);
        await agent.stop().catch(() => undefined);
        process.exit(1);
      }
      logger.log(
        'info',
        `kinstrument agent ${agent.status().version} running (pid ${process.pid}); Ctrl-C stops it`,
      );
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.log('info', `${signal} received: stopping`);
        const force = setTimeout(() => process.exit(1), 10_000);
        force.unref();
        void agent.stop().then(() => process.exit(0));
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
