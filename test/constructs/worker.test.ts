import { MessageQueue } from '../../src/constructs/message-queue';
import { MySqlDatabase } from '../../src/constructs/mysql-database';
import { Probe } from '../../src/constructs/workload';
import { Worker, WorkerProps } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart } from '../support/chart';
import { named } from '../support/render';

const image = { repository: 'shop-worker', tag: '1.0.0' };

describe('Worker with minimal props', () => {
  const chart = testChart(BUILTIN_PROFILES.staging);
  new Worker(chart, 'worker-mail', { image });
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'worker-mail')!;
  const container = deployment.spec.template.spec.containers[0];

  test('a Deployment without Service, probes or HPA, egress to DNS only; the profile\'s minimum replicas', () => {
    expect(named(objects, 'Service', 'worker-mail')).toBeUndefined();
    // A worker serves nothing: its policy governs egress only, and it talks to nothing but DNS.
    expect(named(objects, 'NetworkPolicy', 'worker-mail')!.spec).toMatchObject({ policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }] }] });
    expect(named(objects, 'NetworkPolicy', 'worker-mail')!.spec.ingress).toBeUndefined();
    expect(named(objects, 'HorizontalPodAutoscaler', 'worker-mail')).toBeUndefined();
    expect(container.ports).toBeUndefined();
    expect(container.readinessProbe).toBeUndefined();
    expect(container.livenessProbe).toBeUndefined();
    expect(deployment.spec.replicas).toBe(BUILTIN_PROFILES.staging.autoscaling.minReplicas);
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('worker');
  });
});

describe('Worker with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.staging);
  const queue = new MessageQueue(chart, 'rabbitmq');
  const db = new MySqlDatabase(chart, 'database');
  const props: WorkerProps = {
    image, args: ['consume', 'orders'], database: db, talksTo: [queue], scalable: true, component: 'orders',
    liveness: Probe.exec(['shop-worker', 'health'], { periodSeconds: 30 }), readiness: Probe.exec(['shop-worker', 'ready']),
    secretEnv: { AMQP_PASSWORD: { secret: queue.credentials, key: 'password' } },
  };
  new Worker(chart, 'worker-orders', props);
  const objects = objectsOf(chart);
  const container = named(objects, 'Deployment', 'worker-orders')!.spec.template.spec.containers[0];

  test('scalable workers autoscale; exec probes; queue admits them', () => {
    expect(named(objects, 'HorizontalPodAutoscaler', 'worker-orders')).toBeDefined();
    expect(container.args).toEqual(['consume', 'orders']);
    expect(container.livenessProbe).toEqual({ exec: { command: ['shop-worker', 'health'] }, periodSeconds: 30 });
    expect(container.readinessProbe).toEqual({ exec: { command: ['shop-worker', 'ready'] } });
    expect(container.env.map((e: { name: string }) => e.name)).toContain('AMQP_PASSWORD');
    expect(queue.clientNames).toEqual(['worker-orders']);
  });
});

describe('Worker validation', () => {
  test('another workload cannot talk to a worker: it has no Service', () => {
    const chart = testChart();
    const worker = new Worker(chart, 'worker-a', { image });
    expect(() => new Worker(chart, 'worker-b', { image, talksTo: [worker] })).toThrow(/minikube\/worker-a: "worker-a" has no Service; "worker-b" cannot talk to it/);
  });

  test('a secret key the Secret does not hold is refused', () => {
    const chart = testChart();
    const queue = new MessageQueue(chart, 'rabbitmq');
    expect(() => new Worker(chart, 'w', { image, secretEnv: { X: { secret: queue.credentials, key: 'token' } } })).toThrow(/secret "rabbitmq" has no key "token" \(keys: password, username\)/);
  });
});
