import { Construct } from 'constructs';
import { propError } from '../common/prop-error';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { RedisCacheProps } from './redis-cache-props';

const REDIS_PORT = 6379;

/**
 * A Redis used as a cache: one replica, no persistence (an LRU cache that may be lost on restart),
 * on the environment's data nodes. For data that must survive a restart (sessions, carts), use a
 * {@link SessionStore}.
 *
 * @example
 * const sessions = new RedisCache(chart, 'redis-sessions', { maxMemory: '512mb' });
 * new WebService(chart, 'php-fpm', { ..., talksTo: [sessions] });
 */
export class RedisCache extends Workload {
  constructor(scope: Construct, id: string, props: RedisCacheProps = {}) {
    const maxMemory = props.maxMemory ?? '256mb';
    if (!/^[1-9][0-9]*(b|k|kb|m|mb|g|gb)?$/i.test(maxMemory)) {
      throw propError(scope, id, 'maxMemory', `"${maxMemory}" is not a Redis memory size such as 256mb or 1gb`);
    }
    super(scope, id, {
      name: props.name,
      image: { repository: 'redis', tag: props.version ?? '7.2.4' },
      command: ['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no', '--maxmemory', maxMemory, '--maxmemory-policy', 'allkeys-lru'],
      component: 'cache',
      // `--protected-mode no`: the official image compiles that default in; other builds (Debian's) refuse
      // every non-loopback client without it. Who may connect is the NetworkPolicy's job.
      role: 'data',
      replicas: 1,
      runAsUser: 999,
      writablePaths: ['/data'],
      resources: props.resources ?? { cpu: '100m', memory: '320Mi', memoryLimit: '384Mi' },
      readiness: Probe.exec(['redis-cli', 'ping'], { periodSeconds: 10, timeoutSeconds: 2 }),
      liveness: Probe.tcp('redis', { periodSeconds: 20, failureThreshold: 3 }),
    }, { serving: { containerPort: REDIS_PORT, portName: 'redis' } });
  }
}
