import { asNumber, asObject, asString, dig } from '../k8s';
import { IndexedObject, nsKey, ObjectIndex } from '../object-index';

/** Kinds an HPA can scale that this policy knows about. */
export { SCALABLE_KINDS } from '../../manifests/kinds';

const targetKey = (namespace: string, kind: string, name: string) => `${namespace}\u0000${kind}\u0000${name}`;

/** HorizontalPodAutoscalers by the object they scale. */
export class HpaTargets {
  private readonly byTarget = new Map<string, IndexedObject[]>();

  constructor(index: ObjectIndex) {
    for (const hpa of index.ofKind('HorizontalPodAutoscaler')) {
      const ref = asObject(dig(hpa.manifest, 'spec', 'scaleTargetRef'));
      const kind = asString(ref?.kind);
      const name = asString(ref?.name);
      if (!kind || !name) continue;
      const key = targetKey(nsKey(hpa), kind, name);
      const list = this.byTarget.get(key);
      if (list) list.push(hpa);
      else this.byTarget.set(key, [hpa]);
    }
  }

  /** The HPAs that scale `o`. */
  of(o: IndexedObject): readonly IndexedObject[] {
    return this.byTarget.get(targetKey(nsKey(o), o.kind, o.name)) ?? [];
  }
}

/** An HPA's minReplicas (default 1). */
export function hpaMinReplicas(hpa: IndexedObject): number {
  return asNumber(dig(hpa.manifest, 'spec', 'minReplicas')) ?? 1;
}

/** `spec.replicas` of a workload, default 1. */
export function replicasOf(o: IndexedObject): number {
  return asNumber(dig(o.manifest, 'spec', 'replicas')) ?? 1;
}
