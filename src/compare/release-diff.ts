/**
 * An environment's release compared with the release committed at a git ref, object by object:
 * added, changed (the workload aspects and fields), removed — and what the next `apply.sh` does
 * with each removed object (prunes it, or leaves it). Pure: objects and release manifests in.
 */
import { K8sObject, keyOf } from '../manifests/k8s-object';
import { PruneEffect, pruneEffects } from '../release/prune';
import { ReleaseManifest } from '../release/release-manifest';
import { diffEnvironments, ObjectDiff, WorkloadDiff } from './environment-diff';

/** One side of a release comparison. */
export interface ReleaseSide {
  /** The objects. */
  readonly objects: readonly K8sObject[];
  /**
   * The release manifest.
   * @default - none (a release written before release manifests existed)
   */
  readonly manifest?: ReleaseManifest;
}

/** A removed object and what the next apply does with it. */
export interface RemovedObject {
  /** `Kind namespace/name` (`Kind name` when cluster-scoped). */
  readonly object: string;
  /**
   * `pruned`: the next apply.sh deletes it. `kept`: nothing deletes it (its stage is no longer applied,
   * or the previous release was not applied with ApplySets); delete it by hand.
   */
  readonly effect: 'pruned' | 'kept';
  /**
   * The stage whose apply prunes it.
   * @default - none when kept
   */
  readonly stage?: string;
}

/** The comparison. */
export interface ReleaseDiff {
  /** Environment name. */
  readonly environment: string;
  /** The git ref compared against. */
  readonly ref: string;
  /** The environment has no committed output at the ref: everything is added. */
  readonly newEnvironment: boolean;
  /** The release at the ref has no release manifest: it was not applied with ApplySets, so nothing is pruned yet. */
  readonly unmanagedBefore: boolean;
  /** Objects only in the new release. */
  readonly added: readonly string[];
  /** Objects only in the release at the ref. */
  readonly removed: readonly RemovedObject[];
  /** Objects that move to a later stage: the earlier stage's apply deletes them, the later one re-creates them. */
  readonly recreated: readonly string[];
  /** Workloads whose aspects changed (replicas, images, resources, ...). */
  readonly workloads: readonly WorkloadDiff[];
  /** Other objects whose fields changed. */
  readonly changed: readonly ObjectDiff[];
}

/** `Kind namespace/name`, or `Kind name` for cluster-scoped objects. */
export function objectLabel(o: { kind: string; namespace?: string; name?: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name ?? ''}`;
}

const labelOfObject = (o: K8sObject) => objectLabel({ kind: o.kind, namespace: o.metadata?.namespace, name: o.metadata?.name });

/** Compares the release committed at `ref` (`before`, undefined when the environment did not exist) with `after`. */
export function diffRelease(environment: string, ref: string, before: ReleaseSide | undefined, after: ReleaseSide): ReleaseDiff {
  const previous = before ?? { objects: [] };
  const beforeKeys = new Set(previous.objects.map(keyOf));
  const afterKeys = new Set(after.objects.map(keyOf));
  const effects: PruneEffect[] = previous.manifest && after.manifest ? pruneEffects(previous.manifest, after.manifest) : [];
  const effectOf = (o: K8sObject) =>
    effects.find((e) => e.object.kind === o.kind && (e.object.namespace ?? '') === (o.metadata?.namespace ?? '') && e.object.name === o.metadata?.name);
  const removed: RemovedObject[] = previous.objects
    .filter((o) => !afterKeys.has(keyOf(o)))
    .map((o) => {
      const e = effectOf(o);
      return e?.effect === 'pruned' ? { object: labelOfObject(o), effect: 'pruned', stage: e.stage } : { object: labelOfObject(o), effect: 'kept' };
    });
  const recreated = effects.filter((e) => e.effect === 'recreated').map((e) => objectLabel(e.object));
  const d = diffEnvironments({ name: ref, objects: previous.objects }, { name: environment, objects: after.objects });
  return {
    environment,
    ref,
    newEnvironment: before === undefined,
    unmanagedBefore: before !== undefined && before.manifest === undefined,
    added: after.objects.filter((o) => !beforeKeys.has(keyOf(o))).map(labelOfObject),
    removed,
    recreated,
    workloads: d.workloads,
    changed: d.otherChanges,
  };
}

/** Number of differences. */
export function countReleaseChanges(d: ReleaseDiff): number {
  return d.added.length + d.removed.length + d.workloads.length + d.changed.length;
}
