/** Terminal output: colours only on a TTY (and never with NO_COLOR), progress only on a TTY. */
export interface Output {
  readonly tty: boolean;
  readonly quiet: boolean;
  /** A line of progress (TTY only, not with --quiet). */
  progress(line: string): void;
  /** A line of the result (not with --quiet). */
  info(line: string): void;
  /** An error or warning (always, to stderr). */
  error(text: string): void;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

export function createOutput(opts: { quiet?: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream } = {}): Output {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const tty = Boolean(stdout.isTTY);
  const colour = tty && !process.env.NO_COLOR;
  const paint = (code: string) => (text: string) => (colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const quiet = Boolean(opts.quiet);
  return {
    tty,
    quiet,
    progress: (line) => {
      if (tty && !quiet) stdout.write(line + '\n');
    },
    info: (line) => {
      if (!quiet) stdout.write(line + '\n');
    },
    error: (text) => {
      stderr.write(text + '\n');
    },
    bold: paint('1'),
    red: paint('31'),
    green: paint('32'),
    yellow: paint('33'),
    dim: paint('2'),
  };
}
