/** Terminal output: colours only on a TTY (and never with NO_COLOR), progress only on a TTY. */
export interface Output {
  /** stdout is a terminal. */
  readonly tty: boolean;
  /** `--quiet`: nothing but errors. */
  readonly quiet: boolean;
  /** A line of progress (TTY only, not with --quiet). */
  progress(line: string): void;
  /** Result text (not with --quiet); a newline is added. */
  info(text: string): void;
  /** Machine-readable result (always, even with --quiet); written as is. */
  data(text: string): void;
  /** An error or warning (always, to stderr); a newline is added. */
  error(text: string): void;
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  /** Colours for text written with `error` (stderr may be a terminal when stdout is not). */
  readonly err: Painter;
}

/** Colour functions; identity when colours are off. */
export interface Painter {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
}

/** The streams an Output writes to. */
export interface OutputStreams {
  readonly stdout?: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Environment (for NO_COLOR / FORCE_COLOR). */
  readonly env?: NodeJS.ProcessEnv;
}

function painter(enabled: boolean): Painter {
  const paint = (code: string) => (text: string) => (enabled ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: paint('1'), red: paint('31'), green: paint('32'), yellow: paint('33'), dim: paint('2') };
}

/** Colours on when the stream is a terminal and NO_COLOR is unset (or empty). */
function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  return Boolean(stream.isTTY);
}

export function createOutput(opts: { quiet?: boolean } & OutputStreams = {}): Output {
  const stdout = opts.stdout ?? process.stdout;
  const stderr = opts.stderr ?? process.stderr;
  const env = opts.env ?? process.env;
  const tty = Boolean(stdout.isTTY);
  const quiet = Boolean(opts.quiet);
  const out = painter(colourFor(stdout, env));
  return {
    tty,
    quiet,
    progress: (line) => {
      if (tty && !quiet) stdout.write(line + '\n');
    },
    info: (text) => {
      if (!quiet) stdout.write(text + '\n');
    },
    data: (text) => {
      stdout.write(text);
    },
    error: (text) => {
      stderr.write(text + '\n');
    },
    ...out,
    err: painter(colourFor(stderr, env)),
  };
}
