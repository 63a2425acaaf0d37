/**
 * The ownership record: `<output dir>/.shipyard-owned` lists, one per line, every file synth wrote under
 * that directory (relative, `/`-separated, sorted). It is written in the same transaction as the files,
 * and committed to git with them. A replaced directory's files that are not listed are the user's: synth
 * keeps them, and refuses to overwrite one.
 */

/** Name of the ownership record in an output directory. */
export const OWNED_FILE = '.shipyard-owned';

const HEADER = [
  '# Files shipyard-k8s synth writes under this directory (see docs/output.md). Synth replaces and removes',
  '# only these; other files in its directories are kept. Generated: do not edit.',
];

/** The record's text for a set of paths. */
export function formatOwned(paths: Iterable<string>): string {
  return [...HEADER, ...[...new Set(paths)].sort()].join('\n') + '\n';
}

/** The paths a record lists. */
export function parseOwned(text: string): Set<string> {
  return new Set(
    text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#')),
  );
}
