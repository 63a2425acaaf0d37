import { asNumber, asObject, asString, ContainerRef, containersOf, describeContainer, dig, Json, objectsOf, stringsOf } from '../k8s';
import { IndexedObject } from '../object-index';
import { PolicyRule, RuleRun } from '../types';

/** Pod Security "restricted" and the linters' container hardening checks, one rule per control. */

type ContainerCheck = (c: ContainerRef, podSecurity: Json | undefined, o: IndexedObject) => string | undefined;

/** A rule run over every container of every pod-bearing object (init, sidecar and ephemeral included). */
function containerRule(id: string, rationale: string, fix: string, check: ContainerCheck): PolicyRule {
  return {
    id,
    severity: 'error',
    rationale,
    fix,
    check(run: RuleRun) {
      for (const o of run.index.workloads) {
        const podSecurity = asObject(o.pod!.spec.securityContext);
        for (const c of containersOf(o.pod!)) {
          const problem = check(c, podSecurity, o);
          if (problem) run.report(o, `${c.path}: ${describeContainer(c)} ${problem}`);
        }
      }
    },
  };
}

/** A rule run once per pod spec. */
function podRule(id: string, rationale: string, fix: string, check: (pod: Json, path: string) => string[]): PolicyRule {
  return {
    id,
    severity: 'error',
    rationale,
    fix,
    check(run: RuleRun) {
      for (const o of run.index.workloads) for (const problem of check(o.pod!.spec, o.pod!.path)) run.report(o, problem);
    },
  };
}

const sc = (c: ContainerRef) => asObject(c.container.securityContext);

export const runAsNonRootRule = containerRule(
  'run-as-non-root',
  'A container running as root turns any container escape or writable host mount into root on the node.',
  'Set securityContext.runAsNonRoot: true (pod or container) and, where runAsUser is set, a non-zero UID.',
  (c, pod) => {
    const nonRoot = sc(c)?.runAsNonRoot ?? pod?.runAsNonRoot;
    const user = asNumber(sc(c)?.runAsUser) ?? asNumber(pod?.runAsUser);
    if (user === 0) return 'runs as UID 0 (runAsUser: 0)';
    if (nonRoot !== true) return 'does not set runAsNonRoot: true (neither on the container nor on the pod)';
    return undefined;
  },
);

export const noPrivilegeEscalationRule = containerRule(
  'no-privilege-escalation',
  'setuid binaries can gain more privileges than the process started with unless allowPrivilegeEscalation is false.',
  'Set securityContext.allowPrivilegeEscalation: false on every container.',
  (c) => (sc(c)?.allowPrivilegeEscalation === false ? undefined : 'does not set securityContext.allowPrivilegeEscalation: false'),
);

export const dropCapabilitiesRule = containerRule(
  'drop-capabilities',
  'The runtime default capabilities (NET_RAW, CHOWN, ...) are more than a web service needs; Pod Security "restricted" requires dropping ALL.',
  'Set securityContext.capabilities.drop: [ALL]; add back only NET_BIND_SERVICE if the container binds a port below 1024.',
  (c) => {
    const caps = asObject(sc(c)?.capabilities);
    const problems: string[] = [];
    if (!stringsOf(caps?.drop).includes('ALL')) problems.push('does not drop ALL capabilities');
    const added = stringsOf(caps?.add).filter((cap) => cap !== 'NET_BIND_SERVICE');
    if (added.length > 0) problems.push(`adds capabilities ${added.join(', ')} (only NET_BIND_SERVICE is allowed)`);
    return problems.length > 0 ? problems.join(' and ') : undefined;
  },
);

const ALLOWED_SECCOMP = ['RuntimeDefault', 'Localhost'];

export const seccompProfileRule = containerRule(
  'seccomp-profile',
  'Without a seccomp profile every syscall is reachable, including the ones most kernel exploits use.',
  'Set securityContext.seccompProfile.type: RuntimeDefault on the pod (or Localhost with a profile).',
  (c, pod) => {
    const type = asString(dig(sc(c), 'seccompProfile', 'type')) ?? asString(dig(pod, 'seccompProfile', 'type'));
    if (type === undefined) return 'has no seccomp profile (set seccompProfile.type on the pod or the container)';
    return ALLOWED_SECCOMP.includes(type) ? undefined : `uses seccomp profile ${type} (allowed: ${ALLOWED_SECCOMP.join(', ')})`;
  },
);

export const readOnlyRootFsRule = containerRule(
  'read-only-root-fs',
  'A writable root filesystem lets an attacker drop tools and persist changes inside the container.',
  'Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process must write (/tmp, caches).',
  (c) => (sc(c)?.readOnlyRootFilesystem === true ? undefined : 'does not set securityContext.readOnlyRootFilesystem: true'),
);

export const noPrivilegedRule = containerRule(
  'no-privileged',
  'A privileged container has every capability and all host devices: it is root on the node.',
  'Remove securityContext.privileged (or set it to false).',
  (c) => (sc(c)?.privileged === true ? 'is privileged' : undefined),
);

export const noHostPortRule = containerRule(
  'no-host-port',
  'A hostPort binds the node\'s port, limits scheduling to one pod per node and bypasses NetworkPolicies.',
  'Remove hostPort and expose the port through a Service.',
  (c) => {
    const ports = objectsOf(c.container.ports)
      .map((p) => asNumber(p.hostPort))
      .filter((p): p is number => p !== undefined && p !== 0);
    return ports.length > 0 ? `binds host port${ports.length > 1 ? 's' : ''} ${ports.join(', ')}` : undefined;
  },
);

export const noHostNamespacesRule = podRule(
  'no-host-namespaces',
  'Sharing the node\'s network, PID or IPC namespace exposes the node\'s traffic and processes to the pod.',
  'Remove hostNetwork, hostPID and hostIPC from the pod spec.',
  (pod, path) => ['hostNetwork', 'hostPID', 'hostIPC'].filter((f) => pod[f] === true).map((f) => `${path}.${f}: the pod shares the node's ${f.slice(4)} namespace`),
);

export const noHostPathRule = podRule(
  'no-host-path',
  'A hostPath volume gives the pod the node\'s filesystem, the usual first step of a container escape.',
  'Use a PersistentVolumeClaim, emptyDir, ConfigMap or Secret volume instead of hostPath.',
  (pod, path) => {
    const out: string[] = [];
    objectsOf(pod.volumes).forEach((v, i) => {
      if (v.hostPath !== undefined) out.push(`${path}.volumes[${i}]: volume "${asString(v.name) ?? i}" mounts host path ${JSON.stringify(asString(dig(v, 'hostPath', 'path')) ?? '')}`);
    });
    return out;
  },
);

export const SECURITY_RULES: readonly PolicyRule[] = [
  runAsNonRootRule,
  noPrivilegeEscalationRule,
  dropCapabilitiesRule,
  seccompProfileRule,
  readOnlyRootFsRule,
  noPrivilegedRule,
  noHostNamespacesRule,
  noHostPathRule,
  noHostPortRule,
];
