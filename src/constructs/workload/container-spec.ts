import { k8s } from '../common/k8s';
import { ProbeSpec } from './container-options';

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

