import { ResourceRequests } from '../workload/container-options';

/** Properties of a {@link RedisCache}. */
export interface RedisCacheProps {
  /**
   * Name of the workload and Service.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Redis image tag.
   * @default '7.2.4'
   */
  readonly version?: string;
  /**
   * `maxmemory` in Redis units (`256mb`, `1gb`; `1g` is 10^9 bytes); keys are evicted least-recently-used
   * above it. At most 3/4 of the container's memory limit (Redis needs the rest), else the construct throws.
   * @default '256mb'
   */
  readonly maxMemory?: string;
  /**
   * CPU and memory.
   * @default { cpu: '100m', memory: '320Mi', memoryLimit: '384Mi' }
   */
  readonly resources?: ResourceRequests;
}
