import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import { ShipyardError } from '../../errors';
import { isDns1035Label, isDnsLabel } from '../../manifests/names';
import { Environment, ReplicaPlan } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { propError, wholeNumberProblem } from '../common/prop-error';
import { LABEL_VERSION, selectorLabels, standardLabels } from '../common/labels';
import { ContainerImage, ProbeSpec, ResourceRequests } from './container-options';
import { cloudSqlProxyContainer } from './cloud-sql-proxy';
import { egressRules } from './egress';
import { containerResources, containerSecurityContext, databaseEnv, DEFAULT_USER, nodeAffinity, podSecurityContext, toKubeProbe } from './container-spec';
import { IServiceEndpoint, IWorkloadPods, WorkloadProps } from './workload-props';

/** How a workload serves traffic. */
export interface ServingOptions {
  /** Port the container listens on. */
  readonly containerPort: number;
  /**
   * Port the Service exposes.
   * @default - the container port
   */
  readonly servicePort?: number;
  /**
   * Name of the port (used as the Service's `targetPort`).
   * @default 'http'
   */
  readonly portName?: string;
  /**
   * HTTP path of a readiness check.
   * @default - a TCP check
   */
  readonly healthPath?: string;
  /**
   * Expose outside the cluster the way the environment says (LoadBalancer, NodePort, MetalLB pool).
   * @default false
   */
  readonly public?: boolean;
  /**
   * Make the Service headless (`clusterIP: None`), for StatefulSets.
   * @default false
   */
  readonly headless?: boolean;
  /**
   * More ports of the container: with a `servicePort` they are also on the Service (and admitted
   * by the NetworkPolicy), without one they are for the kubelet's probes only.
   * @default - none
   */
  readonly additionalPorts?: AdditionalPort[];
}

/** Seconds a serving pod keeps taking connections after it is told to stop (see `WorkloadProps.drainSeconds`). */
const DEFAULT_DRAIN_SECONDS = 5;

/** A further port of a serving workload (a second listener, a health endpoint). */
export interface AdditionalPort {
  /** Port name (an IANA_SVC_NAME: at most 15 characters). */
  readonly name: string;
  /** Port the container listens on. */
  readonly containerPort: number;
  /**
   * Port the Service exposes it on.
   * @default - not on the Service (probes only)
   */
  readonly servicePort?: number;
}

/** A volume claim template of a StatefulSet. */
export interface VolumeClaim {
  /** Claim template name (the PVC is `<name>-<pod>`). */
  readonly name: string;
  /** Storage tier. */
  readonly tier: 'fast' | 'bulk';
  /** Size, e.g. `20Gi`. */
  readonly size: string;
  /** Mount path in the main container. */
  readonly path: string;
}

/** What kind of workload a subclass builds. */
export interface WorkloadKind {
  /**
   * Serve traffic through a Service.
   * @default - no Service (a background worker)
   */
  readonly serving?: ServingOptions;
  /**
   * Run as a StatefulSet with these volume claim templates instead of a Deployment.
   * @default - a Deployment
   */
  readonly volumeClaims?: VolumeClaim[];
  /**
   * Init containers that prepare files for the main container, in order.
   * @default - none
   */
  readonly initContainers?: FilePreparer[];
}

/**
 * An init container that writes files into a directory the main container then reads: the directory is
 * an `emptyDir`, writable by the init container and mounted read-only in the main container at the same path.
 */
export interface FilePreparer {
  /** Container name. */
  readonly name: string;
  /** Image, in the environment's registry. */
  readonly image: ContainerImage;
  /** The full command (the image's entrypoint is not relied on). */
  readonly command: string[];
  /** Directory the command writes and the main container reads. */
  readonly directory: string;
}

/** {@link ServingOptions} with the defaults filled in once. */
type ResolvedServing = Required<Omit<ServingOptions, 'healthPath'>> & Pick<ServingOptions, 'healthPath'>;

function resolveServing(s: ServingOptions): ResolvedServing {
  return {
    containerPort: s.containerPort,
    servicePort: s.servicePort ?? s.containerPort,
    portName: s.portName ?? 'http',
    healthPath: s.healthPath,
    public: s.public ?? false,
    headless: s.headless ?? false,
    additionalPorts: s.additionalPorts ?? [],
  };
}

type ObjectMetadata = { name: string; namespace: string; labels: Record<string, string> };

const DEFAULT_RESOURCES: ResourceRequests = { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' };

/**
 * The base of every workload construct: a Deployment (or a StatefulSet with volume claim templates),
 * and, as the workload and the environment call for them, a Service, an autoscaling/v2 HPA, a
 * PodDisruptionBudget and a NetworkPolicy that admits exactly the workloads that declared they talk
 * to it. Security defaults (non-root, read-only root filesystem, no privilege escalation, all
 * capabilities dropped, RuntimeDefault seccomp) live here, not in each service.
 */
export abstract class Workload extends Construct implements IWorkloadPods, IServiceEndpoint {
  /** Workload name. */
  public readonly workloadName: string;
  /** Labels selecting this workload's pods. */
  public readonly podSelector: Readonly<Record<string, string>>;
  /** Replicas or autoscaling range in this environment. */
  public readonly replicaPlan: ReplicaPlan;
  /** Highest number of pods this workload can run in this environment. */
  public readonly maxReplicas: number;
  /** The Deployment; `undefined` when the workload runs as a StatefulSet. */
  public readonly deployment?: k8s.KubeDeployment;
  /** The StatefulSet; `undefined` when the workload runs as a Deployment. */
  public readonly statefulSet?: k8s.KubeStatefulSet;
  /** The HorizontalPodAutoscaler; `undefined` unless the workload autoscales in this environment. */
  public readonly autoscaler?: k8s.KubeHorizontalPodAutoscalerV2;
  /** The PodDisruptionBudget; `undefined` unless the workload can run more than one pod. */
  public readonly disruptionBudget?: k8s.KubePodDisruptionBudget;
  /** The Service; `undefined` for workloads that serve nothing. */
  public readonly service?: k8s.KubeService;
  /** The workload's NetworkPolicy: ingress from its clients (when it serves), egress to what it talks to. */
  public readonly networkPolicy: k8s.KubeNetworkPolicy;
  private readonly serving?: ResolvedServing;
  private readonly clients: IWorkloadPods[] = [];
  private readonly targets: IServiceEndpoint[] = [];

  protected constructor(scope: Construct, id: string, props: WorkloadProps, kind: WorkloadKind = {}) {
    super(scope, id);
    const env = Environment.of(this);
    this.workloadName = props.name ?? id;
    const serving = kind.serving && resolveServing(kind.serving);
    this.serving = serving;
    const name = this.workloadName;
    const workloadName = name;
    // The name becomes the Service's name (an RFC 1035 label), the container's (an RFC 1123 label) and a label
    // value; the API server refuses e.g. "Search_API" on all of them.
    this.node.addValidation({
      validate: () =>
        (serving ? isDns1035Label(workloadName) : isDnsLabel(workloadName))
          ? []
          : [
              `name "${workloadName}" (the construct id unless props.name is set) is not ${serving ? 'an RFC 1035 label, which the API server requires of a Service name' : 'an RFC 1123 label, which the API server requires of a container name'}: lower-case letters, digits and "-"${serving ? ', starting with a letter' : ''}, at most 63 characters`,
            ],
    });
    const partOf = env.project;
    const component = props.component ?? 'app';
    const tag = env.imageTag(name, props.image.tag);
    this.podSelector = selectorLabels(name, partOf);
    const labels = standardLabels({ name, partOf, component });
    const podLabels = { ...labels, [LABEL_VERSION]: tag };
    const metadata = { name, namespace: env.namespace, labels };

    this.replicaPlan = env.replicas(name, { scalable: props.scalable ?? false, fixed: props.replicas });
    const override = env.profile.services[name]?.replicas;
    if (override !== undefined && props.replicas !== undefined && override !== props.replicas) {
      this.node.addValidation({
        validate: () => [`services.${name}.replicas is ${override} in environment "${env.name}", but "${name}" always runs ${props.replicas} (a singleton); remove the override`],
      });
    }
    this.maxReplicas = this.replicaPlan.autoscaling?.maxReplicas ?? this.replicaPlan.replicas ?? 1;
    const replicated = this.maxReplicas > 1;

    const template = this.podTemplate(env, props, kind, podLabels, replicated);
    if (kind.volumeClaims) {
      this.statefulSet = new k8s.KubeStatefulSet(this, 'StatefulSet', {
        metadata,
        spec: {
          serviceName: name,
          replicas: this.replicaPlan.autoscaling ? undefined : this.replicaPlan.replicas,
          selector: { matchLabels: { ...this.podSelector } },
          podManagementPolicy: 'OrderedReady',
          updateStrategy: { type: 'RollingUpdate' },
          revisionHistoryLimit: 5,
          template,
          volumeClaimTemplates: kind.volumeClaims.map((claim) => ({
            metadata: { name: claim.name, labels: { ...this.podSelector } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: env.storageClass(claim.tier),
              resources: { requests: { storage: k8s.Quantity.fromString(claim.size) } },
            },
          })),
        },
      });
    } else {
      const singleWriter = (props.volumes ?? []).length > 0;
      this.deployment = new k8s.KubeDeployment(this, 'Deployment', {
        metadata,
        spec: {
          replicas: this.replicaPlan.autoscaling ? undefined : this.replicaPlan.replicas,
          selector: { matchLabels: { ...this.podSelector } },
          revisionHistoryLimit: 5,
          strategy: singleWriter
            ? { type: 'Recreate' }
            : { type: 'RollingUpdate', rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%'), maxUnavailable: k8s.IntOrString.fromNumber(0) } },
          template,
        },
      });
    }
    for (const mount of props.volumes ?? []) mount.volume._registerMount(this.node.path, this.maxReplicas);

    const scaling = this.replicaPlan.autoscaling;
    if (scaling) {
      this.autoscaler = new k8s.KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
        metadata,
        spec: {
          scaleTargetRef: { apiVersion: 'apps/v1', kind: kind.volumeClaims ? 'StatefulSet' : 'Deployment', name },
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: scaling.targetCpuUtilization } } }],
          behavior: {
            scaleUp: {
              stabilizationWindowSeconds: 0,
              selectPolicy: 'Max',
              policies: [
                { type: 'Percent', value: 100, periodSeconds: 60 },
                { type: 'Pods', value: 4, periodSeconds: 60 },
              ],
            },
            scaleDown: {
              stabilizationWindowSeconds: 300,
              selectPolicy: 'Min',
              policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }],
            },
          },
        },
      });
    }
    if (replicated) {
      this.disruptionBudget = new k8s.KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata,
        spec: { maxUnavailable: k8s.IntOrString.fromNumber(1), selector: { matchLabels: { ...this.podSelector } } },
      });
    }

    if (serving) this.service = this.createService(env, serving, metadata);
    this.networkPolicy = this.createNetworkPolicy(env, props, metadata);

    for (const endpoint of [...(props.talksTo ?? []), ...(props.database?.endpoint ? [props.database.endpoint] : [])]) {
      endpoint.allowFrom(this);
      this.addEgressTarget(endpoint);
    }
  }

  /** Service name clients use. Throws for workloads that do not serve. */
  public get serviceName(): string {
    if (!this.serving) throw new ShipyardError(`${this.node.path}: "${this.workloadName}" has no Service; it cannot be a talksTo target`);
    return this.workloadName;
  }

  /** Port clients connect to. */
  public get servicePort(): number {
    if (!this.serving) throw new ShipyardError(`${this.node.path}: "${this.workloadName}" has no Service`);
    return this.serving.servicePort;
  }

  /** HTTP path that answers 200 when the workload can take traffic; `undefined` when it has none. */
  public get healthPath(): string | undefined {
    return this.serving?.healthPath;
  }

  /** Ports the pods listen on for the Service's ports. Throws for workloads that do not serve. */
  public get targetPorts(): number[] {
    if (!this.serving) throw new ShipyardError(`${this.node.path}: "${this.workloadName}" has no Service`);
    return [this.serving.containerPort, ...this.serving.additionalPorts.filter((p) => p.servicePort !== undefined).map((p) => p.containerPort)];
  }

  /**
   * Lets `client`'s pods connect to this workload: an ingress rule here and, when the client is a
   * workload, an egress rule in the client's NetworkPolicy.
   */
  public allowFrom(client: IWorkloadPods): void {
    if (!this.serving) throw new ShipyardError(`${this.node.path}: "${this.workloadName}" has no Service; "${client.workloadName}" cannot talk to it`);
    if (!this.clients.includes(client)) this.clients.push(client);
    if (client instanceof Workload) client.addEgressTarget(this);
  }

  private addEgressTarget(endpoint: IServiceEndpoint): void {
    if (!this.targets.includes(endpoint)) this.targets.push(endpoint);
  }

  /** Names of the workloads allowed to connect, sorted. */
  public get clientNames(): string[] {
    return this.clients.map((c) => c.workloadName).sort();
  }

  private createService(env: Environment, serving: ResolvedServing, metadata: ObjectMetadata): k8s.KubeService {
    const portName = serving.portName;
    const servicePorts = serving.additionalPorts.filter((p): p is AdditionalPort & { servicePort: number } => p.servicePort !== undefined);
    const exposure = serving.public ? env.publicExposure() : undefined;
    const service = new k8s.KubeService(this, 'Service', {
      metadata: exposure && Object.keys(exposure.annotations).length ? { ...metadata, annotations: exposure.annotations } : metadata,
      spec: {
        type: exposure?.serviceType ?? 'ClusterIP',
        clusterIp: serving.headless ? 'None' : undefined,
        externalTrafficPolicy: exposure?.externalTrafficPolicy,
        publishNotReadyAddresses: serving.headless ? true : undefined,
        selector: { ...this.podSelector },
        ports: [
          { name: portName, port: this.servicePort, targetPort: k8s.IntOrString.fromString(portName), protocol: 'TCP' },
          ...servicePorts.map((p) => ({ name: p.name, port: p.servicePort, targetPort: k8s.IntOrString.fromString(p.name), protocol: 'TCP' })),
        ],
      },
    });
    this.node.addValidation({
      validate: () =>
        serving.public || this.clients.length || serving.headless
          ? []
          : [`"${this.workloadName}" serves port ${this.servicePort} but no workload talks to it: its NetworkPolicy admits nothing (add it to a client's talksTo)`],
    });
    return service;
  }

  /**
   * One NetworkPolicy per workload: ingress from the workloads that talk to it (anyone for public
   * services), egress to DNS, the Services it talks to, its database path and the profile's
   * destinations it names in `egressTo`. Everything else is dropped by the namespace's default deny.
   */
  private createNetworkPolicy(env: Environment, props: WorkloadProps, metadata: ObjectMetadata): k8s.KubeNetworkPolicy {
    const serving = this.serving;
    const external = (props.egressTo ?? []).map((name) => ({ name, destination: env.egressDestination(name) }));
    const missing = external.filter((e) => !e.destination).map((e) => e.name);
    if (missing.length) {
      this.node.addValidation({
        validate: () => [
          `"${this.workloadName}" connects to ${missing.map((m) => `"${m}"`).join(', ')} (egressTo), which environment "${env.name}" does not declare in network.egress: its egress NetworkPolicy would drop the connection`,
        ],
      });
    }
    const tcp = (port: string) => ({ port: k8s.IntOrString.fromString(port), protocol: 'TCP' });
    const cloudSql = props.database?.connection.mode === 'cloud-sql';
    return new k8s.KubeNetworkPolicy(this, 'NetworkPolicy', {
      metadata,
      spec: {
        podSelector: { matchLabels: { ...this.podSelector } },
        policyTypes: serving ? ['Ingress', 'Egress'] : ['Egress'],
        // Resolved when the chart is synthesized, after every client has called allowFrom.
        ingress: serving
          ? (Lazy.any({
              produce: () => {
                const names = [serving.portName, ...serving.additionalPorts.filter((p) => p.servicePort !== undefined).map((p) => p.name)];
                const ports = names.map((n) => tcp(n));
                if (serving.public) return [{ ports }];
                return this.clients.length ? [{ from: this.clients.map((c) => ({ podSelector: { matchLabels: { ...c.podSelector } } })), ports }] : [];
              },
            }) as k8s.NetworkPolicyIngressRule[])
          : undefined,
        egress: Lazy.any({
          produce: () => egressRules(env, { targets: this.targets, cloudSql, external: external.flatMap((e) => (e.destination ? [e.destination] : [])) }),
        }) as k8s.NetworkPolicyEgressRule[],
      },
    });
  }

  private podTemplate(env: Environment, props: WorkloadProps, kind: WorkloadKind, podLabels: Record<string, string>, replicated: boolean): k8s.PodTemplateSpec {
    const name = this.workloadName;
    const user = props.runAsUser ?? DEFAULT_USER;
    if (user === 0) throw new ShipyardError(`${this.node.path}: runAsUser must not be 0 (root)`);
    const serving = this.serving;
    const resources = props.resources ?? DEFAULT_RESOURCES;

    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    (props.writablePaths ?? ['/tmp']).forEach((path, i) => {
      const volumeName = `scratch-${i}`;
      volumes.push({ name: volumeName, emptyDir: { sizeLimit: k8s.Quantity.fromString('256Mi') } });
      mounts.push({ name: volumeName, mountPath: path });
    });
    (props.configMounts ?? []).forEach((m, i) => {
      const volumeName = `config-${i}`;
      volumes.push({ name: volumeName, configMap: { name: m.config.configMapName } });
      mounts.push({ name: volumeName, mountPath: m.path, readOnly: true });
    });
    (props.secretMounts ?? []).forEach((m, i) => {
      const volumeName = `secret-${i}`;
      volumes.push({ name: volumeName, secret: { secretName: m.secret.secretName, defaultMode: 0o440 } });
      mounts.push({ name: volumeName, mountPath: m.path, readOnly: true });
    });
    (props.volumes ?? []).forEach((m, i) => {
      const volumeName = `data-${i}`;
      volumes.push({ name: volumeName, persistentVolumeClaim: { claimName: m.volume.claimName } });
      mounts.push({ name: volumeName, mountPath: m.path, readOnly: m.readOnly });
    });
    for (const claim of kind.volumeClaims ?? []) mounts.push({ name: claim.name, mountPath: claim.path });
    const initContainers: k8s.Container[] = (kind.initContainers ?? []).map((init, i) => {
      const volumeName = `prepared-${i}`;
      volumes.push({ name: volumeName, emptyDir: { sizeLimit: k8s.Quantity.fromString('16Mi') } });
      mounts.push({ name: volumeName, mountPath: init.directory, readOnly: true });
      return {
        name: init.name,
        image: env.image(init.image.repository, init.image.tag),
        imagePullPolicy: 'IfNotPresent',
        command: init.command,
        resources: { requests: { cpu: k8s.Quantity.fromString('10m'), memory: k8s.Quantity.fromString('16Mi') }, limits: { memory: k8s.Quantity.fromString('64Mi') } },
        securityContext: containerSecurityContext(user),
        volumeMounts: [{ name: volumeName, mountPath: init.directory }],
      };
    });

    const envVars: k8s.EnvVar[] = Object.entries(props.env ?? {}).map(([key, value]) => ({ name: key, value }));
    const database = props.database;
    if (database) envVars.push(...databaseEnv(database));
    for (const [key, ref] of Object.entries(props.secretEnv ?? {})) {
      envVars.push({ name: key, valueFrom: { secretKeyRef: ref.secret.keyRef(ref.key) } });
    }

    const grace = props.terminationGracePeriodSeconds ?? 30;
    const drain = props.drainSeconds ?? (serving ? DEFAULT_DRAIN_SECONDS : 0);
    const graceProblem = wholeNumberProblem(grace, 0);
    if (graceProblem) throw propError(this.node.scope!, this.node.id, 'terminationGracePeriodSeconds', graceProblem);
    const drainProblem = wholeNumberProblem(drain, 0) ?? (drain > 0 && drain >= grace
      ? `${drain} s of draining leaves nothing of terminationGracePeriodSeconds (${grace} s) for the program's own shutdown: the kubelet would kill it mid-request`
      : undefined);
    if (drainProblem) throw propError(this.node.scope!, this.node.id, 'drainSeconds', drainProblem);
    const probes = serving
      ? defaultProbes(serving, props)
      : { readiness: props.readiness && toKubeProbe(props.readiness.spec), liveness: props.liveness && toKubeProbe(props.liveness.spec) };
    const main: k8s.Container = {
      name,
      image: env.image(props.image.repository, props.image.tag, name),
      imagePullPolicy: 'IfNotPresent',
      command: props.command,
      args: props.args,
      ports: serving
        ? [
            { name: serving.portName, containerPort: serving.containerPort, protocol: 'TCP' },
            ...serving.additionalPorts.map((p) => ({ name: p.name, containerPort: p.containerPort, protocol: 'TCP' })),
          ]
        : undefined,
      env: envVars.length ? envVars : undefined,
      envFrom: props.envFrom?.length ? props.envFrom.map((c) => ({ configMapRef: { name: c.configMapName } })) : undefined,
      resources: containerResources(resources),
      readinessProbe: probes.readiness,
      livenessProbe: probes.liveness,
      startupProbe: props.startup && toKubeProbe(props.startup.spec),
      securityContext: containerSecurityContext(user),
      volumeMounts: mounts.length ? mounts : undefined,
      lifecycle: drain > 0 ? { preStop: { exec: { command: ['sleep', String(drain)] } } } : undefined,
    };

    const containers = [main];
    let serviceAccountName: string | undefined;
    if (database?.connection.mode === 'cloud-sql') {
      // A native sidecar: started (its startup probe passed) before the main container, stopped only after
      // it has exited, so the program has its database through its drain and shutdown. As a plain
      // container the proxy got SIGTERM with the program and refused new connections at once.
      initContainers.push({ ...cloudSqlProxyContainer(env, database.connection), restartPolicy: 'Always' });
      serviceAccountName = env.appServiceAccount;
    }

    const affinityLabels = env.nodeLabels(props.role ?? 'app');
    return {
      metadata: { labels: podLabels },
      spec: {
        automountServiceAccountToken: false,
        serviceAccountName,
        enableServiceLinks: false,
        terminationGracePeriodSeconds: grace,
        securityContext: podSecurityContext(user),
        affinity: nodeAffinity(affinityLabels),
        topologySpreadConstraints: replicated
          ? [{ maxSkew: 1, topologyKey: env.spreadTopologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...this.podSelector } } }]
          : undefined,
        initContainers: initContainers.length ? initContainers : undefined,
        containers,
        volumes: volumes.length ? volumes : undefined,
      },
    };
  }
}

function defaultProbes(serving: ResolvedServing, props: WorkloadProps): { readiness: k8s.Probe; liveness: k8s.Probe } {
  const port = serving.portName;
  const readiness: ProbeSpec =
    props.readiness?.spec ?? (serving.healthPath ? { httpGet: { path: serving.healthPath, port }, periodSeconds: 10 } : { tcpSocket: { port }, periodSeconds: 10 });
  const liveness: ProbeSpec = props.liveness?.spec ?? { tcpSocket: { port }, periodSeconds: 20, failureThreshold: 3, timeoutSeconds: 3 };
  return { readiness: toKubeProbe(readiness), liveness: toKubeProbe(liveness) };
}
