import { SharedVolume } from '../../src/constructs/shared-volume';
import { Worker } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { named } from '../support/render';

const image = { repository: 'shop-worker', tag: '1.0.0' };

describe('SharedVolume', () => {
  test('minimal props: a ReadWriteOnce claim on the tier\'s storage class, named after the construct', () => {
    const chart = testChart();
    const volume = new SharedVolume(chart, 'uploads', { tier: 'bulk', size: '50Gi' });
    expect(named(objectsOf(chart), 'PersistentVolumeClaim', 'uploads')!.spec).toEqual({
      accessModes: ['ReadWriteOnce'], storageClassName: BUILTIN_PROFILES.minikube.storage.bulk.name, resources: { requests: { storage: '50Gi' } },
    });
    expect(volume.claimName).toBe('uploads');
  });

  test('all props: its own name, the fast tier of the environment', () => {
    const chart = testChart(BUILTIN_PROFILES.gke);
    new SharedVolume(chart, 'data', { name: 'feed-cache', tier: 'fast', size: '1Ti' });
    const pvc = named(objectsOf(chart), 'PersistentVolumeClaim', 'feed-cache')!;
    expect(pvc.spec.storageClassName).toBe(BUILTIN_PROFILES.gke.storage.fast.name);
    expect(pvc.metadata.namespace).toBe(chart.environment.namespace);
  });

  test('mounted by one single-replica workload: valid, and that workload is recreated rather than rolled', () => {
    const chart = testChart(BUILTIN_PROFILES.gke);
    const volume = new SharedVolume(chart, 'uploads', { tier: 'bulk', size: '5Gi' });
    new Worker(chart, 'images', { image, replicas: 1, volumes: [{ volume, path: '/uploads' }] });
    expect(validationErrors(chart)).toEqual([]);
    expect(named(objectsOf(chart), 'Deployment', 'images')!.spec.strategy).toEqual({ type: 'Recreate' });
  });

  test('mounted by two workloads, or by one that can run several pods: fails validation', () => {
    const chart = testChart(BUILTIN_PROFILES.gke);
    const twice = new SharedVolume(chart, 'twice', { tier: 'bulk', size: '5Gi' });
    new Worker(chart, 'a', { image, replicas: 1, volumes: [{ volume: twice, path: '/x' }] });
    new Worker(chart, 'b', { image, replicas: 1, volumes: [{ volume: twice, path: '/x' }] });
    const scaled = new SharedVolume(chart, 'scaled', { tier: 'bulk', size: '5Gi' });
    new Worker(chart, 'c', { image, scalable: true, volumes: [{ volume: scaled, path: '/x' }] });
    expect(validationErrors(chart)).toEqual([
      'volume "twice" (ReadWriteOnce) is mounted by gke/a and gke/b; only one workload can mount it',
      'volume "scaled" (ReadWriteOnce) is mounted by gke/c, which can run 30 replicas; give that workload replicas: 1',
    ]);
  });
});
