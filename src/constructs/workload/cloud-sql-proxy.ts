import { DatabaseConnection, Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { containerSecurityContext, toKubeProbe } from './container-spec';

/** The Cloud SQL Auth Proxy v2 image (Google's registry: only used where the profile uses Cloud SQL). */
export const CLOUD_SQL_PROXY_IMAGE = 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.2';
const HEALTH_PORT = 9801;

/**
 * The Cloud SQL Auth Proxy sidecar: listens on 127.0.0.1:<port>, reaches the instance over its
 * private IP, authenticates as the pod's Kubernetes service account through Workload Identity. Its
 * image is written as the environment writes it (digest-pinned where the profile pins digests).
 * @internal
 */
export function cloudSqlProxyContainer(env: Environment, connection: DatabaseConnection): k8s.Container {
  if (!connection.instanceConnectionName) throw new Error('Cloud SQL connection without an instance connection name');
  return {
    name: 'cloud-sql-proxy',
    image: env.imageReference(CLOUD_SQL_PROXY_IMAGE),
    imagePullPolicy: 'IfNotPresent',
    args: [
      '--private-ip',
      '--structured-logs',
      '--health-check',
      `--http-port=${HEALTH_PORT}`,
      '--http-address=0.0.0.0',
      `--port=${connection.port}`,
      connection.instanceConnectionName,
    ],
    ports: [{ name: 'proxy-health', containerPort: HEALTH_PORT, protocol: 'TCP' }],
    resources: {
      requests: { cpu: k8s.Quantity.fromString('50m'), memory: k8s.Quantity.fromString('64Mi') },
      limits: { memory: k8s.Quantity.fromString('128Mi') },
    },
    startupProbe: toKubeProbe({ httpGet: { path: '/startup', port: 'proxy-health' }, periodSeconds: 2, failureThreshold: 30 }),
    readinessProbe: toKubeProbe({ httpGet: { path: '/readiness', port: 'proxy-health' }, periodSeconds: 10 }),
    livenessProbe: toKubeProbe({ httpGet: { path: '/liveness', port: 'proxy-health' }, periodSeconds: 20, failureThreshold: 3 }),
    securityContext: containerSecurityContext(65532),
  };
}
