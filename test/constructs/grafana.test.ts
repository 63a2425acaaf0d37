import * as yaml from 'js-yaml';
import { Grafana, GrafanaProps } from '../../src/constructs/grafana';
import { Prometheus } from '../../src/constructs/prometheus';
import { SecretReference } from '../../src/constructs/secret-reference';
import { objectsOf, testChart } from '../support/chart';
import { named, Obj } from '../support/render';

/**
 * Grafana is not packaged by Debian, so no test runs it on its provisioning file: the file is
 * YAML made by js-yaml from the Prometheus workload, and its fields are asserted here.
 */
function setup(props: Partial<GrafanaProps> = {}) {
  const chart = testChart();
  const prometheus = new Prometheus(chart, 'prometheus', { port: 9095 });
  const secret = new SecretReference(chart, 'grafana-credentials', { name: 'grafana', keys: ['admin-password'] });
  const grafana = new Grafana(chart, 'grafana', { prometheus, adminPassword: { secret, key: 'admin-password' }, ...props });
  const objects = objectsOf(chart);
  return { chart, grafana, prometheus, objects };
}
const mainContainer = (objects: Obj[], name: string) => named(objects, 'Deployment', name)!.spec.template.spec.containers[0];

describe('Grafana with minimal props', () => {
  const { grafana, prometheus, objects } = setup();
  const container = mainContainer(objects, 'grafana');

  test('provisions the Prometheus it is given as the default data source, by Service name and port', () => {
    expect(yaml.load(grafana.datasourcesConfig)).toEqual({
      apiVersion: 1,
      datasources: [{ name: 'Prometheus', type: 'prometheus', uid: 'prometheus', access: 'proxy', url: 'http://prometheus:9095', isDefault: true, editable: false }],
    });
    expect(named(objects, 'ConfigMap', 'grafana-datasources')!.data).toEqual({ 'datasources.yaml': grafana.datasourcesConfig });
    expect(container.volumeMounts).toContainEqual({ name: 'config-0', mountPath: '/etc/grafana/provisioning/datasources', readOnly: true });
    expect(prometheus.clientNames).toEqual(['grafana']);
  });

  test('admin password from the Secret, logs to stdout, database on its own claim, one replica', () => {
    expect(container.env).toEqual([
      { name: 'GF_SERVER_HTTP_PORT', value: '3000' },
      { name: 'GF_LOG_MODE', value: 'console' },
      { name: 'GF_SECURITY_ADMIN_PASSWORD', valueFrom: { secretKeyRef: { name: 'grafana', key: 'admin-password' } } },
    ]);
    expect(container.image).toMatch(/\/grafana\/grafana:10\.4\.2$/);
    expect(container.securityContext.runAsUser).toBe(472);
    expect(container.readinessProbe.httpGet).toEqual({ path: '/api/health', port: 'http' });
    expect(container.volumeMounts).toContainEqual({ name: 'data-0', mountPath: '/var/lib/grafana' });
    expect(named(objects, 'PersistentVolumeClaim', 'grafana-data')!.spec.resources.requests.storage).toBe('5Gi');
    expect(named(objects, 'Deployment', 'grafana')!.spec.replicas).toBe(1);
  });
});

describe('Grafana with all props', () => {
  const { objects } = setup({ name: 'dashboards', version: '10.4.1', port: 3300, rootUrl: 'https://ops.shop.test/', storageSize: '10Gi', resources: { cpu: '250m', memory: '256Mi' } });
  const container = mainContainer(objects, 'dashboards');

  test('every prop reaches the pod', () => {
    expect(container.image).toMatch(/:10\.4\.1$/);
    expect(container.ports).toEqual([{ name: 'http', containerPort: 3300, protocol: 'TCP' }]);
    expect(container.env).toContainEqual({ name: 'GF_SERVER_HTTP_PORT', value: '3300' });
    expect(container.env).toContainEqual({ name: 'GF_SERVER_ROOT_URL', value: 'https://ops.shop.test/' });
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } });
    expect(named(objects, 'PersistentVolumeClaim', 'dashboards-data')!.spec.resources.requests.storage).toBe('10Gi');
    expect(named(objects, 'ConfigMap', 'dashboards-datasources')).toBeDefined();
    expect(named(objects, 'Service', 'dashboards')!.spec.ports[0].port).toBe(3300);
  });
});

describe('Grafana props validation', () => {
  test.each(['ops.shop.test', 'https://ops.shop.test', 'ftp://ops.shop.test/'])('refuses the root URL %s, naming the environment, path and field', (rootUrl) => {
    expect(() => setup({ rootUrl })).toThrow(new RegExp(`^environment "minikube": minikube/grafana: rootUrl: "${rootUrl.replace(/[./]/g, '\\$&')}" must be an http\\(s\\) URL ending in /`));
  });
});
