import { ApiObject, JsonPatch } from 'cdk8s';
import { AppConfig } from '../../src/constructs/app-config';
import { MySqlDatabase } from '../../src/constructs/mysql-database';
import { SecretReference } from '../../src/constructs/secret-reference';
import { SharedVolume } from '../../src/constructs/shared-volume';
import { WebService } from '../../src/constructs/web-service';
import { Worker } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart } from '../support/chart';
import { named } from '../support/render';

/** What a construct creates is reachable as a field, so cdk8s escape hatches (JSON patches, ApiObject.of) work on it. */
describe('created objects are public fields', () => {
  test('a scalable WebService on staging: Deployment, Service, HPA, PDB, NetworkPolicy; a patch reaches the output', () => {
    const chart = testChart(BUILTIN_PROFILES.staging);
    const api = new WebService(chart, 'api', { image: { repository: 'api', tag: '1.0.0' }, port: 8080 });
    new Worker(chart, 'client', { image: { repository: 'client', tag: '1' }, talksTo: [api] });
    expect([api.deployment?.kind, api.service?.kind, api.autoscaler?.kind, api.disruptionBudget?.kind, api.networkPolicy?.kind]).toEqual([
      'Deployment',
      'Service',
      'HorizontalPodAutoscaler',
      'PodDisruptionBudget',
      'NetworkPolicy',
    ]);
    expect(api.statefulSet).toBeUndefined();
    api.deployment!.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', 'checkout-critical'));
    ApiObject.of(api.service!).metadata.addAnnotation('example.com/owner', 'payments');
    const objects = objectsOf(chart);
    expect(named(objects, 'Deployment', 'api')!.spec.template.spec.priorityClassName).toBe('checkout-critical');
    expect(named(objects, 'Service', 'api')!.metadata.annotations).toEqual({ 'example.com/owner': 'payments' });
  });

  test('a fixed worker has no HPA, PDB or Service; its NetworkPolicy governs egress only', () => {
    const worker = new Worker(testChart(), 'jobs', { image: { repository: 'jobs', tag: '1' } });
    expect(worker.deployment?.kind).toBe('Deployment');
    expect([worker.autoscaler, worker.disruptionBudget, worker.service]).toEqual([undefined, undefined, undefined]);
    expect(worker.networkPolicy.kind).toBe('NetworkPolicy');
  });

  test('the in-cluster database is a StatefulSet; on Cloud SQL the construct holds the Workload Identity service account', () => {
    const local = new MySqlDatabase(testChart(), 'db');
    expect(local.endpoint?.statefulSet?.kind).toBe('StatefulSet');
    expect(local.serviceAccount).toBeUndefined();
    const cloud = new MySqlDatabase(testChart(BUILTIN_PROFILES.gke), 'db');
    expect(cloud.endpoint).toBeUndefined();
    expect(cloud.serviceAccount?.name).toBe('shop-app');
  });

  test('config, secrets, volumes and the chart expose their objects', () => {
    const chart = testChart(BUILTIN_PROFILES.staging);
    expect(new AppConfig(chart, 'cfg', { data: { a: 'b' } }).configMap.name).toBe('cfg');
    expect(new SecretReference(chart, 'mail', { keys: ['password'] }).resource.kind).toBe('ExternalSecret');
    expect(new SecretReference(testChart(), 'mail', { keys: ['password'] }).resource.kind).toBe('Secret');
    expect(new SharedVolume(chart, 'uploads', { tier: 'bulk', size: '1Gi' }).claim.kind).toBe('PersistentVolumeClaim');
    expect([chart.namespaceObject.name, chart.defaultDeny.kind, chart.storageClasses.map((s) => s.name)]).toEqual(['shop', 'NetworkPolicy', ['shop-fast', 'shop-bulk']]);
  });
});
