import { ClusterContractError, checkClusterContract } from '../../src/contract';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { renderEnvironment } from '../../src/synth/synth';
import { shopEnvironment } from '../support/render';

/** Renders and returns the contract error synth throws (or fails the test when it passes). */
function contractError(profile: EnvironmentProfile): ClusterContractError {
  try {
    renderEnvironment(shopEnvironment(profile), shopPlatform);
  } catch (e) {
    if (e instanceof ClusterContractError) return e;
    throw e;
  }
  throw new Error(`environment "${profile.name}" synthesized although its cluster lacks a guarantee`);
}

describe.each(Object.keys(BUILTIN_PROFILES) as (keyof typeof BUILTIN_PROFILES)[])('cluster contract of %s', (name) => {
  const profile = BUILTIN_PROFILES[name];

  test('the built-in profile promises everything its manifests need', () => {
    expect(() => renderEnvironment(shopEnvironment(profile), shopPlatform)).not.toThrow();
  });

  test('NetworkPolicies need a CNI that enforces them', () => {
    // GKE without Dataplane V2 and with the network policy add-on off; kindnet elsewhere.
    const provider = profile.platform === 'gke' ? 'calico' : 'kindnet';
    const e = contractError({ ...profile, cluster: { ...profile.cluster, networkPolicy: { provider, enforced: false } } });
    expect(e.environment).toBe(name);
    expect(e.message).toMatch(new RegExp(`^environment "${name}": the cluster does not guarantee what its manifests need`));
    expect(e.message).toMatch(/NetworkPolicy enforcement \(cluster\.networkPolicy\): \d+ NetworkPolicies \(default-deny, .*\) are only protection if the CNI enforces them, and "(kindnet|calico)" is declared as not enforcing/);
    expect(contractError({ ...profile, cluster: { ...profile.cluster, networkPolicy: undefined } }).message).toMatch(/the profile names no enforcing CNI/);
  });

  test('an environment without any cluster guarantees fails on every kind it uses', () => {
    const e = contractError({ ...profile, cluster: undefined });
    const fields = e.missing.map((m) => m.field);
    expect(fields).toContain('cluster.networkPolicy');
    if (profile.secrets.mode === 'external-secrets') expect(fields).toContain('cluster.operators.externalSecrets');
    if (profile.loadBalancer) expect(fields).toContain('cluster.operators.metallb');
  });
});

describe('HPAs need a metrics source', () => {
  test.each(['staging', 'gke', 'baremetal'] as const)('%s', (name) => {
    const profile = BUILTIN_PROFILES[name];
    const e = contractError({ ...profile, cluster: { ...profile.cluster, metrics: undefined } });
    expect(e.missing).toEqual([
      expect.objectContaining({ guarantee: 'a metrics source for HPAs', field: 'cluster.metrics', message: expect.stringMatching(/^\d+ HorizontalPodAutoscalers \(checkout, .*\) scale on CPU metrics/) }),
    ]);
  });

  test('minikube without autoscaling has no HPA, so it needs none', () => {
    const profile = BUILTIN_PROFILES.minikube;
    expect(() => renderEnvironment(shopEnvironment({ ...profile, cluster: { ...profile.cluster, metrics: undefined } }), shopPlatform)).not.toThrow();
  });

  test('on bare metal the metrics-server image is declared (it goes into the site\'s mirror list)', () => {
    const profile = BUILTIN_PROFILES.baremetal;
    expect(() => shopEnvironment({ ...profile, cluster: { ...profile.cluster, metrics: { provider: 'metrics-server' } } })).toThrow(/cluster\.metrics\.image: is required for metrics-server/);
    expect(() => shopEnvironment({ ...profile, cluster: { ...profile.cluster, metrics: { provider: 'gke' } } })).toThrow(/cluster\.metrics\.provider: "gke" metrics only exist on the gke platform/);
  });
});

describe('operators the manifests need, at versions that serve their APIs', () => {
  test.each(['staging', 'gke', 'baremetal'] as const)('%s: External Secrets missing, then too old for external-secrets.io/v1', (name) => {
    const profile = BUILTIN_PROFILES[name];
    const missing = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, externalSecrets: undefined } } });
    expect(missing.message).toMatch(/the External Secrets Operator installed \(cluster\.operators\.externalSecrets\): \d+ .*ExternalSecret.* objects \(external-secrets\.io\/v1\) need the External Secrets Operator 0\.16\.2 or later, and the profile does not declare it/);
    const old = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, externalSecrets: '0.9.20' } } });
    expect(old.message).toMatch(/the External Secrets Operator serving external-secrets\.io\/v1 \(cluster\.operators\.externalSecrets\): .* first served by 0\.16\.2; the cluster runs 0\.9\.20/);
  });

  test('baremetal: MetalLB missing, then too old for the metallb.io/v1beta1 CRDs', () => {
    const profile = BUILTIN_PROFILES.baremetal;
    const missing = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, metallb: undefined } } });
    expect(missing.message).toMatch(/MetalLB installed \(cluster\.operators\.metallb\): 2 IPAddressPool, L2Advertisement objects \(metallb\.io\/v1beta1\) need MetalLB 0\.13\.0 or later/);
    const old = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, metallb: '0.12.1' } } });
    expect(old.missing.map((m) => m.guarantee)).toEqual(['MetalLB serving metallb.io/v1beta1']);
  });

  test('a malformed version is a profile error', () => {
    const profile = BUILTIN_PROFILES.baremetal;
    expect(() => shopEnvironment({ ...profile, cluster: { ...profile.cluster, operators: { metallb: 'latest' } } })).toThrow(/cluster\.operators\.metallb: "latest" is not a version like 0\.18\.2/);
  });

  test('checkClusterContract reads objects, not the platform: an unknown CRD group needs nothing', () => {
    const env = shopEnvironment(BUILTIN_PROFILES.gke);
    expect(checkClusterContract(env, [{ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }])).toEqual([]);
  });
});

describe('GKE network policy providers', () => {
  test('only GKE\'s own providers are accepted on gke', () => {
    const profile = BUILTIN_PROFILES.gke;
    expect(() => shopEnvironment({ ...profile, cluster: { ...profile.cluster, networkPolicy: { provider: 'cilium', enforced: true } } })).toThrow(
      /cluster\.networkPolicy\.provider: "cilium" is not a GKE network policy provider/,
    );
  });
});
