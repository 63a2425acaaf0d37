import { Construct } from 'constructs';
import { REDIS_DEFAULTS, REDIS_PORT, redisMaxMemory, redisProbes } from '../common/redis';
import { Workload } from '../workload/workload';
import { RedisCacheProps } from './redis-cache-props';

/**
 * A Redis used as a cache: one replica, no persistence (an LRU cache that may be lost on restart),
 * on the environment's data nodes. For data that must survive a restart (sessions, carts), use a
 * {@link SessionStore}.
 *
 * @example
 * const cache = new RedisCache(chart, 'redis-cache', { maxMemory: '512mb', resources: { cpu: '100m', memory: '600Mi', memoryLimit: '700Mi' } });
 * new WebService(chart, 'php-fpm', { ..., talksTo: [cache] });
 */
export class RedisCache extends Workload {
  constructor(scope: Construct, id: string, props: RedisCacheProps = {}) {
    const resources = props.resources ?? REDIS_DEFAULTS.resources;
    const maxMemory = redisMaxMemory(scope, id, props.maxMemory ?? REDIS_DEFAULTS.maxMemory, resources);
    super(scope, id, {
      name: props.name,
      image: { repository: 'redis', tag: props.version ?? REDIS_DEFAULTS.version },
      command: ['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--maxmemory', maxMemory, '--maxmemory-policy', 'allkeys-lru'],
      component: 'cache',
      // `--protected-mode no`: the official image compiles that default in; other builds (Debian's) refuse
      // every non-loopback client without it. Who may connect is the NetworkPolicy's job.
      role: 'data',
      replicas: 1,
      runAsUser: 999,
      writablePaths: ['/data'],
      resources,
      ...redisProbes(),
    }, { serving: { containerPort: REDIS_PORT, portName: 'redis' } });
  }
}
