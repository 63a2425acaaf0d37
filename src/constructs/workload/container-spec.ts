import { ShipyardError } from '../../errors';
import { k8s } from '../common/k8s';
import { ProbeSpec, ResourceRequests } from './container-options';
import type { IDatabase } from './workload-props';

/** User id containers run as unless a construct says otherwise. */
export const DEFAULT_USER = 10001;

/** Pod-level security context: non-root, the user's group, RuntimeDefault seccomp. */
export function podSecurityContext(user: number): k8s.PodSecurityContext {
  return { runAsNonRoot: true, runAsUser: user, runAsGroup: user, fsGroup: user, seccompProfile: { type: 'RuntimeDefault' } };
}

/** Required node affinity to nodes carrying every one of `labels` (a role's node labels), or none without labels. */
export function nodeAffinity(labels: Record<string, string> | undefined): k8s.Affinity | undefined {
  if (!labels) return undefined;
  return {
    nodeAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: Object.entries(labels).map(([key, value]) => ({ key, operator: 'In', values: [value] })) }],
      },
    },
  };
}

/** The `DB_*` environment of a container that connects to `database` (credentials from its Secret). */
export function databaseEnv(database: IDatabase): k8s.EnvVar[] {
  const c = database.connection;
  return [
    { name: 'DB_HOST', value: c.host },
    { name: 'DB_PORT', value: String(c.port) },
    { name: 'DB_NAME', value: c.name },
    { name: 'DB_USER', valueFrom: { secretKeyRef: database.credentials.keyRef('username') } },
    { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: database.credentials.keyRef('password') } },
  ];
}

/** Requests and limits of a container; the memory limit defaults to twice the request. */
export function containerResources(resources: ResourceRequests): k8s.ResourceRequirements {
  return {
    requests: { cpu: k8s.Quantity.fromString(resources.cpu), memory: k8s.Quantity.fromString(resources.memory) },
    limits: {
      memory: k8s.Quantity.fromString(resources.memoryLimit ?? doubleQuantity(resources.memory)),
      ...(resources.cpuLimit ? { cpu: k8s.Quantity.fromString(resources.cpuLimit) } : {}),
    },
  };
}

function doubleQuantity(quantity: string): string {
  const match = /^([0-9]+)(Ki|Mi|Gi|Ti)?$/.exec(quantity);
  if (!match) throw new ShipyardError(`memory "${quantity}": give memoryLimit explicitly (cannot double a quantity in this form)`);
  return `${Number(match[1]) * 2}${match[2] ?? ''}`;
}

/** Security context every container gets; the pod level adds RuntimeDefault seccomp and fsGroup. */
export function containerSecurityContext(user: number): k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: user,
    runAsGroup: user,
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** Converts our probe spec to the L1 type (ports become IntOrString). */
export function toKubeProbe(spec: ProbeSpec): k8s.Probe {
  const port = (p: number | string) => (typeof p === 'number' ? k8s.IntOrString.fromNumber(p) : k8s.IntOrString.fromString(p));
  return {
    httpGet: spec.httpGet ? { path: spec.httpGet.path, port: port(spec.httpGet.port) } : undefined,
    tcpSocket: spec.tcpSocket ? { port: port(spec.tcpSocket.port) } : undefined,
    exec: spec.exec ? { command: [...spec.exec.command] } : undefined,
    initialDelaySeconds: spec.initialDelaySeconds,
    periodSeconds: spec.periodSeconds,
    timeoutSeconds: spec.timeoutSeconds,
    failureThreshold: spec.failureThreshold,
  };
}

