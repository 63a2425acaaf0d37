import { Construct } from 'constructs';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { SessionStoreProps } from './session-store-props';

const REDIS_PORT = 6379;
const DATA_DIR = '/data';

/**
 * A Redis that keeps what it is given: sessions and carts survive a restart, a rollout or a node
 * drain. A single-replica StatefulSet with a persistent volume (fast tier) at `/data`, the append-only
 * file on (`appendfsync everysec`: at most a second of writes lost on a crash) and `noeviction`, so a
 * full store refuses writes instead of logging customers out. Unlike {@link RedisCache}, which is an
 * LRU cache that starts empty.
 *
 * @example
 * const sessions = new SessionStore(chart, 'redis-sessions', { maxMemory: '512mb' });
 * new WebService(chart, 'php-fpm', { ..., talksTo: [sessions] });
 */
export class SessionStore extends Workload {
  constructor(scope: Construct, id: string, props: SessionStoreProps = {}) {
    super(scope, id, {
      name: props.name,
      image: { repository: 'redis', tag: props.version ?? '7.2.4' },
      command: [
        'redis-server',
        // The official image compiles this default in; other builds refuse non-loopback clients without it.
        // Who may connect is the NetworkPolicy's job.
        '--protected-mode', 'no',
        '--dir', DATA_DIR,
        '--appendonly', 'yes',
        '--appendfsync', 'everysec',
        '--save', '',
        '--maxmemory', props.maxMemory ?? '256mb',
        '--maxmemory-policy', 'noeviction',
      ],
      component: 'cache',
      role: 'data',
      replicas: 1,
      runAsUser: 999,
      writablePaths: ['/tmp'],
      resources: props.resources ?? { cpu: '100m', memory: '320Mi', memoryLimit: '384Mi' },
      readiness: Probe.exec(['redis-cli', 'ping'], { periodSeconds: 10, timeoutSeconds: 2 }),
      liveness: Probe.tcp('redis', { periodSeconds: 20, failureThreshold: 3 }),
    }, {
      serving: { containerPort: REDIS_PORT, portName: 'redis' },
      volumeClaims: [{ name: 'data', tier: 'fast', size: props.storageSize ?? '5Gi', path: DATA_DIR }],
    });
  }
}
