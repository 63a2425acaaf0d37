import { WorkloadProps } from '../workload/workload-props';

/** Properties of an {@link EdgeProxy}. */
export interface EdgeProxyProps extends WorkloadProps {
  /** Port the proxy listens on inside the container (unprivileged, e.g. 8443). */
  readonly port: number;
  /**
   * Public port.
   * @default 443
   */
  readonly servicePort?: number;
  /**
   * HTTP path of the proxy's own health endpoint.
   * @default - a TCP check of the port
   */
  readonly healthPath?: string;
}
