/**
 * The file this CLI process was started from, for render worker threads (src/synth/render-workers.ts):
 * a worker loads it to build the same platform. Set only by the CLI's entry point when it runs as the
 * main module; unset (no worker threads) when the commands are called in-process, as tests do.
 */
let entry: string | undefined;

/** Records the CLI entry file (`__filename` of the entry module: a bundle, lib/ or src/). */
export function setCliEntry(filename: string): void {
  entry = filename;
}

/** The CLI entry file, if the CLI runs as a process. */
export function cliEntry(): string | undefined {
  return entry;
}
