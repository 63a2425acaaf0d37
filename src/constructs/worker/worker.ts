import { Construct } from 'constructs';
import { Workload } from '../workload/workload';
import { WorkerProps } from './worker-props';

/**
 * A background worker (queue consumer, cron-like loop): a Deployment without a Service. Give it a
 * liveness probe (an exec check) if it can hang. Fixed replicas unless `scalable: true`.
 *
 * @example
 * new Worker(chart, 'worker-orders', {
 *   image: { repository: 'shop-worker', tag: '1.0.0' },
 *   args: ['orders'],
 *   talksTo: [queue],
 * });
 */
export class Worker extends Workload {
  constructor(scope: Construct, id: string, props: WorkerProps) {
    super(scope, id, { component: 'worker', ...props });
  }
}
