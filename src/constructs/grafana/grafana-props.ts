import { ResourceRequests } from '../workload/container-options';
import { IServiceEndpoint, SecretEnv } from '../workload/workload-props';

/** Properties of a {@link Grafana}. */
export interface GrafanaProps {
  /**
   * Name of the workload, its Service, ConfigMap (`<name>-datasources`) and claim (`<name>-data`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Image tag of `grafana/grafana`.
   * @default '10.4.2'
   */
  readonly version?: string;
  /**
   * Port Grafana listens on and the Service exposes.
   * @default 3000
   */
  readonly port?: number;
  /** The Prometheus Grafana reads (its default data source). */
  readonly prometheus: IServiceEndpoint;
  /** The admin password, from a Secret key. */
  readonly adminPassword: SecretEnv;
  /**
   * The public URL Grafana is reached at (`GF_SERVER_ROOT_URL`), for links and redirects.
   * @default - Grafana's own default (`http://localhost:3000/`)
   */
  readonly rootUrl?: string;
  /**
   * Size of the claim holding Grafana's database (users, dashboards saved in the UI).
   * @default '5Gi' on the bulk tier
   */
  readonly storageSize?: string;
  /**
   * CPU and memory.
   * @default { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' }
   */
  readonly resources?: ResourceRequests;
}
