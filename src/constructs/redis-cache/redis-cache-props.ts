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
   * `maxmemory`; keys are evicted least-recently-used above it.
   * @default '256mb'
   */
  readonly maxMemory?: string;
  /**
   * CPU and memory.
   * @default { cpu: '100m', memory: '320Mi', memoryLimit: '384Mi' }
   */
  readonly resources?: ResourceRequests;
}
