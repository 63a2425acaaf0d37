import * as yaml from 'js-yaml';
import { EnvironmentChart } from '../../src/constructs/environment-chart';
import { Prometheus, PrometheusProps } from '../../src/constructs/prometheus';
import { WebService } from '../../src/constructs/web-service';
import { Worker } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { checkInPod, CheckResult, expectAccepted } from '../support/config-check';
import { named, Obj } from '../support/render';

const image = (repository: string) => ({ repository, tag: '1.0.0' });
const services = (chart: EnvironmentChart) => ({
  web: new WebService(chart, 'web', { image: image('shop-web'), port: 8080 }),
  api: new WebService(chart, 'api', { image: image('shop-api'), port: 8081, servicePort: 80 }),
});

/** `promtool check config` on the file the container's command names. */
function promtool(objects: Obj[], workload = 'prometheus'): CheckResult {
  const command: string[] = named(objects, 'Deployment', workload)!.spec.template.spec.containers[0].command;
  const file = command.find((a) => a.startsWith('--config.file='))!.split('=')[1];
  return checkInPod({ objects, workload, command: ['promtool', 'check', 'config', file] });
}

describe('Prometheus with minimal props', () => {
  const chart = testChart();
  const prometheus = new Prometheus(chart, 'prometheus');
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'prometheus')!;
  const container = deployment.spec.template.spec.containers[0];

  test('runs prom/prometheus with its full command, one replica, on its own claim', () => {
    expect(container.image).toMatch(/\/prom\/prometheus:v2\.54\.1$/);
    expect(container.command).toEqual([
      '/bin/prometheus', '--config.file=/etc/prometheus/prometheus.yml', '--storage.tsdb.path=/prometheus',
      '--storage.tsdb.retention.time=15d', '--web.listen-address=:9090',
    ]);
    expect(deployment.spec.replicas).toBe(1);
    expect(deployment.spec.strategy).toEqual({ type: 'Recreate' });
    expect(named(objects, 'PersistentVolumeClaim', 'prometheus-data')!.spec).toMatchObject({
      storageClassName: chart.environment.storageClass('bulk'), resources: { requests: { storage: '50Gi' } },
    });
    expect(container.volumeMounts).toEqual(expect.arrayContaining([
      { name: 'config-0', mountPath: '/etc/prometheus', readOnly: true },
      { name: 'data-0', mountPath: '/prometheus' },
    ]));
    expect(prometheus.data.claimName).toBe('prometheus-data');
  });

  test('scrapes itself, labels series with the environment; probes on /-/ready and /-/healthy', () => {
    expect(yaml.load(prometheus.prometheusConfig)).toEqual({
      global: { scrape_interval: '30s', evaluation_interval: '30s', external_labels: { environment: 'minikube' } },
      scrape_configs: [{ job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] }],
    });
    expect(named(objects, 'ConfigMap', 'prometheus-config')!.data).toEqual({ 'prometheus.yml': prometheus.prometheusConfig });
    expect(container.readinessProbe.httpGet).toEqual({ path: '/-/ready', port: 'http' });
    expect(container.livenessProbe.httpGet).toEqual({ path: '/-/healthy', port: 'http' });
    expect(container.securityContext.runAsUser).toBe(65534);
  });

  test('promtool accepts the config', () => {
    expectAccepted(promtool(objects));
  });
});

describe('Prometheus with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.gke);
  const { web, api } = services(chart);
  const props: PrometheusProps = {
    name: 'metrics',
    version: 'v2.49.0',
    port: 9091,
    targets: [{ endpoint: web }, { endpoint: api, metricsPath: '/internal/metrics', jobName: 'shop-api', interval: '15s' }],
    scrapeInterval: '1m',
    retention: '30d',
    storage: { tier: 'fast', size: '100Gi' },
    resources: { cpu: '1', memory: '2Gi', memoryLimit: '4Gi' },
  };
  const prometheus = new Prometheus(chart, 'prometheus', props);
  new Worker(chart, 'reporter', { image: image('reporter'), talksTo: [prometheus] });
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'metrics')!.spec.template.spec.containers[0];

  test('one job per target on its Service name and port, with its path and interval', () => {
    expect(yaml.load(prometheus.prometheusConfig)).toEqual({
      global: { scrape_interval: '1m', evaluation_interval: '1m', external_labels: { environment: 'gke' } },
      scrape_configs: [
        { job_name: 'prometheus', static_configs: [{ targets: ['localhost:9091'] }] },
        { job_name: 'web', metrics_path: '/metrics', static_configs: [{ targets: ['web:8080'] }] },
        { job_name: 'shop-api', scrape_interval: '15s', metrics_path: '/internal/metrics', static_configs: [{ targets: ['api:80'] }] },
      ],
    });
  });

  test('every other prop reaches the pod; targets admit Prometheus', () => {
    expect(container.image).toMatch(/:v2\.49\.0$/);
    expect(container.command).toContain('--storage.tsdb.retention.time=30d');
    expect(container.command).toContain('--web.listen-address=:9091');
    expect(container.ports).toEqual([{ name: 'http', containerPort: 9091, protocol: 'TCP' }]);
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '4Gi' } });
    expect(named(objects, 'PersistentVolumeClaim', 'metrics-data')!.spec.storageClassName).toBe(chart.environment.storageClass('fast'));
    expect(named(objects, 'ConfigMap', 'metrics-config')).toBeDefined();
    expect(web.clientNames).toEqual(['metrics']);
    expect(api.clientNames).toEqual(['metrics']);
    expect(validationErrors(chart)).toEqual([]);
  });

  test('promtool accepts the config', () => {
    expectAccepted(promtool(objects, 'metrics'));
  });

  test('a config broken on purpose fails with promtool\'s own message', () => {
    const broken = objects.map((o) =>
      o.kind === 'ConfigMap' && o.metadata.name === 'metrics-config' ? { ...o, data: { 'prometheus.yml': o.data['prometheus.yml'].replace('scrape_interval: 15s', 'scrape_interval: soon') } } : o,
    );
    const result = promtool(broken, 'metrics');
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/not a valid duration string: "soon"/);
    expect(() => expectAccepted(result)).toThrow(/promtool check config .* refused the configuration[\s\S]*soon/);
  });
});

describe('Prometheus props validation', () => {
  const attempt = (props: (s: ReturnType<typeof services>) => PrometheusProps) => () => {
    const chart = testChart();
    new Prometheus(chart, 'prometheus', props(services(chart)));
  };
  type S = ReturnType<typeof services>;
  test.each([
    ['a scrape interval Prometheus cannot read', () => ({ scrapeInterval: '30 seconds' }), /scrapeInterval: "30 seconds" is not a Prometheus duration/],
    ['a retention Prometheus cannot read', () => ({ retention: '2 weeks' }), /retention: "2 weeks" is not a Prometheus duration/],
    ['two jobs with one name', (s: S) => ({ targets: [{ endpoint: s.web }, { endpoint: s.api, jobName: 'web' }] }), /targets\[1\]\.jobName: job "web" is already used/],
    ['a job called prometheus', (s: S) => ({ targets: [{ endpoint: s.web, jobName: 'prometheus' }] }), /targets\[0\]\.jobName: job "prometheus" is already used/],
    ['a metrics path without a slash', (s: S) => ({ targets: [{ endpoint: s.web, metricsPath: 'metrics' }] }), /targets\[0\]\.metricsPath: "metrics" must be a path/],
    ['a bad per-job interval', (s: S) => ({ targets: [{ endpoint: s.web, interval: '1h30' }] }), /targets\[0\]\.interval: "1h30" is not a Prometheus duration/],
  ])('refuses %s, naming the environment, construct path and field', (_what, props, message) => {
    expect(attempt(props)).toThrow(message);
    expect(attempt(props)).toThrow(/^environment "minikube": minikube\/prometheus: /);
  });
});
