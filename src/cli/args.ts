/** Command-line parsing with node's `util.parseArgs`, turning its errors into one-paragraph usage errors. */
import { parseArgs, ParseArgsConfig } from 'node:util';
import { isParseArgsError, UsageError } from './errors';
import { didYouMean } from './terminal/suggest';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  help: { type: 'boolean', short: 'h', default: false },
  quiet: { type: 'boolean', short: 'q', default: false },
  debug: { type: 'boolean', default: false },
  config: { type: 'string' },
} as const satisfies Options;

/**
 * `parseArgs` in strict mode; an unknown option or a missing value becomes a {@link UsageError} that
 * suggests the closest option and names the command's `--help`.
 */
export function parseCommand<O extends Options, P extends boolean>(
  command: string,
  argv: readonly string[],
  options: O,
  allowPositionals: P,
): ReturnType<typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: P }>> {
  try {
    return parseArgs({ args: [...argv], options, strict: true as const, allowPositionals });
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    const help = `run 'shipyard-k8s ${command} --help' for its options`;
    const unknown = /Unknown option '([^']+)'/.exec(error.message);
    if (unknown) {
      const names = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      throw new UsageError(`${command}: unknown option "${unknown[1]}"${didYouMean(unknown[1], names, 1)}; ${help}`);
    }
    const positional = /Unexpected argument '([^']+)'/.exec(error.message);
    if (positional) throw new UsageError(`${command}: unexpected argument "${positional[1]}"; ${help}`);
    throw new UsageError(`${command}: ${error.message.replace(/\s*\n\s*/g, ' ')}; ${help}`);
  }
}
