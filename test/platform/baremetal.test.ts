import { BAREMETAL, BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { named, Obj, ofKind, podSpec, render, SHOP_IMAGE_DIGESTS } from '../support/render';

const objs = render(BAREMETAL);
const workloads = [...ofKind(objs, 'Deployment'), ...ofKind(objs, 'StatefulSet')];
const roleOf = (w: Obj): string | undefined => {
  const terms = podSpec(w).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const key: string | undefined = terms?.[0]?.matchExpressions?.[0]?.key;
  return key?.replace('node-role.shop/', '');
};

describe('bare-metal site', () => {
  test('MetalLB pool and L2 advertisement live in metallb-system, announced from edge nodes only', () => {
    const pool = named(objs, 'IPAddressPool', 'public')!;
    expect(pool).toMatchObject({ apiVersion: 'metallb.io/v1beta1', metadata: { namespace: 'metallb-system' }, spec: { addresses: ['192.168.50.240/29'] } });
    const l2 = ofKind(objs, 'L2Advertisement');
    expect(l2).toHaveLength(1);
    expect(l2[0].spec).toEqual({ ipAddressPools: ['public'], nodeSelectors: [{ matchLabels: { 'node-role.shop/edge': 'true' } }] });
  });

  test('every LoadBalancer Service names an existing pool and a floating IP inside it, with a deliberate traffic policy', () => {
    const pools = ofKind(objs, 'IPAddressPool').map((p) => p.metadata.name);
    const lbs = ofKind(objs, 'Service').filter((s) => s.spec.type === 'LoadBalancer');
    expect(lbs.map((s) => s.metadata.name)).toEqual(['haproxy']);
    for (const s of lbs) {
      expect(pools).toContain(s.metadata.annotations['metallb.universe.tf/address-pool']);
      expect(s.metadata.annotations['metallb.universe.tf/loadBalancerIPs']).toBe('192.168.50.241');
      expect(s.spec.externalTrafficPolicy).toBe('Local');
    }
  });

  test('edge proxies run on edge nodes, stateful services on data nodes, the rest on app nodes', () => {
    expect(roleOf(named(objs, 'Deployment', 'haproxy')!)).toBe('edge');
    for (const name of ['mysql', 'rabbitmq', 'redis-sessions']) expect(roleOf(named(objs, 'StatefulSet', name)!)).toBe('data');
    expect(roleOf(named(objs, 'Deployment', 'redis-cache')!)).toBe('data');
    for (const name of ['web', 'php-fpm', 'checkout', 'api', 'varnish', 'worker-orders']) expect(roleOf(named(objs, 'Deployment', name)!)).toBe('app');
    expect(workloads.every((w) => roleOf(w) !== undefined)).toBe(true);
  });

  test('replicated workloads spread over hostnames explicitly', () => {
    const replicated = workloads.filter((w) => named(objs, 'HorizontalPodAutoscaler', w.metadata.name) || (w.spec.replicas ?? 1) > 1);
    expect(replicated.length).toBeGreaterThanOrEqual(6);
    for (const w of replicated) {
      expect(podSpec(w).topologySpreadConstraints).toEqual([
        expect.objectContaining({ topologyKey: 'kubernetes.io/hostname', maxSkew: 1, labelSelector: { matchLabels: w.spec.selector.matchLabels } }),
      ]);
    }
  });

  test('offline-first: nothing depends on a cloud endpoint', () => {
    const text = JSON.stringify(objs);
    expect(text).not.toMatch(/googleapis\.com|gcr\.io|pkg\.dev|gke\.io|gserviceaccount|cloud-sql|cloudsql|docker\.io|quay\.io|ghcr\.io/i);
    for (const w of workloads) for (const c of podSpec(w).containers) expect(c.image.startsWith('registry.warehouse.local/shop/')).toBe(true);
    expect(named(objs, 'StatefulSet', 'mysql')!.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('shop-fast');
    expect(named(objs, 'StorageClass', 'shop-fast')!.provisioner).toBe('rancher.io/local-path');
    expect(ofKind(objs, 'ExternalSecret').every((s) => s.spec.secretStoreRef.name === 'site-vault')).toBe(true);
  });

  test('a second site is one new profile', () => {
    const siteB: EnvironmentProfile = {
      ...BAREMETAL,
      name: 'baremetal-b',
      registry: 'mirror.site-b.local/shop',
      loadBalancer: { ...BAREMETAL.loadBalancer!, pools: [{ name: 'public', addresses: ['10.20.0.240-10.20.0.250'] }], addresses: ['10.20.0.240'] },
    };
    const b = render(siteB);
    expect(named(b, 'IPAddressPool', 'public')!.spec.addresses).toEqual(['10.20.0.240-10.20.0.250']);
    expect(named(b, 'Service', 'haproxy')!.metadata.annotations['metallb.universe.tf/loadBalancerIPs']).toBe('10.20.0.240');
    // A second site's mirror holds the same locked bytes: one lock entry serves every registry.
    expect(podSpec(named(b, 'Deployment', 'web')!).containers[0].image).toBe(`mirror.site-b.local/shop/shop-web:1.0.0@${SHOP_IMAGE_DIGESTS['shop-web:1.0.0']}`);
  });
});

test.each(['minikube', 'staging', 'gke'] as const)('no MetalLB object in %s', (env) => {
  const other = render(BUILTIN_PROFILES[env]);
  expect(other.filter((o) => o.apiVersion.startsWith('metallb.io/'))).toHaveLength(0);
  expect(JSON.stringify(other)).not.toContain('metallb.universe.tf');
});
