import { SessionStore } from '../../src/constructs/session-store';
import { RedisCache } from '../../src/constructs/redis-cache';
import { objectsOf, testChart } from '../support/chart';
import { named } from '../support/render';

describe('SessionStore with minimal props', () => {
  const chart = testChart();
  new SessionStore(chart, 'redis-sessions');
  const objects = objectsOf(chart);
  const sts = named(objects, 'StatefulSet', 'redis-sessions')!;
  const container = sts.spec.template.spec.containers[0];

  test('keeps what it is given: append-only file on a persistent volume, no eviction, full command', () => {
    expect(container.command).toEqual(['redis-server', '--protected-mode', 'no', '--dir', '/data', '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', '', '--maxmemory', '256mb', '--maxmemory-policy', 'noeviction']);
    expect(container.args).toBeUndefined();
    expect(sts.spec.volumeClaimTemplates).toHaveLength(1);
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('5Gi');
    expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBe('shop-fast');
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
  });

  test('serves Redis on a Service', () => {
    expect(named(objects, 'Service', 'redis-sessions')!.spec.ports).toEqual([{ name: 'redis', port: 6379, targetPort: 'redis', protocol: 'TCP' }]);
  });
});

test('SessionStore with all props', () => {
  const chart = testChart();
  new SessionStore(chart, 'store', { name: 'carts', version: '7.2.5', maxMemory: '1gb', storageSize: '20Gi', resources: { cpu: '300m', memory: '1200Mi', memoryLimit: '1500Mi' } });
  const sts = named(objectsOf(chart), 'StatefulSet', 'carts')!;
  const container = sts.spec.template.spec.containers[0];
  expect(container.image).toBe('registry.local/shop/redis:7.2.5');
  expect(container.command).toContain('1gb');
  expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('20Gi');
  expect(container.resources).toEqual({ requests: { cpu: '300m', memory: '1200Mi' }, limits: { memory: '1500Mi' } });
});

test('RedisCache stays a cache: no persistence, LRU eviction, full command', () => {
  const chart = testChart();
  new RedisCache(chart, 'redis-cache');
  const container = named(objectsOf(chart), 'Deployment', 'redis-cache')!.spec.template.spec.containers[0];
  expect(container.command).toEqual(['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--maxmemory', '256mb', '--maxmemory-policy', 'allkeys-lru']);
});
