#!/usr/bin/env node
// The `kinstrument` command. Sub-commands (agent, status) are registered here as they arrive.
import { Command } from 'commander';
import { VERSION } from '../version';

export function buildProgram(): Command {
  return new Command('kinstrument')
    .description(
      'Kafka observability for Node.js services.\n\n' +
        'Instrument an app:  node -r kinstrument/register app.js\n' +
        '                    node --import kinstrument/register app.mjs',
    )
    .version(VERSION, '-v, --version', 'print the kinstrument version')
    .helpOption('-h, --help', 'show this help')
    .showHelpAfterError();
}

if (require.main === module) {
  const program = buildProgram();
  if (process.argv.length <= 2) {
    program.outputHelp();
  } else {
    program.parse(process.argv);
  }
}
