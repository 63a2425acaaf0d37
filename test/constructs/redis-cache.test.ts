import { RedisCache, RedisCacheProps } from '../../src/constructs/redis-cache';
import { SessionStore } from '../../src/constructs/session-store';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart } from '../support/chart';
import { named } from '../support/render';

describe('RedisCache with minimal props', () => {
  const chart = testChart();
  const cache = new RedisCache(chart, 'redis-cache');
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'redis-cache')!;
  const container = deployment.spec.template.spec.containers[0];

  test('an LRU cache without persistence, started with its full command', () => {
    expect(container.command).toEqual(['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--maxmemory', '256mb', '--maxmemory-policy', 'allkeys-lru']);
    expect(container.image).toMatch(/\/redis:7\.2\.4$/);
    expect(container.volumeMounts).toEqual([{ name: 'scratch-0', mountPath: '/data' }]);
    expect(deployment.spec.template.spec.volumes).toEqual([{ name: 'scratch-0', emptyDir: { sizeLimit: '256Mi' } }]);
  });

  test('one replica, as uid 999, with room above maxmemory in its limit; ping and TCP probes', () => {
    expect(deployment.spec.replicas).toBe(1);
    expect(container.securityContext.runAsUser).toBe(999);
    expect(container.resources).toEqual({ requests: { cpu: '100m', memory: '320Mi' }, limits: { memory: '384Mi' } });
    expect(container.readinessProbe.exec.command).toEqual(['redis-cli', 'ping']);
    expect(container.livenessProbe.tcpSocket).toEqual({ port: 'redis' });
  });

  test('a ClusterIP Service on 6379 named after it', () => {
    expect(named(objects, 'Service', 'redis-cache')!.spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
    expect([cache.serviceName, cache.servicePort]).toEqual(['redis-cache', 6379]);
    expect(deployment.metadata.labels['app.kubernetes.io/component']).toBe('cache');
  });
});

describe('RedisCache with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.baremetal);
  new RedisCache(chart, 'cache', { name: 'page-cache', version: '7.2.5', maxMemory: '1gb', resources: { cpu: '250m', memory: '1200Mi', memoryLimit: '1400Mi' } });
  const objects = objectsOf(chart);
  const deployment = named(objects, 'Deployment', 'page-cache')!;
  const container = deployment.spec.template.spec.containers[0];

  test('every prop reaches the pod; it runs on the data nodes', () => {
    expect(container.image).toMatch(/\/redis:7\.2\.5$/);
    expect(container.command).toContain('1gb');
    expect(container.resources).toEqual({ requests: { cpu: '250m', memory: '1200Mi' }, limits: { memory: '1400Mi' } });
    expect(JSON.stringify(deployment.spec.template.spec.affinity)).toContain('data');
    expect(named(objects, 'Service', 'page-cache')).toBeDefined();
  });
});

describe('RedisCache and SessionStore props validation', () => {
  const both = [
    ['RedisCache', (chart: ReturnType<typeof testChart>, props: RedisCacheProps) => new RedisCache(chart, 'redis', props)],
    ['SessionStore', (chart: ReturnType<typeof testChart>, props: RedisCacheProps) => new SessionStore(chart, 'redis', props)],
  ] as const;

  describe.each(both)('%s', (_name, make) => {
    test.each(['256MiB', '0', 'lots', '-1mb'])('refuses maxMemory %s, naming the environment, construct path and field', (maxMemory) => {
      expect(() => make(testChart(), { maxMemory })).toThrow(new RegExp(`^environment "minikube": minikube/redis: maxMemory: "${maxMemory}" is not a Redis memory size`));
    });

    test('refuses a maxMemory the container cannot hold (OOM-killed before maxmemory applies), saying what limit it needs', () => {
      // 512mb against the default 384Mi limit: Redis needs a quarter of the limit beyond its data.
      expect(() => make(testChart(), { maxMemory: '512mb' })).toThrow(
        /^environment "minikube": minikube\/redis: maxMemory: "512mb" \(512 MiB\) is more than 3\/4 of the container's memory limit \(384Mi\).*at least 683Mi/,
      );
      // Redis's units: 1g is 10^9 bytes (954 MiB), 1gb 2^30; without memoryLimit the limit is twice the request.
      expect(() => make(testChart(), { maxMemory: '1g', resources: { cpu: '100m', memory: '640Mi' } })).not.toThrow();
      expect(() => make(testChart(), { maxMemory: '1gb', resources: { cpu: '100m', memory: '640Mi' } })).toThrow(/limit \(2 × 640Mi\).*at least 1366Mi/);
      expect(() => make(testChart(), { maxMemory: '512mb', resources: { cpu: '100m', memory: '600Mi', memoryLimit: '700Mi' } })).not.toThrow();
    });
  });
});
