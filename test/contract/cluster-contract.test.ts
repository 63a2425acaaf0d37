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

describe('the Kubernetes release the manifests need', () => {
  // Every pod on Cloud SQL (six workloads and the migration Job) runs the proxy as a native sidecar (an init container with restartPolicy: Always).
  test.each(['staging', 'gke'] as const)('%s: a native sidecar needs 1.29; an older or undeclared cluster fails synth', (name) => {
    const profile = BUILTIN_PROFILES[name];
    const old = contractError({ ...profile, cluster: { ...profile.cluster, kubernetesVersion: '1.28' } });
    expect(old.missing).toEqual([
      {
        guarantee: 'Kubernetes 1.29 or later',
        field: 'cluster.kubernetesVersion',
        message: expect.stringMatching(/^7 objects \([\w-]+, [\w-]+, [\w-]+, …\) use native sidecar containers .* since Kubernetes 1\.29, and the cluster is declared as 1\.28: an older API server drops restartPolicy/),
      },
    ]);
    const undeclared = contractError({ ...profile, cluster: { ...profile.cluster, kubernetesVersion: undefined } });
    expect(undeclared.message).toMatch(/the cluster is not declared newer than 1\.28/);
    expect(() => renderEnvironment(shopEnvironment({ ...profile, cluster: { ...profile.cluster, kubernetesVersion: '1.29' } }), shopPlatform)).not.toThrow();
  });

  test('minikube and bare metal (in-cluster MySQL, no sidecar) need nothing newer than 1.28', () => {
    for (const profile of [BUILTIN_PROFILES.minikube, BUILTIN_PROFILES.baremetal]) {
      expect(profile.cluster?.kubernetesVersion).toBeUndefined();
      expect(() => renderEnvironment(shopEnvironment(profile), shopPlatform)).not.toThrow();
    }
  });

  test('a CronJob and a bare Pod are read too; a malformed release is a profile error', () => {
    const env = shopEnvironment({ ...BUILTIN_PROFILES.minikube, cluster: { ...BUILTIN_PROFILES.minikube.cluster, kubernetesVersion: '1.28' } });
    const sidecar = { initContainers: [{ name: 'proxy', image: 'p:1', restartPolicy: 'Always' }], containers: [{ name: 'a', image: 'a:1' }] };
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' }, spec: { jobTemplate: { spec: { template: { spec: sidecar } } } } };
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'debug' }, spec: sidecar };
    expect(checkClusterContract(env, [cron, pod] as never)[0].message).toMatch(/^2 objects \(nightly, debug\)/);
    expect(() => shopEnvironment({ ...BUILTIN_PROFILES.gke, cluster: { ...BUILTIN_PROFILES.gke.cluster, kubernetesVersion: 'v1.30.2' } })).toThrow(
      /cluster\.kubernetesVersion: "v1\.30\.2" is not a Kubernetes release like 1\.30/,
    );
  });
});

describe('the GitOps controller the release is handed to', () => {
  test('bare metal: Flux objects need Flux, and its OCIRepository v1 needs Flux 2.6.0', () => {
    const profile = BUILTIN_PROFILES.baremetal;
    const missing = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, flux: undefined } } });
    expect(missing.missing).toEqual([
      expect.objectContaining({ guarantee: 'Flux installed', field: 'cluster.operators.flux', message: expect.stringMatching(/OCIRepository, Kustomization objects \(source\.toolkit\.fluxcd\.io\/v1\) need Flux 2\.6\.0 or later/) }),
    ]);
    const old = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, flux: '2.5.1' } } });
    expect(old.message).toMatch(/Flux serving source\.toolkit\.fluxcd\.io\/v1 \(cluster\.operators\.flux\): .* first served by 2\.6\.0; the cluster runs 2\.5\.1/);
  });

  test('a git source needs only Flux 2.0.0 (GitRepository and Kustomization v1)', () => {
    const profile = BUILTIN_PROFILES.baremetal;
    const git = { ...profile, gitops: { source: { kind: 'git' as const, url: 'https://git.warehouse.local/ops/shop.git' }, flux: true }, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, flux: '2.0.0' } } };
    expect(() => renderEnvironment(shopEnvironment(git), shopPlatform)).not.toThrow();
  });

  test.each(['staging', 'gke'] as const)('%s: the Argo CD Application needs Argo CD declared', (name) => {
    const profile = BUILTIN_PROFILES[name];
    const e = contractError({ ...profile, cluster: { ...profile.cluster, operators: { ...profile.cluster?.operators, argoCd: undefined } } });
    expect(e.missing.map((m) => [m.field, m.guarantee])).toEqual([['cluster.operators.argoCd', 'Argo CD installed']]);
  });

  test('an ApplicationSet (bare-metal fleet) needs Argo CD 2.8.0 for goTemplateOptions', () => {
    const base = BUILTIN_PROFILES.baremetal;
    const site = (argoCd: string): EnvironmentProfile => ({
      ...base, name: 'site-b', gitops: { source: { kind: 'git', url: 'https://git.warehouse.local/ops/shop.git' }, argoCd: true },
      cluster: { ...base.cluster, operators: { ...base.cluster?.operators, argoCd } },
    });
    expect(contractError(site('2.7.14')).message).toMatch(/Argo CD serving argoproj\.io\/v1alpha1 \(cluster\.operators\.argoCd\): 1 ApplicationSet objects .* first served by 2\.8\.0; the cluster runs 2\.7\.14/);
    expect(() => renderEnvironment(shopEnvironment(site('2.8.0')), shopPlatform)).not.toThrow();
  });

  test('no GitOps, no controller needed', () => {
    const profile = BUILTIN_PROFILES.gke;
    expect(() => renderEnvironment(shopEnvironment({ ...profile, gitops: undefined, cluster: { ...profile.cluster, operators: { externalSecrets: '0.18.2' } } }), shopPlatform)).not.toThrow();
  });
});
