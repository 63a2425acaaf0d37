import { ResourceRequests } from '../workload/container-options';
import type { SecretReference } from '../secret-reference/secret-reference';

/** Properties of a {@link MySqlDatabase}. */
export interface MySqlDatabaseProps {
  /**
   * Name of the in-cluster StatefulSet and headless Service.
   * @default 'mysql'
   */
  readonly name?: string;
  /**
   * MySQL image tag for the in-cluster server.
   * @default '8.0.36'
   */
  readonly version?: string;
  /**
   * Secret with `username` and `password` (and `root-password` in-cluster).
   * @default - a SecretReference named `database`
   */
  readonly credentials?: SecretReference;
  /**
   * CPU and memory of the in-cluster server.
   * @default { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' }
   */
  readonly resources?: ResourceRequests;
}
