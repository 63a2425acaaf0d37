import { ResourceRequests } from '../workload/container-options';

/** Properties of a {@link MessageQueue}. */
export interface MessageQueueProps {
  /**
   * Name of the StatefulSet and Service.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * RabbitMQ image tag.
   * @default '3.12.12'
   */
  readonly version?: string;
  /**
   * Size of the persistent volume (fast tier) holding queues and messages.
   * @default '10Gi'
   */
  readonly storageSize?: string;
  /**
   * CPU and memory.
   * @default { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' }
   */
  readonly resources?: ResourceRequests;
}
