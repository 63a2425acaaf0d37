import { AppConfig } from '../../src/constructs/app-config';
import { MySqlDatabase } from '../../src/constructs/mysql-database';
import { Probe } from '../../src/constructs/workload';
import { SecretReference } from '../../src/constructs/secret-reference';
import { SharedVolume } from '../../src/constructs/shared-volume';
import { WebService, WebServiceProps } from '../../src/constructs/web-service';
import { Worker } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { named, Obj } from '../support/render';

const image = { repository: 'shop-api', tag: '1.0.0' };

describe('WebService with minimal props (minikube: no autoscaling)', () => {
  const chart = testChart();
  const api = new WebService(chart, 'api', { image, port: 8080 });
  new Worker(chart, 'client', { image: { repository: 'client', tag: '1' }, talksTo: [api] });
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'api')!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers[0];

  test('a Deployment with the restricted security defaults and the image from the profile registry', () => {
    expect(container.image).toBe(`${chart.environment.profile.registry}/shop-api:1.0.0`);
    expect(container.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } });
    expect(container.volumeMounts).toEqual([{ name: 'scratch-0', mountPath: '/tmp' }]);
  });

  test('TCP readiness and liveness on the port; a ClusterIP Service; fixed replicas without HPA or PDB', () => {
    expect(container.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 10 });
    expect(container.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 });
    expect(named(objects, 'Service', 'api')!.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'http', port: 8080, targetPort: 'http' }] });
    expect(deployment.spec.replicas).toBe(1);
    expect(named(objects, 'HorizontalPodAutoscaler', 'api')).toBeUndefined();
    expect(named(objects, 'PodDisruptionBudget', 'api')).toBeUndefined();
  });

  test('the NetworkPolicy admits exactly the workloads that talk to it', () => {
    expect(named(objects, 'NetworkPolicy', 'api')!.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'client', 'app.kubernetes.io/part-of': 'shop' } } }], ports: [{ port: 'http', protocol: 'TCP' }] },
    ]);
    expect(api.clientNames).toEqual(['client']);
    expect(api.healthPath).toBeUndefined();
  });
});

describe('WebService with all props (gke: autoscaling, Cloud SQL)', () => {
  const chart = testChart(BUILTIN_PROFILES.gke);
  const db = new MySqlDatabase(chart, 'database');
  const config = new AppConfig(chart, 'api-config', { data: { MODE: 'strict', 'app.ini': '[app]\n' } });
  const secret = new SecretReference(chart, 'payments', { keys: ['api-key'] });
  const volume = new SharedVolume(chart, 'uploads', { tier: 'bulk', size: '5Gi' });
  const backend = new WebService(chart, 'backend', { image, port: 8080 });
  const props: WebServiceProps = {
    name: 'shop-api', image, port: 8081, servicePort: 80, portName: 'web', healthPath: '/healthz',
    command: ['/app/server'], args: ['--verbose'], env: { LOG_LEVEL: 'debug' }, envFrom: [config],
    secretEnv: { API_KEY: { secret, key: 'api-key' } }, configMounts: [{ config, path: '/etc/app' }], secretMounts: [{ secret, path: '/etc/secrets' }],
    volumes: [{ volume, path: '/data', readOnly: true }], writablePaths: ['/tmp', '/var/cache/app'],
    resources: { cpu: '300m', memory: '256Mi', memoryLimit: '1Gi', cpuLimit: '2' },
    readiness: Probe.http('/ready', 'web', { periodSeconds: 5 }), liveness: Probe.http('/live', 'web'), startup: Probe.tcp('web', { failureThreshold: 30 }),
    role: 'app', runAsUser: 2000, database: db, talksTo: [backend], scalable: true, component: 'api', terminationGracePeriodSeconds: 45,
  };
  const api = new WebService(chart, 'api', props);
  new Worker(chart, 'client', { image: { repository: 'client', tag: '1' }, talksTo: [api] });
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'shop-api')!;
  const pod = deployment.spec.template.spec;
  const container = pod.containers.find((c: Obj) => c.name === 'shop-api');

  test('command, env, secrets, config and volume mounts reach the container', () => {
    expect(container.command).toEqual(['/app/server']);
    expect(container.args).toEqual(['--verbose']);
    expect(container.env.map((e: Obj) => e.name)).toEqual(['LOG_LEVEL', 'DB_HOST', 'DB_PORT', 'DB_NAME', 'DB_USER', 'DB_PASSWORD', 'API_KEY']);
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'api-config' } }]);
    expect(container.volumeMounts).toEqual([
      { name: 'scratch-0', mountPath: '/tmp' }, { name: 'scratch-1', mountPath: '/var/cache/app' },
      { name: 'config-0', mountPath: '/etc/app', readOnly: true }, { name: 'secret-0', mountPath: '/etc/secrets', readOnly: true },
      { name: 'data-0', mountPath: '/data', readOnly: true },
    ]);
    expect(container.resources).toEqual({ requests: { cpu: '300m', memory: '256Mi' }, limits: { memory: '1Gi', cpu: '2' } });
  });

  test('probes, user, grace period, labels and the Cloud SQL proxy sidecar', () => {
    expect(container.readinessProbe).toEqual({ httpGet: { path: '/ready', port: 'web' }, periodSeconds: 5 });
    expect(container.livenessProbe).toEqual({ httpGet: { path: '/live', port: 'web' } });
    expect(container.startupProbe).toEqual({ tcpSocket: { port: 'web' }, failureThreshold: 30 });
    expect(container.securityContext.runAsUser).toBe(2000);
    expect(pod.terminationGracePeriodSeconds).toBe(45);
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('api');
    // The proxy is a native sidecar: up before the app, stopped after it (the app keeps its database while draining).
    expect(pod.containers.map((c: Obj) => c.name)).toEqual(['shop-api']);
    expect(pod.initContainers.map((c: Obj) => [c.name, c.restartPolicy])).toEqual([['cloud-sql-proxy', 'Always']]);
    expect(container.lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
    expect(pod.serviceAccountName).toBeDefined();
  });

  test('the Service maps its port to the named container port; scalable means an HPA, a PDB and spread', () => {
    expect(named(objects, 'Service', 'shop-api')!.spec.ports).toEqual([{ name: 'web', port: 80, targetPort: 'web', protocol: 'TCP' }]);
    expect(named(objects, 'HorizontalPodAutoscaler', 'shop-api')!.spec).toMatchObject({ minReplicas: 3, maxReplicas: 30 });
    expect(deployment.spec.replicas).toBeUndefined();
    expect(named(objects, 'PodDisruptionBudget', 'shop-api')!.spec.maxUnavailable).toBe(1);
    expect(pod.topologySpreadConstraints).toHaveLength(1);
    expect(backend.clientNames).toEqual(['shop-api']);
    expect(api.healthPath).toBe('/healthz');
  });

  test('a ReadWriteOnce volume on a scalable service fails validation, naming the volume', () => {
    expect(validationErrors(chart)).toEqual(['volume "uploads" (ReadWriteOnce) is mounted by gke/api, which can run 30 replicas; give that workload replicas: 1']);
  });
});

describe('WebService validation', () => {
  test('runAsUser 0 is refused', () => {
    expect(() => new WebService(testChart(), 'api', { image, port: 8080, runAsUser: 0 })).toThrow(/minikube\/api: runAsUser must not be 0/);
  });

  test('a service nobody talks to fails validation: its NetworkPolicy would admit nothing', () => {
    const chart = testChart();
    new WebService(chart, 'api', { image, port: 8080 });
    expect(validationErrors(chart)).toEqual(['"api" serves port 8080 but no workload talks to it: its NetworkPolicy admits nothing (add it to a client\'s talksTo)']);
  });

  test('a replica override on a fixed-replica service is refused, naming the field and environment', () => {
    const chart = testChart({ ...BUILTIN_PROFILES.minikube, services: { api: { replicas: 3 } } });
    const api = new WebService(chart, 'api', { image, port: 8080, replicas: 1 });
    new Worker(chart, 'client', { image: { repository: 'client', tag: '1' }, talksTo: [api] });
    expect(validationErrors(chart).join('\n')).toMatch(/services\.api\.replicas is 3 in environment "minikube", but "api" always runs 1/);
  });
});

describe('draining on stop (drainSeconds)', () => {
  const mainOf = (objects: Obj[], name: string) => named(objects, 'Deployment', name)!.spec.template.spec;

  test('a serving pod keeps taking connections 5 s after it is told to stop; a worker stops at once', () => {
    const chart = testChart();
    new WebService(chart, 'api', { image, port: 8080 });
    new Worker(chart, 'mailer', { image: { repository: 'mailer', tag: '1' } });
    const objects = objectsOf(chart);
    expect(mainOf(objects, 'api').containers[0].lifecycle).toEqual({ preStop: { exec: { command: ['sleep', '5'] } } });
    expect(mainOf(objects, 'api').terminationGracePeriodSeconds).toBe(30);
    expect(mainOf(objects, 'mailer').containers[0].lifecycle).toBeUndefined();
  });

  test('set per workload, 0 turns it off', () => {
    const chart = testChart();
    new WebService(chart, 'slow', { image, port: 8080, drainSeconds: 12, terminationGracePeriodSeconds: 40 });
    new WebService(chart, 'off', { image, port: 8080, drainSeconds: 0 });
    const objects = objectsOf(chart);
    expect(mainOf(objects, 'slow').containers[0].lifecycle.preStop.exec.command).toEqual(['sleep', '12']);
    expect(mainOf(objects, 'slow').terminationGracePeriodSeconds).toBe(40);
    expect(mainOf(objects, 'off').containers[0].lifecycle).toBeUndefined();
  });

  test.each([
    [{ drainSeconds: 30 }, /^environment "minikube": minikube\/api: drainSeconds: 30 s of draining leaves nothing of terminationGracePeriodSeconds \(30 s\)/],
    [{ drainSeconds: 2.5 }, /drainSeconds: 2\.5 must be a whole number, 0 or more/],
    [{ terminationGracePeriodSeconds: -1 }, /terminationGracePeriodSeconds: -1 must be a whole number, 0 or more/],
  ])('%j is refused, naming the environment, construct and field', (props, message) => {
    expect(() => new WebService(testChart(), 'api', { image, port: 8080, ...props })).toThrow(message);
  });
});
