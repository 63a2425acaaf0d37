import { Construct } from 'constructs';
import { DatabaseConnection, Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { standardLabels } from '../common/labels';
import { SecretReference } from '../secret-reference/secret-reference';
import { Probe } from '../workload/container-options';
import { Workload } from '../workload/workload';
import { IDatabase, WorkloadProps } from '../workload/workload-props';
import { ShipyardError } from '../../errors';
import { MySqlDatabaseProps } from './mysql-database-props';

/**
 * The platform's MySQL, wherever the profile says it is:
 * - `in-cluster` (laptops, bare-metal sites): a StatefulSet with a volume claim template on the fast
 *   storage class and a headless Service;
 * - `cloud-sql` (GKE): nothing runs in the cluster; workloads that use the database get the Cloud SQL
 *   Auth Proxy as a sidecar, and run as the Kubernetes service account this construct creates,
 *   annotated for Workload Identity with the Google service account the cdktf stack creates.
 *
 * @example
 * const db = new MySqlDatabase(chart, 'database');
 * new WebService(chart, 'checkout', { ..., database: db });
 */
export class MySqlDatabase extends Construct implements IDatabase {
  /** Where and how to connect. */
  public readonly connection: DatabaseConnection;
  /** Credentials of the application user. */
  public readonly credentials: SecretReference;
  /** The in-cluster MySQL server (StatefulSet, headless Service), when MySQL runs in the cluster. */
  public readonly endpoint?: Workload;
  /**
   * The Kubernetes service account bound to the Google service account through Workload Identity,
   * when the database is Cloud SQL.
   */
  public readonly serviceAccount?: k8s.KubeServiceAccount;

  constructor(scope: Construct, id: string, props: MySqlDatabaseProps = {}) {
    super(scope, id);
    const env = Environment.of(this);
    this.connection = env.database();
    const inCluster = this.connection.mode === 'in-cluster';
    this.credentials =
      props.credentials ??
      new SecretReference(this, 'Credentials', { name: 'database', keys: inCluster ? ['password', 'root-password', 'username'] : ['password', 'username'] });

    if (inCluster) {
      this.endpoint = new MySqlServer(this, 'Server', {
        name: props.name ?? 'mysql',
        image: { repository: 'mysql', tag: props.version ?? '8.0.36' },
        component: 'database',
        role: 'data',
        replicas: 1,
        runAsUser: 999,
        writablePaths: ['/var/run/mysqld', '/tmp'],
        env: { MYSQL_DATABASE: this.connection.name },
        secretEnv: {
          MYSQL_USER: { secret: this.credentials, key: 'username' },
          MYSQL_PASSWORD: { secret: this.credentials, key: 'password' },
          MYSQL_ROOT_PASSWORD: { secret: this.credentials, key: 'root-password' },
        },
        resources: props.resources ?? { cpu: '250m', memory: '512Mi', memoryLimit: '1Gi' },
        startup: Probe.tcp('mysql', { periodSeconds: 10, failureThreshold: 30 }),
        readiness: Probe.exec(['mysqladmin', 'ping', '-h', '127.0.0.1'], { periodSeconds: 10, timeoutSeconds: 5 }),
        liveness: Probe.tcp('mysql', { periodSeconds: 20, failureThreshold: 3 }),
        terminationGracePeriodSeconds: 60,
      }, this.connection);
    } else {
      const names = env.cloudNames();
      if (!names) throw new ShipyardError(`${this.node.path}: environment "${env.name}" uses Cloud SQL but is not on Google Cloud (no gcp block)`);
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'ServiceAccount', {
        metadata: {
          name: names.kubernetesServiceAccount,
          namespace: env.namespace,
          labels: standardLabels({ name: names.kubernetesServiceAccount, partOf: env.project, component: 'identity' }),
          annotations: { 'iam.gke.io/gcp-service-account': names.serviceAccountEmail },
        },
        automountServiceAccountToken: false,
      });
    }
  }
}

class MySqlServer extends Workload {
  constructor(scope: Construct, id: string, props: WorkloadProps, connection: DatabaseConnection) {
    super(scope, id, props, {
      serving: { containerPort: 3306, servicePort: connection.port, portName: 'mysql', headless: true },
      volumeClaims: [{ name: 'data', tier: 'fast', size: connection.storageSize, path: '/var/lib/mysql' }],
    });
  }
}
