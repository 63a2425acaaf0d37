import { EgressDestination } from '../../profiles/environment-profile';
import { Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { IServiceEndpoint } from './workload-props';
import { compareText } from '../../manifests/text-order';

const tcp = (port: number) => ({ port: k8s.IntOrString.fromNumber(port), protocol: 'TCP' });
const toCidrs = (cidrs: readonly string[], ports: readonly number[]): k8s.NetworkPolicyEgressRule => ({ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: ports.map(tcp) });

/** What a pod connects to, for its egress NetworkPolicy. */
export interface EgressNeeds {
  /** Services it talks to (their pods, on their container ports). */
  readonly targets: readonly IServiceEndpoint[];
  /** Whether it reaches Cloud SQL through the proxy sidecar. */
  readonly cloudSql: boolean;
  /** Destinations outside the cluster the profile declares. */
  readonly external: readonly EgressDestination[];
}

/**
 * The egress rules of a pod behind the namespace's default deny: DNS to the cluster DNS pods, the pods
 * of the Services it talks to, the Cloud SQL proxy's path where it has one, and the profile's external
 * destinations it names. Nothing else leaves the pod.
 * @internal
 */
export function egressRules(env: Environment, needs: EgressNeeds): k8s.NetworkPolicyEgressRule[] {
  const dns = env.dnsPeer();
  return [
    {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': dns.namespace } }, podSelector: { matchLabels: { ...dns.podLabels } } }],
      ports: [{ port: k8s.IntOrString.fromNumber(53), protocol: 'UDP' }, tcp(53)],
    },
    ...[...needs.targets]
      .sort((a, b) => compareText(a.workloadName, b.workloadName))
      .map((t) => ({ to: [{ podSelector: { matchLabels: { ...t.podSelector } } }], ports: t.targetPorts.map(tcp) })),
    ...(needs.cloudSql ? env.cloudSqlEgress() : []).map((d) => toCidrs(d.cidrs, d.ports)),
    ...needs.external.map((d) => toCidrs(d.cidrs, d.ports)),
  ];
}
