import { IConstruct } from 'constructs';
import { ShipyardError } from '../errors';
import { IMAGE_LOCK_FILE, imageLockKey } from '../images/image-lock';
import { appServiceAccountName, CloudNames, cloudNames } from './cloud-names';
import { ClusterProfile, EgressDestination, EnvironmentProfile, NodeRole, PlatformKind } from './environment-profile';
import { ResolvedDatabase, ResolvedProfile, ResolvedStorageClass, resolveProfile } from './resolved-profile';

/** How many replicas a workload runs: a fixed count or an autoscaling range. */
export interface ReplicaPlan {
  /** Fixed replica count, when not autoscaled. */
  readonly replicas?: number;
  /** Autoscaling range, when autoscaled. */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuUtilization: number };
}

/** What a public Service looks like in this environment. */
export interface PublicExposure {
  /** Service type. */
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  /** External traffic policy. */
  readonly externalTrafficPolicy: 'Local' | 'Cluster';
  /** Annotations for the Service (cloud options, MetalLB pool and addresses). */
  readonly annotations: Record<string, string>;
}

/** How the application reaches MySQL in this environment. */
export type DatabaseConnection = ResolvedDatabase;

/** A NetworkPolicy egress allowance to addresses outside the cluster. */
export interface EgressAllowance {
  /** What it is for, for messages. */
  readonly purpose: string;
  /** Destination CIDRs. */
  readonly cidrs: readonly string[];
  /** TCP ports. */
  readonly ports: readonly number[];
}

/** The cluster DNS pods every pod may query. */
export interface DnsPeer {
  /** Namespace of the DNS pods. */
  readonly namespace: string;
  /** Labels of the DNS pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/**
 * `private.googleapis.com`: the Google API addresses reachable through Private Google Access; the
 * cloud stack points `*.googleapis.com` at them, so pods need no route to the internet for Google APIs.
 */
export const PRIVATE_GOOGLE_APIS = '199.36.153.8/30';

const ENVIRONMENT = Symbol.for('shipyard-k8s.Environment');

/** What an {@link Environment} needs besides the profile. */
export interface EnvironmentOptions {
  /**
   * The project's name, a lower-case DNS label (the reference shop's is `shop`). It is the
   * `app.kubernetes.io/part-of` label of every object and the stem of the application's service
   * account (`<project>-app`), its secret keys (`<project>-<secret>-<key>`), the namespace and
   * MySQL schema/user when the profile does not name them, and the labels of the cloud resources.
   */
  readonly project: string;
  /**
   * Image digests (lock key `repository:tag` relative to the registry, or a full reference →
   * `sha256:…`): the project's image lock, which the toolchain reads once when it loads the project.
   * Environments whose profile sets `images.pinDigests` run their images by them.
   * @default - none: an environment that pins digests fails synth naming each image
   */
  readonly imageDigests?: Readonly<Record<string, string>>;
  /**
   * The `--set` overrides (`[ENV:]PATH=VALUE`, as typed) already applied to the profile, recorded in
   * the environment's release manifest so the output says it differs from a plain synth.
   * @default - none
   */
  readonly overrides?: readonly string[];
  /**
   * The image lock file as messages name it (relative to the project's root).
   * @default 'images.lock.json'
   */
  readonly imageLockFile?: string;
}

/**
 * One environment of one project: the profile, validated once, with every default filled in
 * (`profile` is a {@link ResolvedProfile}), and the answers constructs ask it for. Constructs call
 * `Environment.of(this)` and ask for a capability; they never compare environment names and never
 * apply a default of their own.
 *
 * @example
 * const env = new Environment({ ...BUILTIN_PROFILES.baremetal, name: 'site-b', registry: 'mirror.site-b.local/shop' }, { project: 'shop' });
 * env.storageClass('fast'); // 'shop-fast'
 */
export class Environment {
  /** The Environment of the chart a construct lives in. Throws when the construct is outside one. */
  public static of(scope: IConstruct): Environment {
    for (const s of [...scope.node.scopes].reverse()) {
      const env = (s as unknown as Record<symbol, Environment | undefined>)[ENVIRONMENT];
      if (env) return env;
    }
    throw new ShipyardError(`${scope.node.path}: not inside an EnvironmentChart, so no environment profile applies`);
  }

  /** Makes `Environment.of` find `env` for every construct under `scope`. */
  public static attach(scope: IConstruct, env: Environment): void {
    Object.defineProperty(scope, ENVIRONMENT, { value: env, enumerable: false });
  }

  /** The profile, validated, with every default filled in. */
  public readonly profile: ResolvedProfile;

  /** Image digests by `image:tag` (the project's image lock); empty without one. */
  public readonly imageDigests: Readonly<Record<string, string>>;
  /** The `--set` overrides applied to the profile (see {@link EnvironmentOptions.overrides}). */
  public readonly overrides: readonly string[];

  /** The image lock file as messages name it. */
  public readonly imageLockFile: string;

  private readonly cloud?: CloudNames;

  /** Validates and resolves the profile; throws a `ProfileValidationError` naming the environment and field. */
  constructor(profile: EnvironmentProfile, options: EnvironmentOptions) {
    this.profile = resolveProfile(profile, options.project);
    this.cloud = cloudNames(this.profile);
    this.imageDigests = { ...options.imageDigests };
    this.overrides = [...(options.overrides ?? [])];
    this.imageLockFile = options.imageLockFile ?? IMAGE_LOCK_FILE;
  }

  /** The project's name (`app.kubernetes.io/part-of` of every object). */
  public get project(): string {
    return this.profile.project;
  }

  /** Environment name. */
  public get name(): string {
    return this.profile.name;
  }

  /** Kind of cluster. */
  public get platform(): PlatformKind {
    return this.profile.platform;
  }

  /** Namespace of the platform's objects. */
  public get namespace(): string {
    return this.profile.namespace;
  }

  /** Name of the Kubernetes service account the application's workloads run as (`<project>-app`). */
  public get appServiceAccount(): string {
    return appServiceAccountName(this.project);
  }

  /**
   * Whether the environment has no secret store (`secrets.mode: inline-dev`, laptops): TLS certificates
   * are then self-signed when a pod starts instead of read from a Secret, so nothing has to be created by hand.
   */
  public get selfSignsCertificates(): boolean {
    return this.profile.secrets.mode === 'inline-dev';
  }

  /** The image tag a service runs: the profile's per-service override, else `tag`. */
  public imageTag(service: string, tag: string): string {
    return this.profile.services[service]?.tag ?? tag;
  }

  /**
   * The image reference a container of a repository in the environment's registry writes: a
   * service's tag override wins, and where the profile pins digests the locked digest is appended
   * (see {@link Environment.imageReference}).
   */
  public image(repository: string, tag: string, service?: string): string {
    return this.imageReference(`${this.profile.registry}/${repository}:${service === undefined ? tag : this.imageTag(service, tag)}`);
  }

  /**
   * Replicas of a workload. Scalable workloads autoscale where the profile enables it and the range
   * is wider than one; a per-service override pins a fixed count; `fixed` (a singleton such as a
   * database) always wins.
   */
  public replicas(service: string, opts: { scalable: boolean; fixed?: number }): ReplicaPlan {
    if (opts.fixed !== undefined) return { replicas: opts.fixed };
    const override = this.profile.services[service]?.replicas;
    if (override !== undefined) return { replicas: override };
    const scaling = this.profile.autoscaling;
    // A range of one (min = max) is a fixed count: an HPA would have nothing to do.
    if (opts.scalable && scaling.enabled && scaling.maxReplicas > scaling.minReplicas) {
      const { minReplicas, maxReplicas, targetCpuUtilization } = scaling;
      return { autoscaling: { minReplicas, maxReplicas, targetCpuUtilization } };
    }
    return { replicas: scaling.minReplicas };
  }

  /** The storage class of a tier. */
  public storageClass(tier: 'fast' | 'bulk'): string {
    return this.profile.storage[tier].name;
  }

  /** Both storage classes, to emit as StorageClass objects. */
  public storageClasses(): ResolvedStorageClass[] {
    return [this.profile.storage.fast, this.profile.storage.bulk];
  }

  /** How a public service is exposed; on MetalLB sites it is pinned to the pool and floating IPs. */
  public publicExposure(): PublicExposure {
    const exposure = this.profile.exposure;
    const annotations: Record<string, string> = { ...exposure.annotations };
    const lb = this.profile.loadBalancer;
    if (lb && exposure.serviceType === 'LoadBalancer') {
      annotations['metallb.universe.tf/address-pool'] = lb.pool;
      if (lb.addresses.length) annotations['metallb.universe.tf/loadBalancerIPs'] = lb.addresses.join(',');
    }
    return { serviceType: exposure.serviceType, externalTrafficPolicy: exposure.externalTrafficPolicy, annotations };
  }

  /** How the app reaches MySQL. */
  public database(): DatabaseConnection {
    return this.profile.database;
  }

  /** Node labels of a role, or `undefined` when the environment does not have that role. */
  public nodeLabels(role: NodeRole): Record<string, string> | undefined {
    return this.profile.placement.roles[role];
  }

  /** Topology key replicas are spread over. */
  public get spreadTopologyKey(): string {
    return this.profile.placement.spreadTopologyKey;
  }

  /** Names shared with the cdktf stack, on Google Cloud. */
  public cloudNames(): CloudNames | undefined {
    return this.cloud;
  }

  /** What the cluster guarantees the manifests (empty when the profile says nothing). */
  public get cluster(): ClusterProfile {
    return this.profile.cluster;
  }

  /** The cluster DNS pods every pod may query. */
  public dnsPeer(): DnsPeer {
    return this.profile.network.dns;
  }

  /** A named destination outside the cluster, or `undefined` when the profile does not declare it. */
  public egressDestination(name: string): EgressDestination | undefined {
    return this.profile.network.egress[name];
  }

  /** Source ranges allowed to reach the edge's restricted routes (ops, admin); empty: nobody outside. */
  public get adminSources(): readonly string[] {
    return this.profile.network.adminSources;
  }

  /** Whether images are pinned to digests from the image lock file. */
  public get pinsDigests(): boolean {
    return this.profile.images.pinDigests;
  }

  /**
   * The reference a container writes for `image` (a full reference): `image@sha256:…` with the digest
   * of the project's image lock where the profile pins digests (the lock key is `image` relative to
   * the registry), else `image` as given. An image that carries a digest already is kept as it is.
   * Where the environment pins digests and the lock has no entry, `image` comes back unpinned and the
   * policy gate (`image-digest-locked`) fails synth naming the environment, construct and image.
   */
  public imageReference(image: string): string {
    if (!this.pinsDigests || image.includes('@')) return image;
    const digest = this.imageDigests[imageLockKey(image, this.profile.registry)];
    return digest ? `${image}@${digest}` : image;
  }

  /**
   * What the Cloud SQL Auth Proxy sidecar connects to, outside the cluster: the instance's private
   * IP range (port 3307), the Cloud SQL Admin API through Private Google Access (443) and the GKE
   * metadata server for its Workload Identity token. Empty off Cloud SQL.
   */
  public cloudSqlEgress(): EgressAllowance[] {
    const gcp = this.profile.gcp;
    if (this.profile.database.mode !== 'cloud-sql' || !gcp) return [];
    return [
      { purpose: 'Cloud SQL private IP', cidrs: [gcp.privateServicesRange], ports: [3307] },
      { purpose: 'Cloud SQL Admin API (private.googleapis.com)', cidrs: [PRIVATE_GOOGLE_APIS], ports: [443] },
      { purpose: 'GKE metadata server (Workload Identity tokens)', cidrs: ['169.254.169.254/32'], ports: [80] },
      { purpose: 'GKE metadata server on Dataplane V2', cidrs: ['169.254.169.252/32'], ports: [988] },
    ];
  }
}
