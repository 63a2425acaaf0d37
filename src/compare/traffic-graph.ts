/**
 * Which workload talks to which, read from the NetworkPolicies: a policy selecting workload X whose
 * ingress admits pods of workload Y gives the edge Y → X; an ingress rule that admits any source (no
 * `from`, or an ipBlock of 0.0.0.0/0 or ::/0) gives internet → X.
 */
import { dig, isWorkload, K8sObject, list, nameOf, obj, podLabels, str } from '../manifests/k8s-object';
import { labelSelectorSelects } from '../manifests/selectors';
import { compareText } from '../manifests/text-order';

/** The node name for traffic from outside the cluster. */
export const INTERNET = 'internet';

/** One allowed connection. */
export interface TrafficEdge {
  readonly from: string;
  readonly to: string;
}

export const edgeKey = (e: TrafficEdge): string => `${e.from} -> ${e.to}`;

/** Workloads whose pods a LabelSelector selects (`{}`: all of them). */
function workloadsSelectedBy(selector: unknown, workloads: readonly K8sObject[]): string[] {
  return workloads.filter((w) => labelSelectorSelects(selector, podLabels(w))).map(nameOf);
}

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/** Every edge the NetworkPolicies of one environment allow, sorted. */
export function trafficEdges(objects: readonly K8sObject[]): TrafficEdge[] {
  const workloads = objects.filter(isWorkload);
  const edges = new Map<string, TrafficEdge>();
  const add = (from: string, to: string) => {
    const e = { from, to };
    edges.set(edgeKey(e), e);
  };
  for (const policy of objects.filter((o) => o.kind === 'NetworkPolicy')) {
    const targets = workloadsSelectedBy(dig(policy, 'spec', 'podSelector'), workloads);
    for (const rule of list(dig(policy, 'spec', 'ingress'))) {
      const from = list(rule.from);
      const sources = new Set<string>();
      if (!Array.isArray(rule.from) || from.length === 0) sources.add(INTERNET);
      for (const peer of from) {
        if (obj(peer.podSelector) && !obj(peer.namespaceSelector)) workloadsSelectedBy(peer.podSelector, workloads).forEach((s) => sources.add(s));
        const cidr = str(dig(peer, 'ipBlock', 'cidr'));
        if (cidr && ANYWHERE.has(cidr)) sources.add(INTERNET);
      }
      for (const to of targets) for (const source of sources) add(source, to);
    }
  }
  return [...edges.values()].sort((a, b) => compareText(a.from, b.from) || compareText(a.to, b.to));
}

/** Edges of two environments: in both, only in the first, only in the second. */
export interface EdgeComparison {
  readonly both: readonly TrafficEdge[];
  readonly onlyA: readonly TrafficEdge[];
  readonly onlyB: readonly TrafficEdge[];
}

export function compareEdges(a: readonly TrafficEdge[], b: readonly TrafficEdge[]): EdgeComparison {
  const inB = new Set(b.map(edgeKey));
  const inA = new Set(a.map(edgeKey));
  return { both: a.filter((e) => inB.has(edgeKey(e))), onlyA: a.filter((e) => !inB.has(edgeKey(e))), onlyB: b.filter((e) => !inA.has(edgeKey(e))) };
}
