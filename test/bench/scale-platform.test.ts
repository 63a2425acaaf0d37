import { Testing } from 'cdk8s';
import { EnvironmentChart } from '../../src/constructs/environment-chart/environment-chart';
import { Workload } from '../../src/constructs/workload/workload';
import { renderAll } from '../../src/synth/synth';
import { isWorker, ScalePlatform, scalePlatform, scaleProfiles, serviceName } from '../../bench/scale-platform';
import { shopEnvironment, shopEnvironments } from '../support/render';

// The scale benchmark's generator (bench/scale-platform.ts): correctness only, no timing.
describe('scale platform generator', () => {
  test('builds N services: WebServices and, every fourth, Workers', () => {
    const chart = new EnvironmentChart(Testing.app(), 'minikube', { environment: shopEnvironment(scaleProfiles(10)[0]) });
    const platform = new ScalePlatform(chart, 'shop', 10);
    expect(platform.services).toHaveLength(10);
    expect(platform.services.map((s) => (s as Workload).workloadName)).toEqual(Array.from({ length: 10 }, (_, i) => serviceName(i)));
    expect(platform.services.filter((_, i) => isWorker(i))).toHaveLength(2);
  });

  test('renderAll passes the whole gate (constructs, schema, policy, capacity) for 10 services in all four environments', () => {
    const outputs = renderAll(shopEnvironments(scaleProfiles(10)), scalePlatform(10));
    expect(outputs.map((o) => o.name)).toEqual(['minikube', 'staging', 'gke', 'baremetal']);
    for (const o of outputs) {
      const deployments = o.manifests.filter((m) => m.kind === 'Deployment' && /^svc-\d{4}$/.test(m.metadata?.name ?? ''));
      expect(deployments).toHaveLength(10);
      expect(o.manifests.filter((m) => m.kind === 'ConfigMap' && /^svc-\d{4}-config$/.test(m.metadata?.name ?? ''))).toHaveLength(10);
      if (o.capacity.checked) expect(o.capacity.fits).toBe(true);
    }
  });

  test('small N still gives every data service a client', () => {
    for (const n of [1, 2, 3]) expect(() => renderAll(shopEnvironments(scaleProfiles(n).slice(0, 1)), scalePlatform(n))).not.toThrow();
  });

  test('node groups grow with N; profiles without node groups are unchanged', () => {
    const [minikube, staging] = scaleProfiles(1000);
    expect(minikube.placement).toBeUndefined();
    expect(staging.placement!.nodeGroups![0].maxNodes).toBe(4 * 250);
  });
});
