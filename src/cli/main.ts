#!/usr/bin/env node
import { ShipyardError } from '../errors';
import { exitCodeOf, UsageError } from './errors';
import { createOutput } from './output';
import { SYNTH_HELP, synthCommand } from './synth-command';

const HELP = `Usage: shipyard-k8s <command> [options]

Commands:
  synth     synthesize environments into dist/<env>/ (checks schema, policy, capacity first)
  envs      list the environments and their platform

Run 'shipyard-k8s <command> --help' for a command's options.
`;

/** Runs the CLI; returns the exit code. Never throws. */
export function main(argv: string[]): number {
  const debug = argv.includes('--debug');
  const out = createOutput({ quiet: argv.includes('--quiet') });
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'synth':
        return synthCommand(rest, out);
      case undefined:
      case '--help':
      case '-h':
      case 'help':
        out.info(HELP);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
    }
  } catch (error) {
    return report(error, debug, out);
  }
}

function report(error: unknown, debug: boolean, out: ReturnType<typeof createOutput>): number {
  const e = error instanceof Error ? error : new Error(String(error));
  const known = e instanceof ShipyardError || (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
  out.error(`${out.red('error:')} ${e.message}`);
  if (debug) out.error(e.stack ?? '');
  else if (!known) out.error('(an internal error: run with --debug for the stack trace)');
  return (e as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS') ? 2 : exitCodeOf(e);
}

export { SYNTH_HELP };

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
