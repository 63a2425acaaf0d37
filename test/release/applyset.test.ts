import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { applySetFlag, applySetId, containsGroupKinds, groupKind, planRelease } from '../../src/release';
import { renderAll } from '../../src/synth/synth';
import { shopEnvironments } from '../support/render';
import { layoutFiles, Manifest } from '../../src/synth/manifest-files';

describe('ApplySet id', () => {
  // The values of kubectl's own tests (kubernetes/kubectl pkg/cmd/apply/apply_test.go,
  // TestApplySetParentManagement, and testdata/apply/applyset-cr.yaml).
  test('matches kubectl for its default Secret parent (my-set in namespace test)', () => {
    expect(applySetId({ name: 'my-set', namespace: 'test', kind: 'Secret', group: '' })).toBe('applyset-0eFHV8ySqp7XoShsGvyWFQD3s96yqwHmzc4e0HR1dsY-v1');
  });
  test('matches kubectl for a cluster-scoped custom parent (ApplySet.company.com my-set)', () => {
    expect(applySetId({ name: 'my-set', namespace: '', kind: 'ApplySet', group: 'company.com' })).toBe('applyset-rhp1a-HVAVT_dFgyEygyA1BEB82HPp2o10UiFTpqtAs-v1');
  });
  test('is a valid label value (63 characters, alphanumeric ends)', () => {
    const id = applySetId({ name: 'applyset-shop-workloads', namespace: 'shop', kind: 'Secret', group: '' });
    expect(id.length).toBeLessThanOrEqual(63);
    expect(id).toMatch(/^[a-z0-9A-Z][-A-Za-z0-9_.]*[a-z0-9A-Z]$/);
  });
});

describe('contains-group-kinds', () => {
  test('is written as kubectl writes it: Kind for the core group, Kind.group otherwise, sorted, unique', () => {
    expect(groupKind('v1', 'Service')).toBe('Service');
    expect(groupKind('apps/v1', 'Deployment')).toBe('Deployment.apps');
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'v1', kind: 'Service' },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler' },
      { apiVersion: 'apps/v1', kind: 'Deployment' },
      { apiVersion: 'v1', kind: 'ConfigMap' },
    ];
    expect(containsGroupKinds(objects)).toBe('ConfigMap,Deployment.apps,HorizontalPodAutoscaler.autoscaling,Service');
  });
  test('the flag names kubectl resources of the built-in parents and refuses others', () => {
    expect(applySetFlag({ name: 'x', namespace: 'shop', kind: 'Secret', group: '' })).toBe('secrets/x');
    expect(applySetFlag({ name: 'x', namespace: 'shop', kind: 'ConfigMap', group: '' })).toBe('configmaps/x');
    expect(() => applySetFlag({ name: 'x', namespace: '', kind: 'ApplySet', group: 'company.com' })).toThrow(/built-in parents/);
  });
});

describe('release stages', () => {
  const outputs = renderAll(shopEnvironments(PLATFORM_PROFILES), shopPlatform);

  test('every environment: each stage is one namespace, no object is pre-labelled, every object is in exactly one stage', () => {
    for (const out of outputs) {
      const stages = out.release.stages;
      expect(stages.map((s) => s.stage)).toEqual(out.name === 'baremetal' ? ['config', 'data', 'migrations', 'workloads', 'metallb'] : ['config', 'data', 'migrations', 'workloads']);
      expect(stages.flatMap((s) => s.objects).length).toBe(out.objectCount);
      for (const s of stages) {
        for (const o of s.objects) if (o.metadata?.namespace) expect(o.metadata.namespace).toBe(s.namespace);
        expect(s.applySetId).toBe(applySetId({ name: `applyset-shop-${s.stage}`, namespace: s.namespace, kind: 'Secret', group: '' }));
      }
      expect(JSON.stringify(out.manifests)).not.toContain('applyset.kubernetes.io');
    }
    const metallb = outputs.find((o) => o.name === 'baremetal')!.release.stages.find((s) => s.stage === 'metallb')!;
    expect(metallb.namespace).toBe('metallb-system');
    expect(metallb.before.map((g) => g.resource)).toEqual(['deployment/controller']);
  });

  test('a stage spanning two namespaces is refused, naming the environment and the stage', () => {
    const cm = (ns: string): Manifest => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: ns } });
    expect(() => planRelease({ environment: 'site-b', project: 'shop', namespace: 'shop' }, layoutFiles([cm('shop'), cm('other')]))).toThrow(
      /environment "site-b": release stage "config" has objects in namespaces other, shop/,
    );
  });

  test('an object that already carries an ApplySet label is refused (kubectl would refuse it)', () => {
    const labelled: Manifest = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'shop', labels: { 'applyset.kubernetes.io/part-of': 'x' } } as Manifest['metadata'] };
    expect(() => planRelease({ environment: 'gke', project: 'shop', namespace: 'shop' }, layoutFiles([labelled]))).toThrow(
      /environment "gke": ConfigMap shop\/a: metadata.labels\["applyset.kubernetes.io\/part-of"\] is set/,
    );
  });
});
