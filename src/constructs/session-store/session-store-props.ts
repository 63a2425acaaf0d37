import { ResourceRequests } from '../workload/container-options';

/** Properties of a {@link SessionStore}. */
export interface SessionStoreProps {
  /**
   * Name of the StatefulSet and Service.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Redis image tag.
   * @default '7.2.4'
   */
  readonly version?: string;
  /**
   * `maxmemory` in Redis units (`256mb`, `1gb`). When it is reached, writes fail (`noeviction`): sessions
   * are never dropped silently. At most 3/4 of the container's memory limit (Redis needs the rest for
   * fragmentation and the fork that rewrites its append-only file), else the construct throws.
   * @default '256mb'
   */
  readonly maxMemory?: string;
  /**
   * Size of the persistent volume (fast tier) holding the append-only file.
   * @default '5Gi'
   */
  readonly storageSize?: string;
  /**
   * CPU and memory.
   * @default { cpu: '100m', memory: '320Mi', memoryLimit: '384Mi' }
   */
  readonly resources?: ResourceRequests;
}
