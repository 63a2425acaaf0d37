import { Construct } from 'constructs';
import { Workload } from '../workload/workload';
import { EdgeProxyProps } from './edge-proxy-props';

/**
 * The public entry point (TLS termination): a Deployment on the environment's edge nodes and a
 * Service exposed the way the profile says — a cloud LoadBalancer on GKE, a NodePort on minikube,
 * a MetalLB LoadBalancer pinned to the site's pool and floating IP on bare metal — with the
 * profile's `externalTrafficPolicy` (default `Local`, to keep client addresses).
 *
 * @example
 * new EdgeProxy(chart, 'haproxy', { image: { repository: 'haproxy', tag: '2.8.5' }, port: 8443, talksTo: [varnish] });
 */
export class EdgeProxy extends Workload {
  constructor(scope: Construct, id: string, props: EdgeProxyProps) {
    super(scope, id, { role: 'edge', component: 'edge', scalable: true, ...props }, {
      serving: { containerPort: props.port, servicePort: props.servicePort ?? 443, portName: 'https', healthPath: props.healthPath, public: true },
    });
  }
}
