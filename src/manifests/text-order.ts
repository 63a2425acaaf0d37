/**
 * The one order of text in the output: UTF-16 code units, as `Array.prototype.sort()` without a
 * comparator, the same on every machine.
 *
 * Not `localeCompare`: it orders by the collation of the process's locale (LANG), so the same
 * platform would come out in another order on another machine: with `da_DK` "aa-cache" sorts after
 * "z", with `lt_LT` "y" before "j" (and its first call loads ICU's collator, ~7 ms of a synth).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
