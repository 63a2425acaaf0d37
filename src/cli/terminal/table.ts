/** Plain-text tables with aligned columns. */

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/** Width of text on a terminal, ignoring colour codes. */
export function visibleWidth(text: string): number {
  return [...text.replace(ANSI, '')].length;
}

/** Cuts text to `max` visible characters, ending in `…` when cut. Colour codes are dropped when cutting. */
export function truncate(text: string, max: number): string {
  if (visibleWidth(text) <= max) return text;
  return [...text.replace(ANSI, '')].slice(0, Math.max(1, max - 1)).join('') + '…';
}

function pad(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - visibleWidth(text)));
}

/**
 * Lines of an aligned table: a header row (when given), then the rows. Cells longer than
 * `maxCell` are cut; the last column is not padded.
 */
export function formatTable(rows: readonly (readonly string[])[], opts: { header?: readonly string[]; maxCell?: number; indent?: string; gap?: string } = {}): string[] {
  const maxCell = opts.maxCell ?? Infinity;
  const all = (opts.header ? [opts.header, ...rows] : rows).map((r) => r.map((c) => truncate(c, maxCell)));
  const columns = Math.max(0, ...all.map((r) => r.length));
  const widths = Array.from({ length: columns }, (_, i) => Math.max(0, ...all.map((r) => visibleWidth(r[i] ?? ''))));
  const gap = opts.gap ?? '  ';
  return all.map((r) => (opts.indent ?? '') + r.map((c, i) => (i === r.length - 1 ? c : pad(c, widths[i]))).join(gap).trimEnd());
}
