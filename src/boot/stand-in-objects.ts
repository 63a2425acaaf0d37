import { imageRepository } from './images';
import { STAND_IN_LABEL } from './plan';
import { Container, KubeObject, WorkloadSpec } from './wire';

/**
 * What a real cluster adds that the boot has to stand in for, as Kubernetes objects or values, so the
 * plan treats them like the rest:
 * - the External Secrets Operator: every ExternalSecret's target Secret, with generated values
 *   (a PEM key+certificate for keys ending in `.pem`, made by the runner);
 * - Cloud SQL: a `cloud-sql` MariaDB StatefulSet and Service the Cloud SQL Auth Proxy stand-in forwards to,
 *   with the database, user and password the pods are given.
 */

/** Keys an ExternalSecret asks for, by target Secret name. */
export function externalSecretKeys(objects: readonly KubeObject[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const o of objects.filter((x) => x.kind === 'ExternalSecret')) {
    const spec = o.spec as { target?: { name?: string }; data?: { secretKey: string }[] };
    out[spec.target?.name ?? o.metadata.name] = (spec.data ?? []).map((d) => d.secretKey);
  }
  return out;
}

/** Secret values standing in for what the External Secrets Operator would fetch. */
export function standInSecretValues(objects: readonly KubeObject[], pem: () => string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  for (const [name, keys] of Object.entries(externalSecretKeys(objects))) {
    out[name] = Object.fromEntries(keys.map((key) => [key, key.endsWith('.pem') ? pem() : `boot-${name}-${key}`]));
  }
  return out;
}

/** Whether `value` is a PEM bundle with a certificate and a private key (what HAProxy's `crt` needs). */
export function isPemBundle(value: string): boolean {
  return /-----BEGIN CERTIFICATE-----/.test(value) && /-----BEGIN (RSA |EC )?PRIVATE KEY-----/.test(value);
}

/** The Cloud SQL stand-in objects, when some pod runs the Cloud SQL Auth Proxy; else none. */
export function cloudSqlStandIn(objects: readonly KubeObject[]): KubeObject[] {
  const workloads = objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet');
  const isProxy = (c: Container) => imageRepository(c.image) === 'cloud-sql-connectors/cloud-sql-proxy';
  // The proxy runs as a native sidecar (an init container with restartPolicy: Always) or as a container.
  const proxied = workloads.find((w) => {
    const pod = (w.spec as WorkloadSpec).template.spec;
    return [...(pod.initContainers ?? []), ...pod.containers].some(isProxy);
  });
  if (!proxied) return [];
  const app = (proxied.spec as WorkloadSpec).template.spec.containers.find((c) => !isProxy(c)) as Container;
  const envOf = (name: string) => app.env?.find((e) => e.name === name);
  const fromEnv = (name: string, target: string) => {
    const e = envOf(name);
    return e ? [{ ...e, name: target }] : [];
  };
  const namespace = proxied.metadata.namespace;
  const labels = { 'app.kubernetes.io/name': 'cloud-sql', [STAND_IN_LABEL]: 'cloud-sql' };
  const registry = app.image.replace(/\/[^/]+$/, '');
  return [
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'cloud-sql', namespace, labels },
      spec: {
        replicas: 1,
        serviceName: 'cloud-sql',
        selector: { matchLabels: labels },
        volumeClaimTemplates: [{ metadata: { name: 'data' } }],
        template: {
          metadata: { labels },
          spec: {
            securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999, fsGroup: 999 },
            containers: [{
              name: 'mysql',
              image: `${registry}/mysql:8.0.36`,
              env: [...fromEnv('DB_NAME', 'MYSQL_DATABASE'), ...fromEnv('DB_USER', 'MYSQL_USER'), ...fromEnv('DB_PASSWORD', 'MYSQL_PASSWORD'), { name: 'MYSQL_ROOT_PASSWORD', value: 'boot-cloud-sql-root' }],
              ports: [{ name: 'mysql', containerPort: 3306 }],
              securityContext: { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              readinessProbe: { exec: { command: ['mysqladmin', 'ping', '-h', '127.0.0.1'] }, periodSeconds: 2 },
              volumeMounts: [{ name: 'run', mountPath: '/var/run/mysqld' }, { name: 'tmp', mountPath: '/tmp' }, { name: 'data', mountPath: '/var/lib/mysql' }],
            }],
            volumes: [{ name: 'run', emptyDir: {} }, { name: 'tmp', emptyDir: {} }],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'cloud-sql', namespace, labels },
      spec: { selector: labels, ports: [{ name: 'mysql', port: 3306, targetPort: 'mysql' }] },
    },
  ];
}
