import { execFileSync } from 'node:child_process';
import { policyRules, serviceRules } from '../../src/boot/netfilter';
import { planBoot } from '../../src/boot/plan';
import { render } from '../support/render';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { KubeObject } from '../../src/boot/wire';
import { standInSecretValues } from '../../src/boot/stand-in-objects';

/** `nft -c` (check only) in a throw-away network namespace: nftables itself judges the ruleset. */
function nftCheck(ruleset: string): void {
  execFileSync('unshare', ['--net', 'nft', '-c', '-f', '-'], { input: ruleset, stdio: ['pipe', 'pipe', 'pipe'] });
}

const objects = render(BUILTIN_PROFILES.baremetal) as KubeObject[];
const plan = planBoot(objects, { secrets: standInSecretValues(objects, () => 'pem') });

test('kube-proxy rules: one DNAT per Service port, round robin over several endpoints; nft accepts them', () => {
  const rules = serviceRules(plan);
  const varnish = plan.services.find((s) => s.name === 'varnish');
  expect(varnish?.ports[0].endpoints.length).toBeGreaterThan(1);
  expect(rules).toContain(`ip daddr ${varnish?.ip} tcp dport 8080 dnat ip to numgen inc mod ${varnish?.ports[0].endpoints.length} map {`);
  nftCheck(rules);
});

test('policy rules: the pods a NetworkPolicy admits, on its ports; the node (probes) always; nft accepts them', () => {
  const redis = plan.pods.find((p) => p.workload === 'redis-cache');
  const rules = policyRules(plan, redis!);
  expect(rules).toContain('type filter hook input priority 0; policy drop;');
  const clients = plan.pods.filter((p) => ['api', 'php-fpm'].includes(p.workload));
  for (const c of clients) expect(rules).toContain(`ip saddr ${c.ip} tcp dport 6379 accept`);
  expect(rules).not.toContain(`ip saddr ${plan.pods.find((p) => p.workload === 'web')?.ip} `);
  expect(rules).toContain('ip saddr 198.18.0.1 accept');
  for (const pod of plan.pods) nftCheck(policyRules(plan, pod) || 'table inet empty {}');
});
