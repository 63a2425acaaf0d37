import { asObject, dig, stringsOf } from '../k8s';
import { IndexedObject, nsKey } from '../object-index';
import { isEmptySelector, parseSelector, SelectorIndex } from '../../manifests/selectors';
import { PolicyRule } from '../types';
import { servedWorkloads } from './services';

/** Whether a NetworkPolicy governs ingress: policyTypes lists Ingress, or is absent (then Ingress is implied). */
function governsIngress(np: IndexedObject): boolean {
  const types = dig(np.manifest, 'spec', 'policyTypes');
  return types === undefined || stringsOf(types).includes('Ingress');
}

function ingressRules(np: IndexedObject): unknown[] {
  const rules = dig(np.manifest, 'spec', 'ingress');
  return Array.isArray(rules) ? rules : [];
}

/** A default deny: selects every pod of the namespace, governs ingress, allows nothing. */
export function isDefaultDenyIngress(np: IndexedObject): boolean {
  const selector = parseSelector(dig(np.manifest, 'spec', 'podSelector'));
  return selector !== undefined && isEmptySelector(selector) && governsIngress(np) && ingressRules(np).length === 0;
}

export const defaultDenyRule: PolicyRule = {
  id: 'network-policy-default-deny',
  severity: 'error',
  rationale: 'Without a default-deny NetworkPolicy every pod accepts traffic from every other pod in the cluster.',
  fix: 'Add a NetworkPolicy with podSelector: {} and policyTypes: [Ingress] (no ingress rules) to the namespace.',
  check(run) {
    const denied = new Set<string>();
    for (const np of run.index.ofKind('NetworkPolicy')) if (isDefaultDenyIngress(np)) denied.add(nsKey(np));
    for (const o of run.index.workloads) {
      if (!denied.has(nsKey(o))) run.report(o, `its pods are not covered by a default-deny ingress NetworkPolicy in namespace ${o.namespace ?? '(none)'}`);
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
