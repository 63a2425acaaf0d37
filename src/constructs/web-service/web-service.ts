import { Construct } from 'constructs';
import { Workload } from '../workload/workload';
import { WebServiceProps } from './web-service-props';

/**
 * An HTTP (or any TCP) service inside the cluster: a Deployment, a ClusterIP Service, and where the
 * environment autoscales an autoscaling/v2 HPA with scale-up/down behaviour (otherwise fixed
 * replicas), a PodDisruptionBudget and hostname spread when it runs more than one pod, and a
 * NetworkPolicy admitting the workloads that talk to it. Scalable unless `scalable: false`.
 *
 * @example
 * const api = new WebService(chart, 'api', {
 *   image: { repository: 'shop-api', tag: '1.0.0' },
 *   port: 8080,
 *   healthPath: '/healthz',
 *   database: db,
 * });
 */
export class WebService extends Workload {
  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, { ...props, scalable: props.scalable ?? true }, {
      serving: { containerPort: props.port, servicePort: props.servicePort, portName: props.portName, healthPath: props.healthPath },
    });
  }
}
