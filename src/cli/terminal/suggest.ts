import { compareText } from '../../manifests/text-order';

/** Levenshtein edit distance between two strings. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The candidates closest to `input` (at most `limit`), best first: those within an edit distance of
 * about a third of the input's length (at least 2), or that contain the input.
 */
export function closest(input: string, candidates: readonly string[], limit = 3): string[] {
  const lower = input.toLowerCase();
  const budget = Math.max(2, Math.floor(input.length / 3));
  return [...new Set(candidates)]
    .map((c) => {
      const lc = c.toLowerCase();
      const d = editDistance(lower, lc);
      const related = lower.length >= 3 && lc.includes(lower);
      return { c, d, ok: d <= budget || related };
    })
    .filter((x) => x.ok)
    .sort((x, y) => x.d - y.d || compareText(x.c, y.c))
    .slice(0, limit)
    .map((x) => x.c);
}

/** ` (did you mean "a" or "b"?)`, or '' when nothing is close. */
export function didYouMean(input: string, candidates: readonly string[], limit = 3): string {
  const near = closest(input, candidates, limit);
  if (!near.length) return '';
  const quoted = near.map((n) => `"${n}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return ` (did you mean ${list}?)`;
}
