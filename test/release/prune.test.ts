import { applySetId, pruneEffects, ReleaseManifest, ReleaseObject } from '../../src/release';

const obj = (kind: string, name: string, stage: string, apiVersion = 'v1', namespace: string | undefined = 'shop'): ReleaseObject => ({
  apiVersion, kind, name, stage, sha256: 'sha256:x', ...(namespace ? { namespace } : {}),
});

function release(objects: ReleaseObject[], stages: string[] = ['config', 'workloads']): ReleaseManifest {
  const gk = (o: ReleaseObject) => (o.apiVersion.includes('/') ? `${o.kind}.${o.apiVersion.split('/')[0]}` : o.kind);
  return {
    format: 'shipyard-k8s/release/v1', environment: 'gke', platform: 'gke', namespace: 'shop', contentHash: 'sha256:x', files: [], images: [], objects,
    applySets: stages.map((stage) => ({
      stage, files: [], parent: `secrets/applyset-shop-${stage}`, namespace: 'shop',
      id: applySetId({ name: `applyset-shop-${stage}`, namespace: 'shop', kind: 'Secret', group: '' }),
      containsGroupKinds: [...new Set(objects.filter((o) => o.stage === stage).map(gk))].sort().join(','),
    })),
  };
}

describe('pruneEffects (kubectl ApplySet prune)', () => {
  test('a workload switched from an HPA to fixed replicas loses its HPA, though no HPA is left in the release', () => {
    const deploy = obj('Deployment', 'web', 'workloads', 'apps/v1');
    const hpa = obj('HorizontalPodAutoscaler', 'web', 'workloads', 'autoscaling/v2');
    const effects = pruneEffects(release([deploy, hpa]), release([deploy]));
    expect(effects).toEqual([{ object: hpa, stage: 'workloads', effect: 'pruned' }]);
  });

  test('an object moved to a later stage is deleted by the earlier stage and created again; moved earlier, it is relabelled first', () => {
    const later = pruneEffects(release([obj('ConfigMap', 'a', 'config')]), release([obj('ConfigMap', 'a', 'workloads')]));
    expect(later.map((e) => e.effect)).toEqual(['recreated']);
    expect(pruneEffects(release([obj('ConfigMap', 'a', 'workloads')]), release([obj('ConfigMap', 'a', 'config')]))).toEqual([]);
  });

  test('removed with its whole stage: nothing applies that set any more, so nothing prunes it', () => {
    const job = obj('Job', 'migrate-1', 'migrations', 'batch/v1');
    const effects = pruneEffects(release([job], ['config', 'migrations', 'workloads']), release([], ['config', 'workloads']));
    expect(effects).toEqual([{ object: job, stage: 'migrations', effect: 'kept' }]);
  });

  test('unchanged objects and cluster-scoped members are not pruned', () => {
    const ns = obj('Namespace', 'shop', 'config', 'v1', undefined);
    expect(pruneEffects(release([ns, obj('ConfigMap', 'a', 'config')]), release([ns, obj('ConfigMap', 'a', 'config')]))).toEqual([]);
    expect(pruneEffects(release([ns]), release([])).map((e) => e.effect)).toEqual(['pruned']);
  });
});
