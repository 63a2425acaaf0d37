/**
 * Label selectors as Kubernetes evaluates them, for every reader of manifests. Two shapes, two rules:
 * - a `metav1.LabelSelector` (NetworkPolicy `podSelector` and peers, PodDisruptionBudget `selector`,
 *   workload `spec.selector`, topology spread): `{}` selects every pod of the namespace, while an
 *   absent (null) selector selects none;
 * - a Service's `spec.selector` (a plain label map): absent or `{}` selects nothing. The API server
 *   stores `{}` as no selector (`omitempty`), and the endpoints controller writes no endpoints for a
 *   Service without one.
 */
import { asObject, asString, objectsOf, stringMap, stringsOf } from './json';

/** A parsed `metav1.LabelSelector`. */
export interface LabelSelector {
  readonly matchLabels: Readonly<Record<string, string>>;
  readonly matchExpressions: readonly { readonly key: string; readonly operator: string; readonly values: readonly string[] }[];
}

/** Parses a LabelSelector; undefined when the value is not an object (a nil selector). */
export function parseSelector(v: unknown): LabelSelector | undefined {
  const o = asObject(v);
  if (!o) return undefined;
  return {
    matchLabels: stringMap(o.matchLabels),
    matchExpressions: objectsOf(o.matchExpressions).map((e) => ({
      key: asString(e.key) ?? '',
      operator: asString(e.operator) ?? '',
      values: stringsOf(e.values),
    })),
  };
}

/** An equality selector (Service `spec.selector`, `matchLabels` only). */
export function equalitySelector(labels: Readonly<Record<string, string>>): LabelSelector {
  return { matchLabels: labels, matchExpressions: [] };
}

/** A Service's `spec.selector` as a selector; `undefined` when it selects nothing (absent or empty). */
export function serviceSelectorOf(selector: unknown): LabelSelector | undefined {
  const labels = stringMap(selector);
  return Object.keys(labels).length > 0 ? equalitySelector(labels) : undefined;
}

/** Whether a Service's `spec.selector` selects pods with `labels` (an absent or empty one selects none). */
export function serviceSelects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const s = serviceSelectorOf(selector);
  return s !== undefined && selectorMatches(s, labels);
}

/** Whether a `metav1.LabelSelector` selects pods with `labels` (`{}` selects all, an absent one none). */
export function labelSelectorSelects(selector: unknown, labels: Readonly<Record<string, string>>): boolean {
  const s = parseSelector(selector);
  return s !== undefined && selectorMatches(s, labels);
}

/** A selector with no requirement (`{}`): as a LabelSelector it selects everything. */
export function isEmptySelector(s: LabelSelector): boolean {
  return Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0;
}

/** Whether `labels` satisfy the selector; an empty selector matches everything. */
export function selectorMatches(s: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels)) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case 'In':
        if (!has || !e.values.includes(labels[e.key])) return false;
        break;
      case 'NotIn':
        if (has && e.values.includes(labels[e.key])) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

const pairKey = (namespace: string, k: string, v: string) => `${namespace}\u0000${k}\u0000${v}`;

/**
 * Selectors indexed so that "which selectors match these labels" costs the number of labels plus the
 * candidates, not the number of selectors: each selector is filed under one of its matchLabels pairs
 * (selectors without matchLabels are filed per namespace and always checked).
 */
export class SelectorIndex<T> {
  private readonly byPair = new Map<string, { selector: LabelSelector; item: T }[]>();
  private readonly unkeyed = new Map<string, { selector: LabelSelector; item: T }[]>();

  add(namespace: string, selector: LabelSelector, item: T): void {
    const keys = Object.keys(selector.matchLabels).sort();
    const entry = { selector, item };
    if (keys.length === 0) {
      push(this.unkeyed, namespace, entry);
    } else {
      push(this.byPair, pairKey(namespace, keys[0], selector.matchLabels[keys[0]]), entry);
    }
  }

  /** Items whose selector matches `labels`, in insertion order within each bucket. */
  matching(namespace: string, labels: Readonly<Record<string, string>>): T[] {
    const out: T[] = [];
    for (const e of this.unkeyed.get(namespace) ?? []) if (selectorMatches(e.selector, labels)) out.push(e.item);
    for (const [k, v] of Object.entries(labels)) {
      for (const e of this.byPair.get(pairKey(namespace, k, v)) ?? []) if (selectorMatches(e.selector, labels)) out.push(e.item);
    }
    return out;
  }
}

/** Label sets indexed by each of their pairs, to find what an equality selector selects without a scan. */
export class LabelIndex<T> {
  private readonly byPair = new Map<string, { labels: Readonly<Record<string, string>>; item: T }[]>();
  private readonly all = new Map<string, { labels: Readonly<Record<string, string>>; item: T }[]>();

  add(namespace: string, labels: Readonly<Record<string, string>>, item: T): void {
    const entry = { labels, item };
    push(this.all, namespace, entry);
    for (const [k, v] of Object.entries(labels)) push(this.byPair, pairKey(namespace, k, v), entry);
  }

  /** Items whose labels satisfy the selector (an empty selector selects every item of the namespace). */
  selectedBy(namespace: string, selector: LabelSelector): T[] {
    let smallest: { labels: Readonly<Record<string, string>>; item: T }[] | undefined;
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      const bucket = this.byPair.get(pairKey(namespace, k, v)) ?? [];
      if (!smallest || bucket.length < smallest.length) smallest = bucket;
    }
    const candidates = smallest ?? this.all.get(namespace) ?? [];
    return candidates.filter((e) => selectorMatches(selector, e.labels)).map((e) => e.item);
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
