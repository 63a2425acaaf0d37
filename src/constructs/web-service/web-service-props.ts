import { WorkloadProps } from '../workload/workload-props';

/** Properties of a {@link WebService}. */
export interface WebServiceProps extends WorkloadProps {
  /** Port the container listens on. */
  readonly port: number;
  /**
   * Port the Service exposes.
   * @default - the container port
   */
  readonly servicePort?: number;
  /**
   * Name of the port.
   * @default 'http'
   */
  readonly portName?: string;
  /**
   * HTTP path that answers 200 when the service can take traffic (readiness).
   * @default - a TCP check of the port
   */
  readonly healthPath?: string;
}
