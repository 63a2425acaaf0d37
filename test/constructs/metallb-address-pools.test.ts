import { App, Chart, Testing } from 'cdk8s';
import { IpAddressPool, L2Advertisement } from '../../imports/metallb.io';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { MetalLbAddressPools, MetalLbAddressPoolsProps } from '../../src/constructs/metallb';
import { ShipyardError } from '../../src/errors';
import { BUILTIN_PROFILES } from '../../src/profiles/builtin-profiles';
import { Environment } from '../../src/profiles/environment';
import { EnvironmentProfile } from '../../src/profiles/environment-profile';
import { CrdValidator, Manifest } from '../metallb/crd-schema';

const BAREMETAL = BUILTIN_PROFILES.baremetal;
const STANDARD_LABELS = {
  'app.kubernetes.io/part-of': 'shop',
  'app.kubernetes.io/managed-by': 'shipyard-k8s',
  'app.kubernetes.io/component': 'load-balancer',
};

/** A chart the way EnvironmentChart builds it: the environment attached, the construct under id `MetalLb`. */
function synth(profile: EnvironmentProfile, props?: MetalLbAddressPoolsProps): { lb: MetalLbAddressPools; manifests: Manifest[] } {
  const chart = new Chart(Testing.app(), profile.name, { namespace: 'shop' });
  Environment.attach(chart, new Environment(profile, { project: 'shop' }));
  const lb = new MetalLbAddressPools(chart, 'MetalLb', props);
  return { lb, manifests: Testing.synth(chart) as Manifest[] };
}

function ofKind(manifests: Manifest[], kind: string): Manifest[] {
  return manifests.filter((m) => m.kind === kind);
}

/** A second warehouse site: the same platform, its own name, registry mirror and address pool. */
const SITE_B: EnvironmentProfile = {
  ...BAREMETAL,
  name: 'site-b',
  registry: 'mirror.site-b.local/shop',
  domain: 'shop.site-b.local',
  loadBalancer: {
    pools: [{ name: 'site-b-public', addresses: ['10.20.30.64/28'] }],
    addresses: ['10.20.30.70'],
  },
};

const crds = new CrdValidator();

describe('MetalLbAddressPools on the bare-metal profile', () => {
  const { lb, manifests } = synth(BAREMETAL);

  test('emits one IPAddressPool per pool and one L2Advertisement, with explicit names in metallb-system', () => {
    expect(manifests).toEqual([
      {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'IPAddressPool',
        metadata: { name: 'public', namespace: 'metallb-system', labels: STANDARD_LABELS },
        spec: { addresses: ['192.168.50.240/29'], autoAssign: true },
      },
      {
        apiVersion: 'metallb.io/v1beta1',
        kind: 'L2Advertisement',
        metadata: { name: 'shop-l2', namespace: 'metallb-system', labels: STANDARD_LABELS },
        spec: { ipAddressPools: ['public'], nodeSelectors: [{ matchLabels: { 'node-role.shop/edge': 'true' } }] },
      },
    ]);
  });

  test('exposes the typed children', () => {
    expect(lb.addressPools).toHaveLength(1);
    expect(lb.addressPools[0]).toBeInstanceOf(IpAddressPool);
    expect(lb.l2Advertisement).toBeInstanceOf(L2Advertisement);
    expect(lb.poolNames).toEqual(['public']);
    expect(lb.namespace).toBe('metallb-system');
  });

  test('every object is valid against its CRD schema, unknown fields rejected', () => {
    expect(manifests.length).toBeGreaterThan(0);
    for (const m of manifests) expect(crds.errors(m)).toEqual([]);
  });

  test('the pool Services pin to is one of the emitted pools', () => {
    const pinned = new Environment(BAREMETAL, { project: 'shop' }).publicExposure().annotations['metallb.universe.tf/address-pool'];
    expect(ofKind(manifests, 'IPAddressPool').map((m) => m.metadata.name)).toContain(pinned);
  });

  test('only edge nodes announce: nodeSelectors are the edge role labels', () => {
    const env = new Environment(BAREMETAL, { project: 'shop' });
    const [advertisement] = ofKind(manifests, 'L2Advertisement');
    expect(advertisement.spec).toMatchObject({ nodeSelectors: [{ matchLabels: env.nodeLabels('edge') }] });
    const selectors = JSON.stringify(advertisement.spec);
    for (const role of ['app', 'data'] as const) {
      for (const key of Object.keys(env.nodeLabels(role) ?? {})) expect(selectors).not.toContain(key);
    }
  });

  test('synthesizes through App.synth without validation errors', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'baremetal');
    Environment.attach(chart, new Environment(BAREMETAL, { project: 'shop' }));
    new MetalLbAddressPools(chart, 'MetalLb');
    expect(() => app.synth()).not.toThrow();
  });
});

describe('CRD schema check (the harness itself)', () => {
  const { manifests } = synth(BAREMETAL);
  const [pool] = ofKind(manifests, 'IPAddressPool');
  const [advertisement] = ofKind(manifests, 'L2Advertisement');

  test('loads both kinds the construct emits', () => {
    expect(crds.kinds).toEqual(expect.arrayContaining(['metallb.io/v1beta1 IPAddressPool', 'metallb.io/v1beta1 L2Advertisement']));
  });

  test('rejects an unknown field in spec and at the top level', () => {
    expect(crds.errors({ ...pool, spec: { ...(pool.spec as object), adresses: ['10.0.0.0/24'] } })).toEqual([
      expect.stringContaining('must NOT have additional properties (adresses)'),
    ]);
    expect(crds.errors({ ...pool, extra: true })).toEqual([expect.stringContaining('(extra)')]);
  });

  test('rejects an unknown field inside a node selector and a wrongly typed field', () => {
    expect(crds.errors({ ...advertisement, spec: { nodeSelectors: [{ matchLabel: { a: 'b' } }] } })).toEqual([
      expect.stringContaining('(matchLabel)'),
    ]);
    expect(crds.errors({ ...pool, spec: { addresses: '10.0.0.0/24' } })).toEqual([expect.stringContaining('must be array')]);
  });

  test('rejects a pool without addresses (required by the CRD)', () => {
    expect(crds.errors({ ...pool, spec: { autoAssign: true } })).toEqual([expect.stringContaining("must have required property 'addresses'")]);
  });
});

describe('MetalLbAddressPools across profiles', () => {
  test('a second bare-metal site is one new profile and yields its own pool', () => {
    const siteA = synth(BAREMETAL).manifests;
    const siteB = synth(SITE_B).manifests;
    const [poolB] = ofKind(siteB, 'IPAddressPool');
    expect(ofKind(siteB, 'IPAddressPool')).toHaveLength(1);
    expect(poolB.metadata.name).toBe('site-b-public');
    expect(poolB.spec).toEqual({ addresses: ['10.20.30.64/28'], autoAssign: true });
    expect(ofKind(siteB, 'L2Advertisement')[0].spec).toMatchObject({ ipAddressPools: ['site-b-public'] });
    for (const m of siteB) expect(crds.errors(m)).toEqual([]);
    // The first site is untouched.
    expect(ofKind(siteA, 'IPAddressPool').map((m) => m.metadata.name)).toEqual(['public']);
    expect(JSON.stringify(siteA)).not.toContain('10.20.30.');
  });

  test.each(['minikube', 'staging', 'gke'] as const)('creates nothing for %s (no loadBalancer)', (name) => {
    const { lb, manifests } = synth(BUILTIN_PROFILES[name]);
    expect(manifests).toEqual([]);
    expect(lb.node.children).toHaveLength(0);
    expect(lb.addressPools).toEqual([]);
    expect(lb.l2Advertisement).toBeUndefined();
    expect(lb.namespace).toBeUndefined();
  });

  test('several pools, IPv4 ranges and IPv6 CIDRs, autoAssign off and a custom namespace', () => {
    const profile: EnvironmentProfile = {
      ...BAREMETAL,
      name: 'site-c',
      loadBalancer: {
        namespace: 'lb',
        pools: [
          { name: 'public', addresses: ['192.168.50.240/29', 'fd00:50::/120'] },
          { name: 'reserved', addresses: ['192.168.60.10-192.168.60.20'], autoAssign: false },
        ],
        pool: 'public',
      },
    };
    const { manifests } = synth(profile);
    expect(ofKind(manifests, 'IPAddressPool').map((m) => [m.metadata.name, m.metadata.namespace, m.spec])).toEqual([
      ['public', 'lb', { addresses: ['192.168.50.240/29', 'fd00:50::/120'], autoAssign: true }],
      ['reserved', 'lb', { addresses: ['192.168.60.10-192.168.60.20'], autoAssign: false }],
    ]);
    const [advertisement] = ofKind(manifests, 'L2Advertisement');
    expect(advertisement.metadata.namespace).toBe('lb');
    expect(advertisement.spec).toMatchObject({ ipAddressPools: ['public', 'reserved'] });
    for (const m of manifests) expect(crds.errors(m)).toEqual([]);
  });

  test('announceFrom picks the node labels of that role', () => {
    const profile: EnvironmentProfile = { ...BAREMETAL, loadBalancer: { ...BAREMETAL.loadBalancer!, announceFrom: 'app' } };
    const [advertisement] = ofKind(synth(profile).manifests, 'L2Advertisement');
    expect(advertisement.spec).toMatchObject({ nodeSelectors: [{ matchLabels: { 'node-role.shop/app': 'true' } }] });
  });

  test('names and labels follow the props', () => {
    const { manifests } = synth(BAREMETAL, { partOf: 'warehouse', advertisementName: 'edge-arp', labels: { team: 'platform' } });
    for (const m of manifests) {
      expect(m.metadata.labels).toEqual({ ...STANDARD_LABELS, 'app.kubernetes.io/part-of': 'warehouse', team: 'platform' });
    }
    expect(ofKind(manifests, 'L2Advertisement')[0].metadata.name).toBe('edge-arp');
    expect(ofKind(synth(BAREMETAL, { partOf: 'warehouse' }).manifests, 'L2Advertisement')[0].metadata.name).toBe('warehouse-l2');
  });
});

describe('MetalLbAddressPools validation', () => {
  /** Validation errors of the construct (Testing.synth would throw on them). */
  function errors(props: MetalLbAddressPoolsProps): string[] {
    const chart = new Chart(Testing.app(), 'baremetal');
    Environment.attach(chart, new Environment(BAREMETAL, { project: 'shop' }));
    return new MetalLbAddressPools(chart, 'MetalLb', props).node.validate();
  }

  test('valid props have no errors', () => {
    expect(errors({})).toEqual([]);
  });

  test('rejects an invalid advertisement name', () => {
    expect(errors({ advertisementName: 'Edge_L2' })).toEqual([expect.stringContaining('advertisementName "Edge_L2"')]);
  });

  test('rejects overriding a standard label and invalid label keys and values', () => {
    expect(errors({ labels: { 'app.kubernetes.io/managed-by': 'me', 'bad key': 'x', ok: 'not ok' } })).toEqual([
      expect.stringContaining('"app.kubernetes.io/managed-by" is set by the construct'),
      expect.stringContaining('"bad key" is not a valid label key'),
      expect.stringContaining('value "not ok"'),
    ]);
  });

  test('rejects an invalid partOf', () => {
    expect(errors({ partOf: 'shop floor', advertisementName: 'shop-l2' })).toEqual([expect.stringContaining('partOf "shop floor"')]);
  });

  test('App.synth fails on invalid props', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'baremetal');
    Environment.attach(chart, new Environment(BAREMETAL, { project: 'shop' }));
    new MetalLbAddressPools(chart, 'MetalLb', { advertisementName: '-bad-' });
    expect(() => app.synth()).toThrow(/advertisementName "-bad-"/);
  });

  test('throws outside an environment', () => {
    expect(() => new MetalLbAddressPools(Testing.chart(), 'MetalLb')).toThrow(ShipyardError);
  });
});

test('announcing interfaces from the profile reach the L2Advertisement', () => {
  const chart = new EnvironmentChart(new App(), 'site', { environment: new Environment({ ...BAREMETAL, loadBalancer: { ...BAREMETAL.loadBalancer!, interfaces: ['eno2'] } }, { project: 'shop' }) });
  const l2 = chart.toJson().find((o: { kind: string }) => o.kind === 'L2Advertisement');
  expect(l2.spec.interfaces).toEqual(['eno2']);
  expect(() => new Environment({ ...BAREMETAL, loadBalancer: { ...BAREMETAL.loadBalancer!, interfaces: ['not a nic'] } }, { project: 'shop' })).toThrow(/loadBalancer\.interfaces\[0\]/);
});
