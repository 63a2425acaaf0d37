/**
 * Narrowing helpers over plain manifests (JSON values of unknown shape), shared by the policy engine,
 * the capacity check and the CLI's diff.
 */
export type Json = Record<string, unknown>;

/** The value as an object, unless it is null, an array or not an object. */
export function asObject(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined;
}

/** The value if it is a string. */
export function asString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The value if it is a finite number. */
export function asNumber(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** The object items of an array (non-objects and non-arrays give nothing). */
export function objectsOf(v: unknown): Json[] {
  if (!Array.isArray(v)) return [];
  const out: Json[] = [];
  for (const item of v) {
    const o = asObject(item);
    if (o) out.push(o);
  }
  return out;
}

/** The string items of an array. */
export function stringsOf(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** A `map[string]string` (labels, selectors); non-string values are left out. */
export function stringMap(v: unknown): Record<string, string> {
  const o = asObject(v);
  const out: Record<string, string> = {};
  if (!o) return out;
  for (const [k, val] of Object.entries(o)) if (typeof val === 'string') out[k] = val;
  return out;
}

/** Follows a path of property names; undefined as soon as one is missing. */
export function dig(v: unknown, ...keys: string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    const o = asObject(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

