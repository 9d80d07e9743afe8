import { Command, CommanderError } from 'commander';
import { RELATA_VERSION } from '../core/version.js';

const program = new Command('relata')
  .description('Relata: build knowledge graphs and reason over them')
  .version(RELATA_VERSION)
  .showHelpAfterError(false)
  .exitOverride();

// `relata --version` alone loads no command: the commands and the engine behind them are most of the start-up time.
const versionOnly = process.argv.length === 3 && ['--version', '-V'].includes(process.argv[2] ?? '');
const support = versionOnly ? null : await import('./cli-support.js');
if (!versionOnly) {
  const { commandGroups } = await import('./commands/index.js');
  for (const group of commandGroups) {
    program.commandsGroup(group.heading);
    for (const register of group.commands) register(program);
  }
  program.commandsGroup('');
}

// `relata … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    // --help and --version end here too, with exit code 0.
    process.exitCode = err.exitCode;
  } else if (support && err instanceof support.UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    process.exitCode = err.exitCode;
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`relata: ${message.split('\n')[0]}\n`);
    if (process.env.RELATA_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
}
