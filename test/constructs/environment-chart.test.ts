import { App } from 'cdk8s';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { WebService } from '../../src/constructs/web-service';
import { ProfileValidationError } from '../../src/errors';
import { BUILTIN_PROFILES, Environment } from '../../src/profiles';
import { objectsOf } from '../support/chart';
import { named, ofKind } from '../support/render';

describe('EnvironmentChart with minimal props (minikube, project shop)', () => {
  const chart = new EnvironmentChart(new App(), 'minikube', { environment: new Environment(BUILTIN_PROFILES.minikube, { project: 'shop' }) });
  const objects = objectsOf(chart);

  test('a namespace enforcing Pod Security restricted, labelled with the project', () => {
    const ns = named(objects, 'Namespace', chart.environment.namespace)!;
    expect(ns.metadata.labels).toMatchObject({
      'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'shipyard-k8s',
      'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.28',
    });
    expect(chart.namespaceObject).toBeDefined();
  });

  test('both storage classes of the profile, a default-deny policy for both directions, no MetalLB', () => {
    expect(ofKind(objects, 'StorageClass').map((s) => [s.metadata.name, s.provisioner])).toEqual([
      [BUILTIN_PROFILES.minikube.storage.fast.name, BUILTIN_PROFILES.minikube.storage.fast.provisioner],
      [BUILTIN_PROFILES.minikube.storage.bulk.name, BUILTIN_PROFILES.minikube.storage.bulk.provisioner],
    ]);
    expect(named(objects, 'NetworkPolicy', 'default-deny')!.spec).toEqual({ podSelector: {}, policyTypes: ['Ingress', 'Egress'] });
    expect(ofKind(objects, 'IPAddressPool')).toHaveLength(0);
    expect(chart.metalLb).toBeUndefined();
  });

  test('constructs inside find the environment', () => {
    const api = new WebService(chart, 'api', { image: { repository: 'api', tag: '1' }, port: 8080 });
    expect(Environment.of(api)).toBe(chart.environment);
  });
});

describe('EnvironmentChart with all props (bare metal, another project and namespace)', () => {
  const environment = new Environment({ ...BUILTIN_PROFILES.baremetal, namespace: 'payments' }, { project: 'payments' });
  const chart = new EnvironmentChart(new App(), 'site-a', { environment });
  const objects = objectsOf(chart);

  test('the project and namespace label everything; MetalLB pools where the profile has a load balancer', () => {
    expect(named(objects, 'Namespace', 'payments')!.metadata.labels['app.kubernetes.io/part-of']).toBe('payments');
    expect(named(objects, 'NetworkPolicy', 'default-deny')!.metadata.namespace).toBe('payments');
    expect(ofKind(objects, 'IPAddressPool').map((p) => p.metadata.name)).toEqual(BUILTIN_PROFILES.baremetal.loadBalancer!.pools.map((p) => p.name));
    expect(ofKind(objects, 'L2Advertisement')).toHaveLength(1);
    expect(chart.metalLb).toBeDefined();
  });
});

describe('EnvironmentChart validation', () => {
  test('an invalid profile never reaches the chart: the Environment refuses it, naming the environment and field', () => {
    expect(() => new Environment({ ...BUILTIN_PROFILES.minikube, name: 'laptop', autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 2 } }, { project: 'shop' })).toThrow(ProfileValidationError);
    expect(() => new Environment({ ...BUILTIN_PROFILES.minikube, name: 'laptop', autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 2 } }, { project: 'shop' })).toThrow(/environment "laptop": invalid profile[\s\S]*autoscaling/);
  });

  test('a construct outside any EnvironmentChart is refused', () => {
    const app = new App();
    expect(() => new WebService(app, 'api', { image: { repository: 'api', tag: '1' }, port: 8080 })).toThrow(/api: not inside an EnvironmentChart/);
  });
});
