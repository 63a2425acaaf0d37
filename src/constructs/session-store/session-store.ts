import { Construct } from 'constructs';
import { REDIS_DEFAULTS, REDIS_PORT, redisMaxMemory, redisProbes } from '../common/redis';
import { Workload } from '../workload/workload';
import { SessionStoreProps } from './session-store-props';
const DATA_DIR = '/data';

/**
 * A Redis that keeps what it is given: sessions and carts survive a restart, a rollout or a node
 * drain. A single-replica StatefulSet with a persistent volume (fast tier) at `/data`, the append-only
 * file on (`appendfsync everysec`: at most a second of writes lost on a crash) and `noeviction`, so a
 * full store refuses writes instead of logging customers out. Unlike {@link RedisCache}, which is an
 * LRU cache that starts empty.
 *
 * @example
 * const sessions = new SessionStore(chart, 'redis-sessions', { maxMemory: '512mb', resources: { cpu: '100m', memory: '600Mi', memoryLimit: '700Mi' } });
 * new WebService(chart, 'php-fpm', { ..., talksTo: [sessions] });
 */
export class SessionStore extends Workload {
  constructor(scope: Construct, id: string, props: SessionStoreProps = {}) {
    const resources = props.resources ?? REDIS_DEFAULTS.resources;
    const maxMemory = redisMaxMemory(scope, id, props.maxMemory ?? REDIS_DEFAULTS.maxMemory, resources);
    super(scope, id, {
      name: props.name,
      image: { repository: 'redis', tag: props.version ?? REDIS_DEFAULTS.version },
      command: [
        'redis-server',
        // The official image compiles this default in; other builds refuse non-loopback clients without it.
        // Who may connect is the NetworkPolicy's job.
        '--protected-mode', 'no',
        '--dir', DATA_DIR,
        '--appendonly', 'yes',
        '--appendfsync', 'everysec',
        '--save', '',
        '--maxmemory', maxMemory,
        '--maxmemory-policy', 'noeviction',
      ],
      component: 'cache',
      role: 'data',
      replicas: 1,
      runAsUser: 999,
      writablePaths: ['/tmp'],
      resources,
      ...redisProbes(),
    }, {
      serving: { containerPort: REDIS_PORT, portName: 'redis' },
      volumeClaims: [{ name: 'data', tier: 'fast', size: props.storageSize ?? '5Gi', path: DATA_DIR }],
    });
  }
}
