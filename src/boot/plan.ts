import { labelSelectorSelects, serviceSelects } from '../manifests/selectors';
import { IMAGES, ImageBind, imageRepository, ImageUser } from './images';
import {
  Container, EnvVar, KeyRef, KubeObject, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec, PodSpec, Probe, ServiceSpec, Volume, WorkloadSpec, specOf,
} from './wire';

/**
 * The pure half of the boot test: from an environment's objects to what a kubelet would run on a
 * node — pods with their containers' final argv, environment, user, mounts and probes, and the
 * Services' addresses. No file, process or network is touched here.
 */

/** Why a pod cannot start, as the kubelet or API server would report it. */
export class PlanError extends Error {}

/** A file of a ConfigMap or Secret volume. */
export interface ProjectedFile {
  readonly path: string;
  readonly content: string;
  readonly mode: number;
}

/** How a volume is materialised. */
export type VolumePlan =
  | { readonly name: string; readonly kind: 'emptyDir' }
  | { readonly name: string; readonly kind: 'pvc'; readonly claim: string; readonly readOnly: boolean }
  | { readonly name: string; readonly kind: 'files'; readonly source: string; readonly files: readonly ProjectedFile[] };

/** A mount of a container. */
export interface MountPlan {
  readonly path: string;
  readonly volume: string;
  readonly subPath?: string;
  readonly readOnly: boolean;
}

/** A probe with its port resolved to a number. */
export interface ProbePlan {
  readonly kind: 'startup' | 'readiness' | 'liveness';
  readonly action: { readonly http: { readonly port: number; readonly path: string } } | { readonly tcp: number } | { readonly exec: readonly string[] };
  readonly initialDelaySeconds: number;
  readonly periodSeconds: number;
  readonly timeoutSeconds: number;
  readonly failureThreshold: number;
}

/** A container as it will run. */
export interface ContainerPlan {
  readonly name: string;
  readonly image: string;
  /** Catalog key of the image (`redis`, `shop-web`, ...). */
  readonly repository: string;
  /** What runs (real program or stand-in), for the report. */
  readonly runs: string;
  readonly standIn: boolean;
  /** The argv exec'd after the image's entrypoint script, or why the script exits. */
  readonly argv: readonly string[];
  readonly entrypointError?: string;
  readonly env: Readonly<Record<string, string>>;
  readonly workingDir: string;
  readonly user: number;
  readonly group: number;
  readonly supplementalGroups: readonly number[];
  readonly readOnlyRootFilesystem: boolean;
  readonly noNewPrivileges: boolean;
  readonly mounts: readonly MountPlan[];
  readonly imageBinds: readonly ImageBind[];
  readonly imageUsers: readonly ImageUser[];
  readonly ports: Readonly<Record<string, number>>;
  readonly probes: readonly ProbePlan[];
  /** Init container (runs to completion before the others). */
  readonly init: boolean;
  /** Native sidecar: an init container with `restartPolicy: Always`, started (and its startup probe passed) before the next one, stopped after the main containers. */
  readonly sidecar: boolean;
}

/** A pod as the kubelet runs it. */
export interface PodPlan {
  readonly name: string;
  readonly workload: string;
  readonly workloadKind: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly ip: string;
  readonly hostname: string;
  /** Fully qualified name of a StatefulSet pod under its governing Service. */
  readonly fqdn?: string;
  readonly fsGroup?: number;
  readonly terminationGracePeriodSeconds: number;
  readonly volumes: readonly VolumePlan[];
  readonly containers: readonly ContainerPlan[];
  /** The pod's restartPolicy: `Always` for Deployments and StatefulSets, `Never` or `OnFailure` for Jobs. */
  readonly restartPolicy: 'Always' | 'OnFailure' | 'Never';
  /** For a Job's pod: how many failed pods the Job tolerates, and its deadline. */
  readonly job?: { readonly backoffLimit: number; readonly activeDeadlineSeconds?: number };
}

/** A Service as kube-proxy and DNS see it. */
export interface ServicePlan {
  readonly name: string;
  /** Virtual address, or undefined for a headless Service (DNS returns the pods). */
  readonly ip?: string;
  readonly ports: readonly { readonly name?: string; readonly port: number; readonly endpoints: readonly { readonly pod: string; readonly ip: string; readonly port: number }[] }[];
}

/** A NetworkPolicy in the form the pod network enforces. */
export interface PolicyPlan {
  readonly name: string;
  readonly pods: readonly string[];
  readonly ingress?: readonly RulePlan[];
  readonly egress?: readonly RulePlan[];
}

/** One rule: traffic from/to any of `peers` (undefined = anyone) on any of `ports` (undefined = all ports). */
export interface RulePlan {
  readonly peers?: readonly { readonly ip?: string; readonly cidr?: string; readonly except?: readonly string[] }[];
  readonly ports?: readonly { readonly port?: number; readonly endPort?: number; readonly protocol: string }[];
}

/** Everything one environment boots. */
export interface BootPlan {
  readonly namespace: string;
  readonly pods: readonly PodPlan[];
  readonly services: readonly ServicePlan[];
  readonly policies: readonly PolicyPlan[];
  /** Images seen in pods that the catalog does not know (not booted). */
  readonly unknownImages: readonly string[];
}

/** Label of the pods standing in for what runs outside the cluster (e.g. Cloud SQL). */
export const STAND_IN_LABEL = 'boot.shipyard.dev/stand-in';

/** Address plan: pods and Services live in 198.18.0.0/15 (RFC 2544 benchmarking range), never routed off this machine. */
export const NODE_ADDRESS = '198.18.0.1';
export const POD_PREFIX = 16;
const podAddress = (i: number) => `198.18.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
const serviceAddress = (i: number) => `198.19.${Math.floor(i / 250)}.${1 + (i % 250)}`;

/** Options of {@link planBoot}. */
export interface PlanOptions {
  /** Secrets the External Secrets Operator (or inline Secret objects) provide, by name → key → value. */
  readonly secrets?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

/** Plans every pod of the objects. Throws {@link PlanError} naming the pod and field when one cannot start. */
export function planBoot(objects: readonly KubeObject[], options: PlanOptions = {}): BootPlan {
  const byKind = (kind: string) => objects.filter((o) => o.kind === kind);
  const namespace = objects.find((o) => o.metadata.namespace)?.metadata.namespace ?? 'default';
  const configMaps = new Map(byKind('ConfigMap').map((o) => [o.metadata.name, stringData(o)]));
  const secrets = new Map<string, Record<string, string>>(byKind('Secret').map((o) => [o.metadata.name, stringData(o)]));
  for (const [name, data] of Object.entries(options.secrets ?? {})) secrets.set(name, { ...data });
  const claims = new Set(byKind('PersistentVolumeClaim').map((o) => o.metadata.name));
  const hpaMin = new Map<string, number>();
  for (const hpa of byKind('HorizontalPodAutoscaler')) {
    const spec = hpa.spec as { scaleTargetRef: { kind: string; name: string }; minReplicas?: number };
    hpaMin.set(`${spec.scaleTargetRef.kind}/${spec.scaleTargetRef.name}`, spec.minReplicas ?? 1);
  }

  const pods: PodPlan[] = [];
  const unknownImages = new Set<string>();
  for (const workload of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet' || o.kind === 'Job')) {
    const spec = specOf<WorkloadSpec>(workload);
    const name = workload.metadata.name;
    const isJob = workload.kind === 'Job';
    // A Job runs one pod at a time here (parallelism 1, as the migrations have); a new pod per attempt.
    const replicas = isJob ? 1 : spec.replicas ?? hpaMin.get(`${workload.kind}/${name}`) ?? 1;
    for (let i = 0; i < replicas; i++) {
      const podName = isJob ? `${name}-pod` : `${name}-${i}`;
      const stateful = workload.kind === 'StatefulSet';
      const ctx: PodContext = { podName, namespace, configMaps, secrets, claims, ip: podAddress(pods.length) };
      const podSpec = spec.template.spec;
      const volumes = (podSpec.volumes ?? []).map((v) => planVolume(ctx, v));
      for (const tpl of stateful ? spec.volumeClaimTemplates ?? [] : []) {
        volumes.push({ name: tpl.metadata.name, kind: 'pvc', claim: `${tpl.metadata.name}-${podName}`, readOnly: false });
      }
      const images = [...(podSpec.initContainers ?? []), ...podSpec.containers].map((c) => c.image);
      const unknown = images.filter((image) => !imageRepository(image));
      if (unknown.length) {
        unknown.forEach((image) => unknownImages.add(image));
        continue;
      }
      const containers = [
        ...(podSpec.initContainers ?? []).map((c) => planContainer(ctx, podSpec, c, volumes, c.restartPolicy === 'Always' ? 'sidecar' : 'init')),
        ...podSpec.containers.map((c) => planContainer(ctx, podSpec, c, volumes, 'main')),
      ];
      const restartPolicy = podSpec.restartPolicy ?? 'Always';
      if (isJob && restartPolicy === 'Always') throw new PlanError(`Job ${name}: spec.template.spec.restartPolicy: Always is not allowed for a Job (the API server refuses it)`);
      pods.push({
        name: podName,
        workload: name,
        workloadKind: workload.kind,
        labels: { ...(spec.template.metadata?.labels ?? {}) },
        ip: ctx.ip,
        hostname: podName,
        fqdn: stateful && spec.serviceName ? `${podName}.${spec.serviceName}.${namespace}.svc.cluster.local` : undefined,
        fsGroup: podSpec.securityContext?.fsGroup,
        terminationGracePeriodSeconds: podSpec.terminationGracePeriodSeconds ?? 30,
        volumes,
        containers,
        restartPolicy,
        job: isJob ? { backoffLimit: spec.backoffLimit ?? 6, activeDeadlineSeconds: spec.activeDeadlineSeconds } : undefined,
      });
    }
  }

  const services: ServicePlan[] = byKind('Service').map((svc, i) => {
    const spec = specOf<ServiceSpec>(svc);
    const selected = pods.filter((p) => serviceSelects(spec.selector, p.labels));
    return {
      name: svc.metadata.name,
      ip: spec.clusterIP === 'None' ? undefined : serviceAddress(i),
      ports: spec.ports.map((port) => ({
        name: port.name,
        port: port.port,
        endpoints: selected.flatMap((pod) => {
          const target = port.targetPort ?? port.port;
          const number = typeof target === 'number' ? target : pod.containers.map((c) => c.ports[target]).find((n) => n !== undefined);
          return number === undefined ? [] : [{ pod: pod.name, ip: pod.ip, port: number }];
        }),
      })),
    };
  });

  const policies = byKind('NetworkPolicy').map((np) => planPolicy(np, pods));
  return { namespace, pods, services, policies, unknownImages: [...unknownImages].sort() };
}

interface PodContext {
  readonly podName: string;
  readonly namespace: string;
  readonly configMaps: ReadonlyMap<string, Record<string, string>>;
  readonly secrets: ReadonlyMap<string, Record<string, string>>;
  readonly claims: ReadonlySet<string>;
  readonly ip: string;
}

function stringData(o: KubeObject): Record<string, string> {
  const out: Record<string, string> = {};
  const data = (o.data ?? {}) as Record<string, string>;
  const binary = (o.binaryData ?? {}) as Record<string, string>;
  const plain = (o.stringData ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(data)) out[k] = o.kind === 'Secret' ? Buffer.from(v, 'base64').toString('utf8') : String(v);
  for (const [k, v] of Object.entries(binary)) out[k] = Buffer.from(v, 'base64').toString('utf8');
  for (const [k, v] of Object.entries(plain)) out[k] = String(v);
  return out;
}

function planVolume(ctx: PodContext, v: Volume): VolumePlan {
  const where = `pod ${ctx.podName}: volume "${v.name}"`;
  if (v.emptyDir) return { name: v.name, kind: 'emptyDir' };
  if (v.persistentVolumeClaim) {
    if (!ctx.claims.has(v.persistentVolumeClaim.claimName)) throw new PlanError(`${where}: PersistentVolumeClaim "${v.persistentVolumeClaim.claimName}" does not exist (the pod stays Pending)`);
    return { name: v.name, kind: 'pvc', claim: v.persistentVolumeClaim.claimName, readOnly: v.persistentVolumeClaim.readOnly ?? false };
  }
  const source = v.configMap
    ? { kind: 'ConfigMap', name: v.configMap.name, data: ctx.configMaps.get(v.configMap.name), items: v.configMap.items, mode: v.configMap.defaultMode ?? 0o644, optional: v.configMap.optional }
    : v.secret
      ? { kind: 'Secret', name: v.secret.secretName, data: ctx.secrets.get(v.secret.secretName), items: v.secret.items, mode: v.secret.defaultMode ?? 0o644, optional: v.secret.optional }
      : undefined;
  if (!source) throw new PlanError(`${where}: volume type not supported by the boot test (${Object.keys(v).filter((k) => k !== 'name').join(', ')})`);
  if (!source.data) {
    if (source.optional) return { name: v.name, kind: 'files', source: `${source.kind}/${source.name}`, files: [] };
    throw new PlanError(`${where}: ${source.kind} "${source.name}" does not exist (the pod stays in ContainerCreating)`);
  }
  const data = source.data;
  const files = source.items
    ? source.items.map((item) => {
      if (data[item.key] === undefined) throw new PlanError(`${where}: ${source.kind} "${source.name}" has no key "${item.key}"`);
      return { path: item.path, content: data[item.key], mode: item.mode ?? source.mode };
    })
    : Object.entries(data).map(([key, content]) => ({ path: key, content, mode: source.mode }));
  return { name: v.name, kind: 'files', source: `${source.kind}/${source.name}`, files };
}

function planContainer(ctx: PodContext, pod: PodSpec, c: Container, volumes: readonly VolumePlan[], role: 'init' | 'sidecar' | 'main'): ContainerPlan {
  const where = `pod ${ctx.podName}, container "${c.name}"`;
  const repository = imageRepository(c.image);
  if (!repository) throw new PlanError(`${where}: image "${c.image}" is not one the boot test knows`);
  const image = IMAGES[repository];

  const env: Record<string, string> = { ...image.env, HOSTNAME: ctx.podName };
  const lookup = (kind: 'Secret' | 'ConfigMap', ref: KeyRef, field: string): string | undefined => {
    const data = (kind === 'Secret' ? ctx.secrets : ctx.configMaps).get(ref.name);
    if (!data) {
      if (ref.optional) return undefined;
      throw new PlanError(`${where}: ${field}: ${kind} "${ref.name}" not found (CreateContainerConfigError)`);
    }
    if (data[ref.key] === undefined && !ref.optional) throw new PlanError(`${where}: ${field}: ${kind} "${ref.name}" has no key "${ref.key}" (CreateContainerConfigError)`);
    return data[ref.key];
  };
  for (const from of c.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const data = (kind === 'Secret' ? ctx.secrets : ctx.configMaps).get(ref.name);
    if (!data) {
      if (ref.optional) continue;
      throw new PlanError(`${where}: envFrom: ${kind} "${ref.name}" not found (CreateContainerConfigError)`);
    }
    for (const [k, v] of Object.entries(data)) if (/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(k)) env[`${from.prefix ?? ''}${k}`] = v;
  }
  for (const e of c.env ?? []) {
    const value = envValue(ctx, e, lookup, env);
    if (value !== undefined) env[e.name] = value;
  }

  const expand = (s: string) => expandRefs(s, env);
  const command = c.command ? c.command.map(expand) : [...image.entrypoint];
  const args = c.args ? c.args.map(expand) : c.command ? [] : [...image.cmd];
  let argv = [...command, ...args];
  let entrypointError: string | undefined;
  if (image.entrypointScript && argv[0] === image.entrypointScript.name) {
    try {
      argv = image.entrypointScript.exec(argv.slice(1), env);
    } catch (e) {
      entrypointError = (e as Error).message;
    }
  }
  if (argv.length === 0) throw new PlanError(`${where}: nothing to run (no command, args, ENTRYPOINT or CMD)`);

  const sc = { ...(pod.securityContext ?? {}), ...(c.securityContext ?? {}) };
  const user = sc.runAsUser ?? 0;
  if (sc.runAsNonRoot && user === 0) throw new PlanError(`${where}: runAsNonRoot and the image would run as root (CreateContainerConfigError)`);
  const group = sc.runAsGroup ?? user;
  const supplementalGroups = [...(pod.securityContext?.fsGroup !== undefined ? [pod.securityContext.fsGroup] : []), ...(pod.securityContext?.supplementalGroups ?? [])];
  const dropsAll = (sc.capabilities?.drop ?? []).includes('ALL');
  if (!dropsAll || (sc.capabilities?.add ?? []).length) throw new PlanError(`${where}: the boot test runs containers with every capability dropped; this one keeps or adds some (${JSON.stringify(sc.capabilities ?? {})})`);

  const mounts: MountPlan[] = (c.volumeMounts ?? []).map((m) => {
    const volume = volumes.find((v) => v.name === m.name);
    if (!volume) throw new PlanError(`${where}: volumeMount "${m.mountPath}" names volume "${m.name}", which the pod does not have`);
    const forcedRo = volume.kind === 'files' || (volume.kind === 'pvc' && volume.readOnly);
    return { path: m.mountPath, volume: m.name, subPath: m.subPath, readOnly: forcedRo || (m.readOnly ?? false) };
  });

  const ports: Record<string, number> = {};
  for (const p of c.ports ?? []) if (p.name) ports[p.name] = p.containerPort;
  const portOf = (port: number | string, field: string): number => {
    if (typeof port === 'number') return port;
    if (ports[port] === undefined) throw new PlanError(`${where}: ${field} names port "${port}", which the container does not declare`);
    return ports[port];
  };
  const probes: ProbePlan[] = [];
  const probe = (kind: ProbePlan['kind'], p: Probe | undefined) => {
    if (!p) return;
    const field = `${kind}Probe`;
    const action = p.httpGet
      ? { http: { port: portOf(p.httpGet.port, field), path: p.httpGet.path ?? '/' } }
      : p.tcpSocket
        ? { tcp: portOf(p.tcpSocket.port, field) }
        : p.exec
          ? { exec: p.exec.command }
          : undefined;
    if (!action) throw new PlanError(`${where}: ${field} has no handler the boot test runs (httpGet, tcpSocket, exec)`);
    probes.push({
      kind,
      action,
      initialDelaySeconds: p.initialDelaySeconds ?? 0,
      periodSeconds: p.periodSeconds ?? 10,
      timeoutSeconds: p.timeoutSeconds ?? 1,
      failureThreshold: p.failureThreshold ?? 3,
    });
  };
  probe('startup', c.startupProbe);
  probe('readiness', c.readinessProbe);
  probe('liveness', c.livenessProbe);

  return {
    name: c.name,
    image: c.image,
    repository,
    runs: image.runs,
    standIn: image.kind === 'stand-in',
    argv,
    entrypointError,
    env,
    workingDir: c.workingDir ?? image.workingDir,
    user,
    group,
    supplementalGroups,
    readOnlyRootFilesystem: sc.readOnlyRootFilesystem ?? false,
    noNewPrivileges: sc.allowPrivilegeEscalation === false,
    mounts,
    imageBinds: image.binds,
    imageUsers: image.users ?? [],
    ports,
    probes,
    init: role === 'init',
    sidecar: role === 'sidecar',
  };
}

function envValue(
  ctx: PodContext,
  e: EnvVar,
  lookup: (kind: 'Secret' | 'ConfigMap', ref: KeyRef, field: string) => string | undefined,
  env: Record<string, string>,
): string | undefined {
  if (e.value !== undefined) return expandRefs(e.value, env);
  const from = e.valueFrom;
  if (!from) return '';
  if (from.secretKeyRef) return lookup('Secret', from.secretKeyRef, `env ${e.name}`);
  if (from.configMapKeyRef) return lookup('ConfigMap', from.configMapKeyRef, `env ${e.name}`);
  if (from.fieldRef) {
    const fields: Record<string, string> = { 'metadata.name': ctx.podName, 'metadata.namespace': ctx.namespace, 'status.podIP': ctx.ip, 'spec.nodeName': 'boot-node', 'status.hostIP': NODE_ADDRESS };
    const v = fields[from.fieldRef.fieldPath];
    if (v === undefined) throw new PlanError(`pod ${ctx.podName}: env ${e.name}: fieldRef ${from.fieldRef.fieldPath} is not supported by the boot test`);
    return v;
  }
  return undefined;
}

/** Kubernetes `$(VAR)` expansion in command, args and env values; `$$` escapes; unknown references stay as written. */
export function expandRefs(s: string, env: Readonly<Record<string, string>>): string {
  return s.replace(/\$\$|\$\(([-._a-zA-Z][-._a-zA-Z0-9]*)\)/g, (m, name: string | undefined) => (m === '$$' ? '$' : name !== undefined && env[name] !== undefined ? env[name] : m));
}

type Peer = NonNullable<RulePlan['peers']>[number];
type PortRule = NonNullable<RulePlan['ports']>[number];

function planPolicy(np: KubeObject, pods: readonly PodPlan[]): PolicyPlan {
  const spec = specOf<NetworkPolicySpec>(np);
  // Stand-ins for what runs outside the cluster (Cloud SQL) are not the namespace's pods: no policy selects them.
  const selected = pods.filter((p) => !p.labels[STAND_IN_LABEL] && labelSelectorSelects(spec.podSelector, p.labels));
  const types = spec.policyTypes ?? (spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
  const rule = (peerList: readonly NetworkPolicyPeer[] | undefined, portList: readonly NetworkPolicyPort[] | undefined, portOwners: readonly PodPlan[]): RulePlan => ({
    // An empty or missing list matches everything.
    peers: !peerList?.length ? undefined : peerList.flatMap((peer): Peer[] => {
      if (peer.ipBlock) return [{ cidr: peer.ipBlock.cidr, except: peer.ipBlock.except }];
      // A namespaceSelector alone selects every pod of the matching namespaces; the boot runs one namespace.
      return pods.filter((p) => labelSelectorSelects(peer.podSelector ?? {}, p.labels)).map((p) => ({ ip: p.ip }));
    }),
    ports: !portList?.length ? undefined : portList.flatMap((p): PortRule[] => {
      const protocol = p.protocol ?? 'TCP';
      if (typeof p.port === 'string') return namedPortNumbers(p.port, portOwners).map((port) => ({ port, protocol }));
      return [{ port: p.port, endPort: p.endPort, protocol }];
    }),
  });
  return {
    name: np.metadata.name,
    pods: selected.map((p) => p.name),
    ingress: types.includes('Ingress') ? (spec.ingress ?? []).map((r) => rule(r.from, r.ports, selected)) : undefined,
    egress: types.includes('Egress') ? (spec.egress ?? []).map((r) => rule(r.to, r.ports, pods)) : undefined,
  };
}

function namedPortNumbers(name: string, pods: readonly PodPlan[]): number[] {
  const set = new Set<number>();
  for (const pod of pods) for (const c of pod.containers) if (c.ports[name] !== undefined) set.add(c.ports[name]);
  return [...set];
}
