#!/usr/bin/env node
// The `kinstrument` command.
import { Command } from 'commander';
import { VERSION } from '../version';
import { registerAgentCommand } from './commands/agent';
import { registerConfigcheckCommand } from './commands/configcheck';
import { registerStatusCommand } from './commands/status';

export function buildProgram(): Command {
  const program = new Command('kinstrument')
    .description(
      'Kafka observability for Node.js services.\n\n' +
        'Instrument an app:  node -r kinstrument/register app.js\n' +
        '                    node --import kinstrument/register app.mjs',
    )
    .version(VERSION, '-v, --version', 'print the kinstrument version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError();
  registerAgentCommand(program);
  registerStatusCommand(program);
  registerConfigcheckCommand(program);
  return program;
}

if (require.main === module) {
  const program = buildProgram();
  if (process.argv.length <= 2) {
    program.outputHelp();
  } else {
    void program.parseAsync(process.argv);
  }
}
