import { asNumber, asObject, asString, dig, objectsOf } from '../k8s';
import { IndexedObject, nsKey } from '../object-index';
import { LabelSelector, parseSelector, selectorMatches, SelectorIndex } from '../../manifests/selectors';
import { PolicyRule } from '../types';
import { HpaTargets, hpaMinReplicas, replicasOf } from './workload-facts';

/** A Deployment/StatefulSet that runs more than one pod: replicas >= 2 or scaled by an HPA. */
interface Replicated {
  readonly workload: IndexedObject;
  /** The fewest pods it runs: minReplicas of its HPA, or replicas. */
  readonly minimum: number;
  readonly why: string;
}

function replicatedWorkloads(index: import('../object-index').ObjectIndex): Replicated[] {
  const hpas = new HpaTargets(index);
  const out: Replicated[] = [];
  for (const kind of ['Deployment', 'StatefulSet']) {
    for (const o of index.ofKind(kind)) {
      if (!o.pod) continue;
      const scalers = hpas.of(o);
      if (scalers.length > 0) {
        const minimum = Math.min(...scalers.map(hpaMinReplicas));
        out.push({ workload: o, minimum, why: `autoscaled from ${minimum} replica${minimum === 1 ? '' : 's'} by HorizontalPodAutoscaler ${scalers[0].name}` });
      } else if (replicasOf(o) >= 2) {
        out.push({ workload: o, minimum: replicasOf(o), why: `${replicasOf(o)} replicas` });
      }
    }
  }
  return out;
}

/** How many pods a PDB lets go at `replicas`; a percentage of minAvailable rounds up, as the disruption controller does. */
export function disruptionsAllowed(spec: Record<string, unknown> | undefined, replicas: number): number | undefined {
  const scaled = (v: unknown): number | undefined => {
    const n = asNumber(v);
    if (n !== undefined) return n;
    const s = asString(v);
    const m = s === undefined ? null : /^(\d+)%$/.exec(s);
    return m ? Math.ceil((Number(m[1]) * replicas) / 100) : undefined;
  };
  if (spec?.maxUnavailable !== undefined) {
    const n = scaled(spec.maxUnavailable);
    return n === undefined ? undefined : Math.min(n, replicas);
  }
  if (spec?.minAvailable !== undefined) {
    const n = scaled(spec.minAvailable);
    return n === undefined ? undefined : Math.max(0, replicas - n);
  }
  return undefined;
}

export const podDisruptionBudgetRule: PolicyRule = {
  id: 'pod-disruption-budget',
  severity: 'error',
  rationale: 'Without a PodDisruptionBudget a node drain can evict every replica at once; one that allows no disruption blocks drains forever.',
  fix: 'Add one PodDisruptionBudget selecting the pods with maxUnavailable: 1 (or minAvailable below the minimum replica count).',
  check(run) {
    const pdbs = new SelectorIndex<IndexedObject>();
    for (const pdb of run.index.ofKind('PodDisruptionBudget')) {
      const selector = parseSelector(dig(pdb.manifest, 'spec', 'selector'));
      if (selector) pdbs.add(nsKey(pdb), selector, pdb);
    }
    for (const r of replicatedWorkloads(run.index)) {
      const o = r.workload;
      const matching = pdbs.matching(nsKey(o), o.pod!.labels);
      if (matching.length === 0) {
        run.report(o, `runs ${r.why} but no PodDisruptionBudget selects its pods (${o.pod!.metadataPath}.labels)`);
      } else if (matching.length > 1) {
        run.report(o, `${matching.length} PodDisruptionBudgets (${matching.map((p) => p.name).join(', ')}) select its pods; the eviction API refuses to evict pods covered by more than one`);
      } else {
        const pdb = matching[0];
        const allowed = disruptionsAllowed(asObject(pdb.manifest.spec), r.minimum);
        if (allowed === undefined) {
          run.report(o, `PodDisruptionBudget ${pdb.name} sets neither a valid minAvailable nor maxUnavailable`);
        } else if (allowed < 1) {
          const spec = asObject(pdb.manifest.spec);
          const setting = spec?.maxUnavailable !== undefined ? `maxUnavailable: ${JSON.stringify(spec.maxUnavailable)}` : `minAvailable: ${JSON.stringify(spec?.minAvailable)}`;
          run.report(o, `PodDisruptionBudget ${pdb.name} (${setting}) allows no eviction at ${r.minimum} replica${r.minimum === 1 ? '' : 's'} (${r.why}), so node drains block`);
        }
      }
    }
  },
};

/** Topology keys that put replicas on different nodes (or zones, which implies nodes). */
export const SPREAD_TOPOLOGY_KEYS: readonly string[] = ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'];

interface SpreadTerm {
  readonly topologyKey: string;
  readonly selector: LabelSelector | undefined;
}

function spreadTerms(pod: Record<string, unknown>): SpreadTerm[] {
  const terms: SpreadTerm[] = [];
  for (const c of objectsOf(pod.topologySpreadConstraints)) {
    terms.push({ topologyKey: asString(c.topologyKey) ?? '', selector: parseSelector(c.labelSelector) });
  }
  const anti = asObject(dig(pod, 'affinity', 'podAntiAffinity'));
  for (const t of objectsOf(anti?.requiredDuringSchedulingIgnoredDuringExecution)) {
    terms.push({ topologyKey: asString(t.topologyKey) ?? '', selector: parseSelector(t.labelSelector) });
  }
  for (const w of objectsOf(anti?.preferredDuringSchedulingIgnoredDuringExecution)) {
    const t = asObject(w.podAffinityTerm);
    terms.push({ topologyKey: asString(t?.topologyKey) ?? '', selector: parseSelector(t?.labelSelector) });
  }
  return terms;
}

export const spreadOverNodesRule: PolicyRule = {
  id: 'spread-over-nodes',
  severity: 'error',
  rationale: 'Replicas the scheduler packs onto one node all go down with that node, which defeats running more than one.',
  fix: 'Add a topologySpreadConstraint (or podAntiAffinity) on kubernetes.io/hostname or topology.kubernetes.io/zone whose labelSelector matches the pod labels.',
  check(run) {
    for (const r of replicatedWorkloads(run.index)) {
      const o = r.workload;
      const terms = spreadTerms(o.pod!.spec).filter((t) => SPREAD_TOPOLOGY_KEYS.includes(t.topologyKey));
      if (terms.length === 0) {
        run.report(o, `runs ${r.why} but has no topologySpreadConstraints or podAntiAffinity on ${SPREAD_TOPOLOGY_KEYS.join(' or ')}`);
      } else if (!terms.some((t) => t.selector !== undefined && selectorMatches(t.selector, o.pod!.labels))) {
        run.report(o, `its spread constraints on ${terms.map((t) => t.topologyKey).join(', ')} have a labelSelector that does not select its own pods, so they spread nothing`);
      }
    }
  },
};

export const AVAILABILITY_RULES: readonly PolicyRule[] = [podDisruptionBudgetRule, spreadOverNodesRule];
