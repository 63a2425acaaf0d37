#!/usr/bin/env node
/**
 * `shipyard-k8s`: synthesize, diff and validate the platform's environments. Every command takes
 * `--help`; user errors print one paragraph (no stack trace unless `--debug`) and set the exit code:
 * 0 ok, 1 checks failed, 2 usage error.
 */
import { EXIT, exitCodeOf, isParseArgsError, isUserError, UsageError } from './errors';
import { createOutput, Output } from './terminal/output';
import { didYouMean } from './terminal/suggest';
import { setCliEntry } from './worker-entry';
import { isWatchWorker, serveWatchWorker } from './watch-workers';
import { isRenderWorker, renderWorkerData, serveRenderWorker } from '../synth/render-workers';
import { loadProjectFile } from './project/load-project';

export const HELP = `Usage: shipyard-k8s <command> [options]

Works on the project whose shipyard.config.ts (export default defineProject({ name, environments,
platform, infra? })) is in the working directory or the nearest parent, or --config FILE; its
environments/<name>.yaml files add environments.

Commands:
  synth [--env NAME]... [--set [ENV:]PATH=VALUE]... [--outdir DIR]
            synthesize environments into dist/<env>/ and their Terraform stacks into
            cdktf.out/stacks/<env>/ after schema, policy and capacity checks; writes nothing
            unless every environment passes
  diff ENV_A ENV_B [--set ...] [--format table|markdown]
            what differs between two environments' objects, per workload (writes nothing)
  diff --against [REF] [ENV]... [--format table|markdown]
            each environment against its committed release at REF (default HEAD): added,
            changed, and removed objects with what the next apply.sh prunes
  validate [DIR] [--format text|json]
            check already written manifests (default dist) with the policy engine
  envs      list the environments, their platform and where each is declared
  envs show NAME [--set ...]
            every setting of one environment and where its value came from
  images lock [--check]
            resolve the images of digest-pinning environments into images.lock.json
            (skopeo or crane); --check compares without network

Common options: -h, --help   -q, --quiet (only errors)   --debug (stack traces)   --config FILE
Run 'shipyard-k8s <command> --help' for a command's options.
Exit codes: 0 ok, 1 checks failed (findings), 2 usage error.`;

type Command = (argv: readonly string[], out: Output) => number;

/* eslint-disable @typescript-eslint/no-require-imports -- a command's modules are loaded when it runs: synth never loads diff's, images' (child processes) or validate's */
const COMMANDS: Record<string, () => Command> = {
  synth: () => (require('./commands/synth') as typeof import('./commands/synth')).synthCommand,
  diff: () => (require('./commands/diff') as typeof import('./commands/diff')).diffCommand,
  validate: () => (require('./commands/validate') as typeof import('./commands/validate')).validateCommand,
  envs: () => (require('./commands/envs') as typeof import('./commands/envs')).envsCommand,
  images: () => (require('./commands/images') as typeof import('./commands/images')).imagesCommand,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Runs the CLI; returns the exit code. Never throws. */
export function main(argv: readonly string[], out: Output = createOutput({ quiet: argv.includes('--quiet') || argv.includes('-q') })): number {
  const debug = argv.includes('--debug');
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      if (command === 'help' && rest[0] && Object.hasOwn(COMMANDS, rest[0])) return COMMANDS[rest[0]]()(['--help'], out);
      out.data(HELP + '\n');
      return command === undefined ? EXIT.usage : EXIT.ok;
    }
    // Own keys only: "valueOf" or "constructor" must not reach Object.prototype's functions.
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command]() : undefined;
    if (!run) {
      throw new UsageError(`unknown command "${command}"${didYouMean(command, Object.keys(COMMANDS), 1)}; commands: ${Object.keys(COMMANDS).join(', ')} (run 'shipyard-k8s --help')`);
    }
    return run(rest, out);
  } catch (error) {
    return report(error, debug, out);
  }
}

/** Prints an error: its message, the stack only with --debug (or a hint for internal errors). */
export function report(error: unknown, debug: boolean, out: Output): number {
  const e = error instanceof Error || isParseArgsError(error) ? (error as Error) : new Error(String(error));
  out.error(`${out.err.red('error:')} ${e.message}`);
  if (debug) out.error(e.stack ?? '');
  else if (!isUserError(e)) out.error('(an internal error: run with --debug for the stack trace)');
  return exitCodeOf(e);
}

if (isWatchWorker()) {
  // A warm render worker of `synth --watch` (src/cli/watch-workers.ts).
  serveWatchWorker();
} else if (isRenderWorker()) {
  // A worker thread of `synth` rendering some of the environments (src/synth/render-workers.ts): it
  // loads the same project file as the thread that started it.
  const { configFile } = renderWorkerData() as { configFile: string };
  serveRenderWorker(loadProjectFile(configFile).platform);
} else if (require.main === module) {
  // `shipyard-k8s envs | head`: a reader that stops reading ends the command quietly, as it does any Unix
  // tool (the error comes after the command returned: its writes are done).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit();
  });
  setCliEntry(__filename);
  process.exitCode = main(process.argv.slice(2));
}
