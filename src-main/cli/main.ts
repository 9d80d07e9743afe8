import { Command, CommanderError } from 'commander';
import { commandRegistrations } from './commands/index.js';
import { RELATA_VERSION } from '../core/version.js';

const program = new Command('relata')
  .description('Relata: build knowledge graphs and reason over them')
  .version(RELATA_VERSION)
  .showHelpAfterError(false)
  .exitOverride();

for (const register of commandRegistrations) register(program);

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
  } else {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`relata: ${message.split('\n')[0]}\n`);
    if (process.env.RELATA_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exitCode = 1;
  }
}
