/**
 * What differs between two environments' objects: per workload (Deployment/StatefulSet) the aspects
 * that changed, objects only in one environment, other objects that changed, and the traffic edges.
 * Pure: works on rendered (or loaded) objects.
 */
import { isWorkload, Json, K8sObject, keyOf, labelOf, nameOf, obj } from '../manifests/k8s-object';
import { compareEdges, EdgeComparison, trafficEdges } from './traffic-graph';
import { aspectRank, ObjectSet, workloadFacts } from './workload-facts';

/** One differing aspect: its values in the two environments ('—' where absent). */
export interface DiffRow {
  readonly aspect: string;
  readonly a: string;
  readonly b: string;
}

/** The differing aspects of one workload present in both environments. */
export interface WorkloadDiff {
  readonly workload: string;
  readonly kind: string;
  readonly rows: readonly DiffRow[];
}

/** Changed fields of an object (not a workload's) present in both. */
export interface ObjectDiff {
  readonly object: string;
  readonly rows: readonly DiffRow[];
}

/** Images that differ only by the registry they are pulled from, folded into one line. */
export interface RegistryChange {
  readonly a: string;
  readonly b: string;
  /** Number of image rows folded. */
  readonly images: number;
}

export interface EnvironmentDiff {
  readonly a: string;
  readonly b: string;
  /** Image rows that differed only by registry, left out of `workloads`. */
  readonly registry?: RegistryChange;
  readonly workloads: readonly WorkloadDiff[];
  /** `Kind/name` of objects only in A, and only in B. */
  readonly onlyInA: readonly string[];
  readonly onlyInB: readonly string[];
  readonly otherChanges: readonly ObjectDiff[];
  readonly edges: EdgeComparison;
}

/** Placeholder for an aspect that one environment does not have. */
export const ABSENT = '—';

/** Most changed fields listed for one "other" object. */
const MAX_FIELDS = 8;

/**
 * Two values as table cells. Multi-line values (config files) are reduced to the lines that differ,
 * joined with ` ⏎ `.
 */
export function cells(a: string | undefined, b: string | undefined): { a: string; b: string } {
  if (a !== undefined && b !== undefined && (a.includes('\n') || b.includes('\n'))) {
    const la = a.split('\n');
    const lb = b.split('\n');
    const onlyA = la.filter((l) => !lb.includes(l)).map((l) => l.trim());
    const onlyB = lb.filter((l) => !la.includes(l)).map((l) => l.trim());
    return { a: onlyA.join(' ⏎ ') || '(same lines, reordered)', b: onlyB.join(' ⏎ ') || '(same lines, reordered)' };
  }
  return { a: a ?? ABSENT, b: b ?? ABSENT };
}

function diffMaps(a: Map<string, string>, b: Map<string, string>, rank: (key: string) => number = () => 0): DiffRow[] {
  const rows: DiffRow[] = [];
  const keys = [...a.keys(), ...[...b.keys()].filter((k) => !a.has(k))]
    .map((k, i) => ({ k, i }))
    .sort((x, y) => rank(x.k) - rank(y.k) || x.i - y.i)
    .map((x) => x.k);
  for (const aspect of keys) {
    if (a.get(aspect) === b.get(aspect)) continue;
    rows.push({ aspect, ...cells(a.get(aspect), b.get(aspect)) });
  }
  return rows;
}

/** Leaf values of a JSON value by dotted path (`spec.ports[0].port`). */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (Array.isArray(value)) {
    if (!value.length) out.set(prefix, '[]');
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else if (obj(value)) {
    const entries = Object.entries(value as Json);
    if (!entries.length) out.set(prefix, '{}');
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return out;
}

function objectRows(a: K8sObject, b: K8sObject): DiffRow[] {
  const rows = diffMaps(flatten(a), flatten(b));
  if (rows.length <= MAX_FIELDS) return rows;
  return [...rows.slice(0, MAX_FIELDS), { aspect: `… ${rows.length - MAX_FIELDS} more field(s)`, a: '', b: '' }];
}

/** Compares two environments' objects. */
export function diffEnvironments(a: { name: string; objects: readonly K8sObject[] }, b: { name: string; objects: readonly K8sObject[] }): EnvironmentDiff {
  const setA = new ObjectSet(a.name, a.objects);
  const setB = new ObjectSet(b.name, b.objects);
  const used = new Set<string>();
  const workloads: WorkloadDiff[] = [];
  for (const w of setA.workloads()) {
    const other = setB.byKey.get(keyOf(w));
    if (!other) continue;
    const fa = workloadFacts(w, setA);
    const fb = workloadFacts(other, setB);
    fa.used.forEach((k) => used.add(k));
    fb.used.forEach((k) => used.add(k));
    const rows = diffMaps(fa.facts, fb.facts, aspectRank);
    if (rows.length) workloads.push({ workload: nameOf(w), kind: w.kind, rows });
  }
  const registry = foldRegistryRows(workloads);
  const onlyInA = a.objects.filter((o) => !setB.byKey.has(keyOf(o))).map(labelOf);
  const onlyInB = b.objects.filter((o) => !setA.byKey.has(keyOf(o))).map(labelOf);
  const otherChanges: ObjectDiff[] = [];
  for (const o of a.objects) {
    const other = setB.byKey.get(keyOf(o));
    if (!other || isWorkload(o) || used.has(keyOf(o))) continue;
    const rows = objectRows(o, other);
    if (rows.length) otherChanges.push({ object: labelOf(o), rows });
  }
  return { a: a.name, b: b.name, ...(registry ? { registry } : {}), workloads: workloads.filter((w) => w.rows.length), onlyInA, onlyInB, otherChanges, edges: compareEdges(trafficEdges(a.objects), trafficEdges(b.objects)) };
}

/**
 * Splits two image references into registry and the rest (`repository:tag`) where the rest is the
 * same: the longest common suffix on `/` boundaries. Undefined when the rest differs.
 */
export function registrySplit(a: string, b: string): { a: string; b: string } | undefined {
  const pa = a.split('/');
  const pb = b.split('/');
  let common = 0;
  while (common < pa.length - 1 && common < pb.length - 1 && pa[pa.length - 1 - common] === pb[pb.length - 1 - common]) common++;
  if (common === 0 || pa[pa.length - 1] !== pb[pb.length - 1]) return undefined;
  const ra = pa.slice(0, pa.length - common).join('/');
  const rb = pb.slice(0, pb.length - common).join('/');
  return ra !== rb ? { a: ra, b: rb } : undefined;
}

/**
 * Removes image rows that differ only by the most common registry pair (in place) and returns that
 * pair; an image whose repository or tag changed keeps its row.
 */
function foldRegistryRows(workloads: WorkloadDiff[]): RegistryChange | undefined {
  const pairs = new Map<string, { a: string; b: string; n: number }>();
  for (const w of workloads) {
    for (const r of w.rows) {
      const split = r.aspect.startsWith('image') ? registrySplit(r.a, r.b) : undefined;
      if (!split) continue;
      const key = `${split.a}\n${split.b}`;
      pairs.set(key, { ...split, n: (pairs.get(key)?.n ?? 0) + 1 });
    }
  }
  const top = [...pairs.values()].sort((x, y) => y.n - x.n)[0];
  if (!top || top.n < 2) return undefined;
  workloads.forEach((w, i) => {
    const rows = w.rows.filter((r) => {
      const split = r.aspect.startsWith('image') ? registrySplit(r.a, r.b) : undefined;
      return !(split && split.a === top.a && split.b === top.b);
    });
    workloads[i] = { ...w, rows };
  });
  return { a: top.a, b: top.b, images: top.n };
}

/** Number of differences, for the headline. */
export function countDifferences(d: EnvironmentDiff): number {
  return (d.registry ? 1 : 0) + d.workloads.reduce((n, w) => n + w.rows.length, 0) + d.onlyInA.length + d.onlyInB.length + d.otherChanges.length + d.edges.onlyA.length + d.edges.onlyB.length;
}
