import { asObject, dig, stringsOf } from '../k8s';
import { IndexedObject, nsKey } from '../object-index';
import { isEmptySelector, parseSelector, SelectorIndex } from '../../manifests/selectors';
import { PolicyRule } from '../types';
import { servedWorkloads } from './services';

/**
 * Whether a NetworkPolicy governs a direction. Without policyTypes, Ingress is implied and Egress
 * only when the policy has egress rules (the API server's defaulting).
 */
function governs(np: IndexedObject, direction: 'Ingress' | 'Egress'): boolean {
  const types = dig(np.manifest, 'spec', 'policyTypes');
  if (types === undefined) return direction === 'Ingress' || rulesOf(np, 'Egress').length > 0;
  return stringsOf(types).includes(direction);
}

function rulesOf(np: IndexedObject, direction: 'Ingress' | 'Egress'): unknown[] {
  const rules = dig(np.manifest, 'spec', direction === 'Ingress' ? 'ingress' : 'egress');
  return Array.isArray(rules) ? rules : [];
}

const governsIngress = (np: IndexedObject) => governs(np, 'Ingress');
const ingressRules = (np: IndexedObject) => rulesOf(np, 'Ingress');

/** A default deny of one direction: selects every pod of the namespace, governs it, allows nothing. */
export function isDefaultDeny(np: IndexedObject, direction: 'Ingress' | 'Egress'): boolean {
  const selector = parseSelector(dig(np.manifest, 'spec', 'podSelector'));
  return selector !== undefined && isEmptySelector(selector) && governs(np, direction) && rulesOf(np, direction).length === 0;
}

/** A default deny of ingress. */
export function isDefaultDenyIngress(np: IndexedObject): boolean {
  return isDefaultDeny(np, 'Ingress');
}

export const defaultDenyRule: PolicyRule = {
  id: 'network-policy-default-deny',
  severity: 'error',
  rationale:
    'Without a default-deny NetworkPolicy for both directions every pod accepts traffic from every other pod, and a compromised pod may connect anywhere (other namespaces, the metadata server, the internet).',
  fix: 'Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress, Egress] (no rules) to the namespace, and allow each workload its own ingress and egress.',
  check(run) {
    const denied = { Ingress: new Set<string>(), Egress: new Set<string>() };
    for (const np of run.index.ofKind('NetworkPolicy')) {
      for (const d of ['Ingress', 'Egress'] as const) if (isDefaultDeny(np, d)) denied[d].add(nsKey(np));
    }
    for (const o of run.index.workloads) {
      const open = (['Ingress', 'Egress'] as const).filter((d) => !denied[d].has(nsKey(o)));
      if (open.length) {
        run.report(o, `its pods are not covered by a default-deny ${open.map((d) => d.toLowerCase()).join(' and ')} NetworkPolicy in namespace ${o.namespace ?? '(none)'}`);
      }
    }
  },
};

export const ingressAllowedRule: PolicyRule = {
  id: 'network-policy-ingress',
  severity: 'error',
  rationale: 'Behind a default deny, a workload that a Service routes to must be selected by a NetworkPolicy that allows ingress, or the Service drops every request.',
  fix: 'Add a NetworkPolicy whose podSelector matches the pod labels, with policyTypes [Ingress] and an ingress rule for the clients and ports.',
  check(run) {
    const allowing = new SelectorIndex<IndexedObject>();
    for (const np of run.index.ofKind('NetworkPolicy')) {
      const selector = parseSelector(dig(np.manifest, 'spec', 'podSelector'));
      if (selector && governsIngress(np) && ingressRules(np).length > 0) allowing.add(nsKey(np), selector, np);
    }
    const served = new Map<IndexedObject, IndexedObject>();
    for (const svc of run.index.ofKind('Service')) {
      if (asObject(svc.manifest.spec)?.type === 'ExternalName') continue;
      for (const w of servedWorkloads(run.index, svc)) if (!served.has(w)) served.set(w, svc);
    }
    for (const [w, svc] of served) {
      if (allowing.matching(nsKey(w), w.pod!.labels).length === 0) {
        run.report(w, `Service ${svc.name} routes to its pods, but no NetworkPolicy selecting them allows ingress`);
      }
    }
  },
};

export const NETWORK_RULES: readonly PolicyRule[] = [defaultDenyRule, ingressAllowedRule];
