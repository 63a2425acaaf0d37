/**
 * What `apply.sh` of the next release deletes, from the previous release's manifest and the next
 * one's — kubectl's ApplySet prune, modelled on `FindAllObjectsToPrune` (kubectl
 * `pkg/cmd/apply/applyset_pruner.go`): per stage, every live member of the set (label
 * `applyset.kubernetes.io/part-of` = the stage's id) of a group-kind the parent lists, in the parent's
 * namespace or cluster-scoped, that the apply did not name.
 */
import { groupKind } from './applyset';
import { ReleaseManifest, ReleaseObject } from './release-manifest';

/** What happens to an object of the previous release that the next apply touches differently. */
export interface PruneEffect {
  /** The object (as in the previous release). */
  readonly object: ReleaseObject;
  /** The stage whose apply deletes it. */
  readonly stage: string;
  /**
   * `pruned`: removed from the release, deleted. `recreated`: it moved to a later stage; the earlier
   * stage's apply deletes it and the later one creates it again. `kept`: removed, but its stage is no
   * longer applied, so nothing deletes it (delete it by hand).
   */
  readonly effect: 'pruned' | 'recreated' | 'kept';
}

const identity = (o: ReleaseObject) => `${groupKind(o.apiVersion, o.kind)}/${o.namespace ?? ''}/${o.name}`;

/** The effects of applying `next` over a cluster that runs `previous` (applied with its apply.sh). */
export function pruneEffects(previous: ReleaseManifest, next: ReleaseManifest): PruneEffect[] {
  const effects: PruneEffect[] = [];
  const nextStageOf = new Map(next.objects.map((o) => [identity(o), o.stage]));
  const stageOrder = next.applySets.map((s) => s.stage);
  for (const set of previous.applySets) {
    const applied = next.applySets.find((s) => s.stage === set.stage && s.id === set.id);
    const kinds = new Set(set.containsGroupKinds.split(',').filter(Boolean));
    for (const o of previous.objects.filter((x) => x.stage === set.stage)) {
      if (!kinds.has(groupKind(o.apiVersion, o.kind))) continue;
      if (o.namespace !== undefined && o.namespace !== set.namespace) continue;
      const movedTo = nextStageOf.get(identity(o));
      if (movedTo === set.stage) continue;
      if (!applied) {
        if (movedTo === undefined) effects.push({ object: o, stage: set.stage, effect: 'kept' });
        continue;
      }
      if (movedTo === undefined) effects.push({ object: o, stage: set.stage, effect: 'pruned' });
      // Moved to an earlier stage: that stage relabels it first, so this one no longer sees it.
      else if (stageOrder.indexOf(movedTo) > stageOrder.indexOf(set.stage)) effects.push({ object: o, stage: set.stage, effect: 'recreated' });
    }
  }
  return effects;
}
