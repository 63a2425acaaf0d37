import { Construct } from 'constructs';
import { SecretReference } from '../secret-reference/secret-reference';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { MessageQueueProps } from './message-queue-props';

/**
 * RabbitMQ with persistent storage: a single-replica StatefulSet whose volume claim template sits on
 * the fast storage class, a Service on the AMQP port, and credentials from a SecretReference.
 *
 * The container runs `rabbitmq-server` (its full command, no reliance on the image's entrypoint) with
 * `RABBITMQ_LOGS=-`: the image's defaults log to the console *and* to files under `/var/log/rabbitmq`,
 * which is read-only here, and RabbitMQ 3.12 exits at boot with `cannot_log_to_file … erofs` when it
 * cannot open them. Logs go to standard output, where the kubelet collects them.
 *
 * @example
 * const queue = new MessageQueue(chart, 'rabbitmq');
 * new Worker(chart, 'worker-mail', { ..., talksTo: [queue], secretEnv: { AMQP_PASSWORD: { secret: queue.credentials, key: 'password' } } });
 */
export class MessageQueue extends Workload {
  /** Secret with `username` and `password` of the default user. */
  public readonly credentials: SecretReference;

  constructor(scope: Construct, id: string, props: MessageQueueProps = {}) {
    const credentials = new SecretReference(scope, `${id}Credentials`, { name: props.name ?? id, keys: ['password', 'username'] });
    super(scope, id, {
      name: props.name,
      image: { repository: 'rabbitmq', tag: props.version ?? '3.12.12' },
      component: 'queue',
      role: 'data',
      replicas: 1,
      runAsUser: 999,
      command: ['rabbitmq-server'],
      env: { RABBITMQ_LOGS: '-', RABBITMQ_UPGRADE_LOG: '-' },
      writablePaths: ['/tmp'],
      secretEnv: {
        RABBITMQ_DEFAULT_USER: { secret: credentials, key: 'username' },
        RABBITMQ_DEFAULT_PASS: { secret: credentials, key: 'password' },
      },
      resources: props.resources ?? { cpu: '200m', memory: '512Mi', memoryLimit: '1Gi' },
      startup: Probe.tcp('amqp', { periodSeconds: 10, failureThreshold: 30 }),
      readiness: Probe.exec(['rabbitmq-diagnostics', '-q', 'check_port_connectivity'], { periodSeconds: 30, timeoutSeconds: 10 }),
      liveness: Probe.exec(['rabbitmq-diagnostics', '-q', 'ping'], { periodSeconds: 60, timeoutSeconds: 15 }),
      terminationGracePeriodSeconds: 60,
    }, {
      serving: { containerPort: 5672, portName: 'amqp' },
      volumeClaims: [{ name: 'data', tier: 'fast', size: props.storageSize ?? '10Gi', path: '/var/lib/rabbitmq' }],
    });
    this.credentials = credentials;
  }
}
