import { WorkloadProps } from '../workload/workload-props';

/** Properties of a {@link PhpFpm}. */
export interface PhpFpmProps extends Omit<WorkloadProps, 'command' | 'args'> {
  /**
   * FastCGI port.
   * @default 9000
   */
  readonly port?: number;
  /**
   * Directory of the PHP application inside the image (web servers send `SCRIPT_FILENAME`s below it).
   * @default '/var/www/html'
   */
  readonly documentRoot?: string;
  /**
   * Most PHP workers per pod (`pm.max_children`); size it so that this many workers fit in the
   * memory limit.
   * @default 20
   */
  readonly maxChildren?: number;
  /**
   * Requests a worker serves before it is replaced (`pm.max_requests`), against slow leaks.
   * @default 500
   */
  readonly maxRequests?: number;
  /**
   * Seconds after which a request's worker is killed (`request_terminate_timeout`).
   * @default 60
   */
  readonly requestTimeoutSeconds?: number;
}
