/** Reading the objects that run pods, their replicas at maximum and the HPAs that scale them. */
import { asObject, asString } from '../manifests/json';
import { SCALABLE_KINDS } from '../manifests/kinds';
import { ReplicaSource } from './report-types';

export type Obj = Record<string, unknown>;

export const obj = asObject;
export const str = asString;
export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
function int(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
}

export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}
export const label = (w: WorkloadRef) => `${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name}`;

export interface RawWorkload extends WorkloadRef {
  readonly podSpec: Obj;
  readonly replicas?: number;
  readonly replicasFrom: ReplicaSource;
}

export function flatten(manifests: readonly Record<string, unknown>[]): Obj[] {
  return manifests.flatMap((m) => (m.kind === 'List' ? arr(m.items).flatMap((i) => (obj(i) ? [obj(i) as Obj] : [])) : [m]));
}

export function readWorkload(o: Obj): RawWorkload | undefined {
  const kind = str(o.kind);
  const meta = obj(o.metadata);
  const name = str(meta?.name) ?? '(unnamed)';
  const namespace = str(meta?.namespace);
  const spec = obj(o.spec);
  if (!kind || !spec) return undefined;
  if (SCALABLE_KINDS.has(kind)) {
    const podSpec = obj(obj(spec.template)?.spec);
    const replicas = int(spec.replicas);
    return podSpec ? { kind, name, namespace, podSpec, replicas: replicas ?? 1, replicasFrom: replicas === undefined ? 'default' : 'spec' } : undefined;
  }
  if (kind === 'DaemonSet') {
    const podSpec = obj(obj(spec.template)?.spec);
    return podSpec ? { kind, name, namespace, podSpec, replicasFrom: 'daemonset' } : undefined;
  }
  if (kind === 'Job' || kind === 'CronJob') {
    const jobSpec = kind === 'Job' ? spec : obj(obj(spec.jobTemplate)?.spec);
    const podSpec = obj(obj(jobSpec?.template)?.spec);
    return podSpec ? { kind, name, namespace, podSpec, replicas: int(jobSpec?.parallelism) ?? 1, replicasFrom: 'job' } : undefined;
  }
  if (kind === 'Pod') return { kind, name, namespace, podSpec: spec, replicas: 1, replicasFrom: 'spec' };
  return undefined;
}

export const targetKey = (kind: string | undefined, name: string | undefined) => `${kind ?? ''}\u0000${name ?? ''}`;

/** HPAs by the kind and name of their scaleTargetRef, in input order (so a lookup costs its bucket, not every HPA). */
export function indexHpas(hpas: readonly Obj[]): Map<string, Obj[]> {
  const index = new Map<string, Obj[]>();
  for (const hpa of hpas) {
    const ref = obj(obj(hpa.spec)?.scaleTargetRef);
    const kind = str(ref?.kind);
    const name = str(ref?.name);
    if (kind === undefined || name === undefined) continue;
    const key = targetKey(kind, name);
    const list = index.get(key);
    if (list) list.push(hpa);
    else index.set(key, [hpa]);
  }
  return index;
}

/** HPA maximum per target; an HPA without namespace matches a target in any namespace and vice versa. */
export function hpaMaximum(hpas: readonly Obj[], w: RawWorkload, used: Set<Obj>, warnings: string[]): number | undefined {
  const found: number[] = [];
  for (const hpa of hpas) {
    const spec = obj(hpa.spec);
    const ref = obj(spec?.scaleTargetRef);
    const ns = str(obj(hpa.metadata)?.namespace);
    if (str(ref?.kind) !== w.kind || str(ref?.name) !== w.name) continue;
    if (ns !== undefined && w.namespace !== undefined && ns !== w.namespace) continue;
    const maxReplicas = int(spec?.maxReplicas);
    if (maxReplicas === undefined) continue;
    used.add(hpa);
    found.push(maxReplicas);
  }
  if (found.length > 1) warnings.push(`${label(w)}: ${found.length} HorizontalPodAutoscalers target it; counting the largest maximum`);
  return found.length ? Math.max(...found) : undefined;
}
