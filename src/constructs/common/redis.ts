import { Construct } from 'constructs';
import { parseMemoryBytes } from '../../manifests/quantity';
import { Probe, ResourceRequests } from '../workload/container-options';
import { WorkloadProps } from '../workload/workload-props';
import { propError } from './prop-error';

/**
 * What a {@link RedisCache} and a {@link SessionStore} share: one Redis server in a container, and its
 * `maxmemory` checked against the container's memory limit.
 */
export const REDIS_PORT = 6379;

/** The defaults both document. */
export const REDIS_DEFAULTS = {
  version: '7.2.4',
  maxMemory: '256mb',
  resources: { cpu: '100m', memory: '320Mi', memoryLimit: '384Mi' } satisfies ResourceRequests,
} as const;

/** The share of the container's memory limit `maxmemory` may take. */
const MAX_MEMORY_SHARE = 3 / 4;

/** redis.conf's memory units: `k`/`m`/`g` are powers of 1000, `kb`/`mb`/`gb` of 1024 (case-insensitive). */
const UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, k: 1e3, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/**
 * Checks a Redis `maxmemory` (throws the construct's prop error) and returns it. It must be a Redis memory
 * size (`256mb`, `1gb`), and at most three quarters of the container's memory limit: Redis uses memory
 * beyond its data (allocator fragmentation, client buffers, and for a store the copy-on-write of the
 * fork that rewrites its append-only file). Above that the kernel kills Redis before `maxmemory` takes
 * effect; a cache restarts empty, a store replays its append-only file into the same limit: a crash loop.
 */
export function redisMaxMemory(scope: Construct, id: string, maxMemory: string, resources: ResourceRequests): string {
  const m = /^([1-9][0-9]*)(b|k|kb|m|mb|g|gb)?$/i.exec(maxMemory);
  if (!m) throw propError(scope, id, 'maxMemory', `"${maxMemory}" is not a Redis memory size such as 256mb or 1gb`);
  const bytes = Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()];
  const limitText = resources.memoryLimit ?? `2 × ${resources.memory}`;
  const limit = resources.memoryLimit !== undefined ? parseMemoryBytes(resources.memoryLimit) : 2 * parseMemoryBytes(resources.memory);
  if (bytes > limit * MAX_MEMORY_SHARE) {
    const needMi = Math.ceil(bytes / MAX_MEMORY_SHARE / 1024 ** 2);
    throw propError(
      scope,
      id,
      'maxMemory',
      `"${maxMemory}" (${(bytes / 1024 ** 2).toFixed(0)} MiB) is more than 3/4 of the container's memory limit (${limitText}): ` +
        `Redis needs the rest for fragmentation, client buffers and its fork, and is OOM-killed before maxmemory applies; ` +
        `raise resources.memoryLimit to at least ${needMi}Mi or lower maxMemory`,
    );
  }
  return maxMemory;
}

/** The probes of a Redis container: `redis-cli ping` for readiness, the port for liveness. */
export function redisProbes(): Pick<WorkloadProps, 'readiness' | 'liveness'> {
  return {
    readiness: Probe.exec(['redis-cli', 'ping'], { periodSeconds: 10, timeoutSeconds: 2 }),
    liveness: Probe.tcp('redis', { periodSeconds: 20, failureThreshold: 3 }),
  };
}
