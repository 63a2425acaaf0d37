import { dig, stringMap } from '../k8s';
import { PolicyRule } from '../types';

/** Namespaces that exist in every cluster (or are installed with the platform) and need not be declared. */
export const DEFAULT_SYSTEM_NAMESPACES: readonly string[] = [
  'kube-system',
  'kube-public',
  'kube-node-lease',
  'metallb-system',
  'gmp-system',
  'gmp-public',
];

export const POD_SECURITY_LABEL = 'pod-security.kubernetes.io/enforce';

export const namespacePodSecurityRule: PolicyRule = {
  id: 'namespace-pod-security',
  severity: 'error',
  rationale: 'Pod Security admission only enforces the restricted profile in namespaces labelled for it; the labels are the cluster-side backstop of these rules.',
  fix: `Label the Namespace ${POD_SECURITY_LABEL}: restricted.`,
  check(run) {
    for (const ns of run.index.ofKind('Namespace')) {
      const level = stringMap(dig(ns.manifest, 'metadata', 'labels'))[POD_SECURITY_LABEL];
      if (level !== 'restricted') {
        run.report(ns, level === undefined ? `metadata.labels: has no ${POD_SECURITY_LABEL} label` : `metadata.labels: ${POD_SECURITY_LABEL} is "${level}", not "restricted"`);
      }
    }
  },
};

export const namespaceDeclaredRule: PolicyRule = {
  id: 'namespace-declared',
  severity: 'error',
  rationale: 'An object whose namespace is not deployed with it fails to apply, or lands in whatever namespace the kubectl context names.',
  fix: 'Set metadata.namespace to a Namespace declared in the same environment (system namespaces like kube-system excepted).',
  check(run) {
    const declared = new Set(run.index.ofKind('Namespace').map((n) => n.name));
    const system = new Set(run.ctx.systemNamespaces ?? DEFAULT_SYSTEM_NAMESPACES);
    for (const o of run.index.all) {
      if (!o.namespaced) continue;
      if (o.namespace === undefined || o.namespace === '') {
        run.report(o, 'metadata.namespace: a namespaced object without a namespace goes wherever the kubectl context points');
      } else if (!declared.has(o.namespace) && !system.has(o.namespace)) {
        run.report(o, `metadata.namespace: Namespace "${o.namespace}" is not declared in this environment`);
      }
    }
  },
};

export const NAMESPACE_RULES: readonly PolicyRule[] = [namespacePodSecurityRule, namespaceDeclaredRule];
