import { ShipyardError } from '../errors';
import { Environment } from '../profiles/environment';
import { Json, objectsOf } from '../manifests/json';
import { podTemplateOf } from '../manifests/pod-template';
import { compareVersions, OPERATOR_GROUPS, OPERATOR_TITLES, OperatorName, operatorApiOf } from './operator-apis';

/** A Kubernetes object, as far as the contract check reads it. */
interface ObjectRef {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string };
}

/** Something the manifests rely on that the environment's cluster does not promise. */
export interface MissingGuarantee {
  /** The guarantee, e.g. `NetworkPolicy enforcement`. */
  readonly guarantee: string;
  /** The profile field that would promise it. */
  readonly field: string;
  /** What needs it and why it is not there. */
  readonly message: string;
}

/** The cluster of an environment cannot honour its manifests. */
export class ClusterContractError extends ShipyardError {
  constructor(
    /** Environment name. */
    public readonly environment: string,
    /** Every missing guarantee. */
    public readonly missing: readonly MissingGuarantee[],
  ) {
    super(
      `environment "${environment}": the cluster does not guarantee what its manifests need\n` +
        missing.map((m) => `  - ${m.guarantee} (${m.field}): ${m.message}`).join('\n'),
    );
  }
}

/** The Kubernetes release the manifests are validated against (the schemas of the gate). */
const VALIDATED_KUBERNETES = '1.28';

/** Features of the manifests that an older cluster would silently drop or misread. */
const KUBERNETES_FEATURES: readonly { name: string; since: string; olderClusters: string; usedBy: (o: ObjectRef) => boolean }[] = [
  {
    name: 'native sidecar containers (initContainers with restartPolicy: Always)',
    since: '1.29',
    // Below 1.29 the API server drops the field (feature gate off): the sidecar runs as a plain init
    // container that never exits, and the pod never starts.
    olderClusters: ': an older API server drops restartPolicy and the pod waits forever for its sidecar to exit',
    usedBy: (o) => {
      const template = podTemplateOf(o.kind, o as unknown as Json);
      return !!template && objectsOf(template.spec.initContainers).some((c) => c.restartPolicy === 'Always');
    },
  },
];

const sample = (objs: readonly ObjectRef[]) => {
  const names = objs.map((o) => o.metadata?.name ?? '?');
  return names.length > 3 ? `${names.slice(0, 3).join(', ')}, …` : names.join(', ');
};

/**
 * What the manifests need from the cluster that the profile's `cluster` does not promise:
 * NetworkPolicies need a CNI that enforces them (a policy that is not enforced is worse than none:
 * the gate counts it as protection); HPAs need a metrics source; custom resources need their
 * operator at a release that serves their API version.
 */
export function checkClusterContract(env: Environment, objects: readonly ObjectRef[]): MissingGuarantee[] {
  const cluster = env.cluster;
  const missing: MissingGuarantee[] = [];
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const np = cluster.networkPolicy;
  if (policies.length && !np?.enforced) {
    missing.push({
      guarantee: 'NetworkPolicy enforcement',
      field: 'cluster.networkPolicy',
      message: `${policies.length} NetworkPolicies (${sample(policies)}) are only protection if the CNI enforces them, and ${
        np ? `"${np.provider}" is declared as not enforcing` : 'the profile names no enforcing CNI'
      }${env.platform === 'gke' ? ' (GKE: provider "dataplane-v2")' : ''}`,
    });
  }
  const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
  if (hpas.length && !cluster.metrics) {
    missing.push({
      guarantee: 'a metrics source for HPAs',
      field: 'cluster.metrics',
      message: `${hpas.length} HorizontalPodAutoscalers (${sample(hpas)}) scale on CPU metrics, and the profile declares no metrics source (GKE: provider "gke"; elsewhere: provider "metrics-server" with its image)`,
    });
  }
  const kubernetes = cluster.kubernetesVersion ?? VALIDATED_KUBERNETES;
  for (const feature of KUBERNETES_FEATURES) {
    const users = objects.filter((o) => feature.usedBy(o));
    if (users.length && compareVersions(kubernetes, feature.since) < 0) {
      missing.push({
        guarantee: `Kubernetes ${feature.since} or later`,
        field: 'cluster.kubernetesVersion',
        message: `${users.length === 1 ? '1 object' : `${users.length} objects`} (${sample(users)}) use ${feature.name}, on by default since Kubernetes ${feature.since}, and the cluster is ${
          cluster.kubernetesVersion ? `declared as ${cluster.kubernetesVersion}` : `not declared newer than ${VALIDATED_KUBERNETES}`
        }${feature.olderClusters}`,
      });
    }
  }
  const needs = new Map<OperatorName, { since: string; apiVersion: string; objects: ObjectRef[] }>();
  for (const o of objects) {
    const group = o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : '';
    const operator = OPERATOR_GROUPS[group];
    if (!operator) continue;
    const api = operatorApiOf(o.apiVersion, o.kind);
    const since = api?.since ?? '0.0.0';
    const need = needs.get(operator);
    if (!need) needs.set(operator, { since, apiVersion: o.apiVersion, objects: [o] });
    else {
      need.objects.push(o);
      if (compareVersions(since, need.since) > 0) needs.set(operator, { ...need, since, apiVersion: o.apiVersion });
    }
  }
  for (const [operator, need] of needs) {
    const declared = cluster.operators?.[operator];
    const kinds = [...new Set(need.objects.map((o) => o.kind))].join(', ');
    if (!declared) {
      missing.push({
        guarantee: `${OPERATOR_TITLES[operator]} installed`,
        field: `cluster.operators.${operator}`,
        message: `${need.objects.length} ${kinds} objects (${need.apiVersion}) need ${OPERATOR_TITLES[operator]} ${need.since} or later, and the profile does not declare it`,
      });
    } else if (compareVersions(declared, need.since) < 0) {
      missing.push({
        guarantee: `${OPERATOR_TITLES[operator]} serving ${need.apiVersion}`,
        field: `cluster.operators.${operator}`,
        message: `${need.objects.length} ${kinds} objects use ${need.apiVersion}, first served by ${need.since}; the cluster runs ${declared}`,
      });
    }
  }
  return missing;
}
