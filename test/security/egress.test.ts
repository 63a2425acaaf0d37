import { Worker } from '../../src/constructs';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { ConstructValidationError, synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { named, Obj, ofKind, render, shopEnvironment } from '../support/render';

const ENVS = Object.keys(BUILTIN_PROFILES) as (keyof typeof BUILTIN_PROFILES)[];
const DNS = {
  to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
  ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }],
};
const toPods = (name: string, port: number) => ({ to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': 'shop' } } }], ports: [{ port, protocol: 'TCP' }] });
const toCidrs = (cidrs: string[], port: number) => ({ to: cidrs.map((cidr) => ({ ipBlock: { cidr } })), ports: [{ port, protocol: 'TCP' }] });

describe.each(ENVS)('egress of %s is closed by default', (env) => {
  const objs = render(BUILTIN_PROFILES[env]);
  const policies = ofKind(objs, 'NetworkPolicy');
  const workloads = [...ofKind(objs, 'Deployment'), ...ofKind(objs, 'StatefulSet')];
  const jobs = ofKind(objs, 'Job');

  test('the namespace denies both directions by default', () => {
    expect(named(objs, 'NetworkPolicy', 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
  });

  test('every workload has its own egress policy, and no rule opens egress to everything', () => {
    for (const w of workloads) {
      const own = policies.find((p) => p.metadata.name === w.metadata.name)!;
      expect([w.metadata.name, own.spec.policyTypes]).toEqual([w.metadata.name, expect.arrayContaining(['Egress'])]);
      expect(own.spec.podSelector.matchLabels).toEqual(w.spec.selector.matchLabels);
    }
    for (const p of policies) {
      for (const rule of p.spec.egress ?? []) {
        expect([p.metadata.name, Array.isArray(rule.to) && rule.to.length > 0]).toEqual([p.metadata.name, true]);
        for (const peer of rule.to) if (peer.ipBlock) expect(peer.ipBlock.cidr).not.toMatch(/\/0$/);
        expect(Array.isArray(rule.ports) && rule.ports.length > 0).toBe(true);
      }
    }
  });

  test('migration Jobs reach DNS and their database only', () => {
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const labels = job.spec.template.metadata.labels;
      const own = policies.find((p) => Object.entries(p.spec.podSelector.matchLabels ?? {}).every(([k, v]) => labels[k] === v) && p.metadata.name !== 'default-deny')!;
      expect(own.spec.policyTypes).toEqual(['Ingress', 'Egress']);
      expect(own.spec.ingress).toBeUndefined();
      const cloudSql = BUILTIN_PROFILES[env].database.mode === 'cloud-sql';
      expect(own.spec.egress.slice(1)).toEqual(cloudSql ? [toCidrs(['10.30.0.0/16'], 3307), toCidrs(['199.36.153.8/30'], 443), toCidrs(['169.254.169.254/32'], 80), toCidrs(['169.254.169.252/32'], 988)] : [toPods('mysql', 3306)]);
    }
  });

  test('only the mail worker reaches SMTP and only checkout the payment provider', () => {
    const profile = BUILTIN_PROFILES[env];
    const reaching = (cidr: string) =>
      policies.filter((p) => (p.spec.egress ?? []).some((r: Obj) => r.to.some((peer: Obj) => peer.ipBlock?.cidr === cidr))).map((p) => p.metadata.name);
    expect(reaching(profile.network!.egress!.smtp.cidrs[0])).toEqual(['worker-mail']);
    expect(reaching(profile.network!.egress!.payments.cidrs[0])).toEqual(['checkout']);
  });
});

test('gke: checkout may reach exactly DNS, the Services it talks to, Cloud SQL through the proxy, and the payment provider', () => {
  const objs = render(BUILTIN_PROFILES.gke);
  expect(named(objs, 'NetworkPolicy', 'checkout')!.spec.egress).toEqual([
    DNS,
    toPods('rabbitmq', 5672),
    toPods('redis-sessions', 6379),
    toCidrs(['10.30.0.0/16'], 3307),
    toCidrs(['199.36.153.8/30'], 443),
    toCidrs(['169.254.169.254/32'], 80),
    toCidrs(['169.254.169.252/32'], 988),
    toCidrs(['198.51.100.0/24'], 443),
  ]);
});

test('baremetal: the in-cluster database path is the mysql pods, and nothing leaves the site but the declared relays', () => {
  const objs = render(BUILTIN_PROFILES.baremetal);
  expect(named(objs, 'NetworkPolicy', 'worker-orders')!.spec.egress).toEqual([DNS, toPods('mysql', 3306), toPods('rabbitmq', 5672)]);
  expect(named(objs, 'NetworkPolicy', 'haproxy')!.spec.egress).toEqual([DNS, toPods('admin', 8080), toPods('grafana', 3000), toPods('varnish', 8080)]);
  // prerender fetches pages through varnish (varnish.allowFrom(prerender)): its egress follows.
  expect(named(objs, 'NetworkPolicy', 'prerender')!.spec.egress).toEqual([DNS, toPods('varnish', 8080)]);
  const cidrs = ofKind(objs, 'NetworkPolicy').flatMap((p) => (p.spec.egress ?? []).flatMap((r: Obj) => r.to.filter((t: Obj) => t.ipBlock).map((t: Obj) => t.ipBlock.cidr)));
  expect([...new Set(cidrs)].sort()).toEqual(['192.168.50.10/32', '192.168.50.25/32']);
});

test('an egressTo destination the environment does not declare fails synth, naming workload and environment', () => {
  const profile: EnvironmentProfile = { ...BUILTIN_PROFILES.baremetal, network: { ...BUILTIN_PROFILES.baremetal.network, egress: {} } };
  const run = () => synthesizeEnvironment(shopEnvironment(profile), shopPlatform);
  expect(run).toThrow(ConstructValidationError);
  expect(run).toThrow(/\[baremetal\/shop\/checkout\] "checkout" connects to "payments" \(egressTo\), which environment "baremetal" does not declare in network\.egress/);
});

test('the DNS peer comes from the profile (e.g. a cluster running CoreDNS under another label)', () => {
  const profile: EnvironmentProfile = { ...BUILTIN_PROFILES.minikube, network: { ...BUILTIN_PROFILES.minikube.network, dns: { namespace: 'kube-system', podLabels: { 'k8s-app': 'coredns' } } } };
  const objs = synthesizeEnvironment(shopEnvironment(profile), (chart) => {
    new Worker(chart, 'api', { image: { repository: 'api', tag: '1.0.0' } });
  }).objects.map((o) => o.manifest as Obj);
  expect(named(objs, 'NetworkPolicy', 'api')!.spec.egress[0].to[0].podSelector).toEqual({ matchLabels: { 'k8s-app': 'coredns' } });
});
