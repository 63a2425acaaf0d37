import { BootPlan, NODE_ADDRESS, PodPlan, RulePlan, STAND_IN_LABEL } from './plan';

/**
 * nftables rulesets of the boot's pod network: kube-proxy's Service translation (in every pod's and the
 * node's network namespace, on locally generated packets, as kube-proxy's nftables mode does) and the
 * NetworkPolicies (ingress and egress of each pod, evaluated after Service translation, so rules see pod
 * addresses and target ports as a CNI does). Pure text generation; the runner loads it with `nft -f`.
 */

/** kube-proxy: ClusterIP:port → one of the endpoints (round robin). */
export function serviceRules(plan: BootPlan): string {
  const lines: string[] = [];
  for (const svc of plan.services) {
    if (!svc.ip) continue;
    for (const port of svc.ports) {
      const eps = port.endpoints;
      if (eps.length === 0) {
        lines.push(`    ip daddr ${svc.ip} tcp dport ${port.port} reject with tcp reset`);
      } else if (eps.length === 1) {
        lines.push(`    ip daddr ${svc.ip} tcp dport ${port.port} dnat ip to ${eps[0].ip}:${eps[0].port}`);
      } else {
        const map = eps.map((e, i) => `${i} : ${e.ip} . ${e.port}`).join(', ');
        lines.push(`    ip daddr ${svc.ip} tcp dport ${port.port} dnat ip to numgen inc mod ${eps.length} map { ${map} }`);
      }
    }
  }
  return [
    'table ip kubeproxy {',
    '  chain services {',
    '    type nat hook output priority -100; policy accept;',
    ...lines,
    '  }',
    '}',
    '',
  ].join('\n');
}

/** The NetworkPolicy filter of one pod (empty when no policy selects it). */
export function policyRules(plan: BootPlan, pod: PodPlan): string {
  const selecting = plan.policies.filter((p) => p.pods.includes(pod.name));
  const ingress = selecting.filter((p) => p.ingress).flatMap((p) => p.ingress ?? []);
  const egress = selecting.filter((p) => p.egress).flatMap((p) => p.egress ?? []);
  const ingressIsolated = selecting.some((p) => p.ingress);
  const egressIsolated = selecting.some((p) => p.egress);
  if (!ingressIsolated && !egressIsolated) return '';
  const chain = (name: string, hook: string, isolated: boolean, rules: readonly RulePlan[], dir: 'saddr' | 'daddr', always: string[]) => [
    `  chain ${name} {`,
    `    type filter hook ${hook} priority 0; policy ${isolated ? 'drop' : 'accept'};`,
    '    ct state established,related accept',
    `    ${hook === 'input' ? 'iif' : 'oif'} "lo" accept`,
    ...always,
    ...rules.flatMap((r) => ruleLines(r, dir)),
    '  }',
  ];
  return [
    'table inet netpol {',
    // The kubelet's probes come from the node; CNIs let them through whatever the policies say.
    ...chain('ingress_policy', 'input', ingressIsolated, ingress, 'saddr', [`    ip saddr ${NODE_ADDRESS} accept`]),
    // Stand-ins for what runs outside the cluster (Cloud SQL) sit in the pod network, not at the
    // addresses the policies allow for the real thing (the private services range, Google APIs):
    // egress to them stands for that allowed path.
    ...chain('egress_policy', 'output', egressIsolated, egress, 'daddr', plan.pods.filter((p) => p.labels[STAND_IN_LABEL]).map((p) => `    ip daddr ${p.ip} accept`)),
    '}',
    '',
  ].join('\n');
}

function ruleLines(rule: RulePlan, dir: 'saddr' | 'daddr'): string[] {
  const peerMatches: string[] = rule.peers === undefined
    ? ['']
    : rule.peers.flatMap((p) => {
      if (p.ip) return [`ip ${dir} ${p.ip} `];
      if (p.cidr) {
        const except = p.except?.length ? `ip ${dir} != { ${p.except.join(', ')} } ` : '';
        return [`ip ${dir} ${p.cidr} ${except}`];
      }
      return [];
    });
  const portMatches: string[] = rule.ports === undefined || rule.ports.length === 0
    ? ['']
    : rule.ports.map((p) => {
      const proto = p.protocol.toLowerCase();
      if (p.port === undefined) return `meta l4proto ${proto} `;
      return `${proto} dport ${p.endPort ? `${p.port}-${p.endPort}` : p.port} `;
    });
  const lines: string[] = [];
  for (const peer of peerMatches) for (const port of portMatches) lines.push(`    ${peer}${port}accept`);
  return lines;
}
