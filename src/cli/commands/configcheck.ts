// `kinstrument configcheck`: validate the main configuration and every conf.d file without starting anything.
import type { Command } from 'commander';
import { CheckRunner } from '../../agent/checks';
import { loadChecksInto } from '../../agent/runtime/checks';
import { loadConfigOrExit, type ConfigOptions } from './agent-config-file';

export function registerConfigcheckCommand(program: Command): void {
  program
    .command('configcheck')
    .description('validate the agent configuration and conf.d; exit 1 when something is wrong')
    .option('-c, --config <file>', 'main configuration file')
    .option('--confd <dir>', 'check configuration folder')
    .action((options: ConfigOptions) => {
      const config = loadConfigOrExit(options);
      const runner = new CheckRunner({ sinks: [] });
      const { errors } = loadChecksInto(runner, config.confdPath);
      console.log(`main config: ${config.file ?? 'none (defaults)'} — OK`);
      console.log(`conf.d: ${config.confdPath}`);
      for (const instance of runner.status()) console.log(`  ${instance.id}  ${instance.configSource}`);
      const problems = [...errors.general, ...Object.values(errors.byCheck).flat()];
      for (const problem of problems) console.log(`  error: ${problem}`);
      void runner.stop();
      if (Object.keys(errors.byCheck).length > 0) process.exitCode = 1;
    });
}
