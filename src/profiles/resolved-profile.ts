import { ProfileValidationError } from '../errors';
import { isDnsLabel } from '../manifests/names';
import {
  AddressPoolProfile,
  AutoscalingProfile,
  ClusterProfile,
  DatabaseProfile,
  DnsPeerProfile,
  EgressDestination,
  EnvironmentProfile,
  ExposureProfile,
  GcpProfile,
  GitOpsProfile,
  GitOpsSourceProfile,
  LoadBalancerProfile,
  NodeGroupProfile,
  NodeRole,
  PlatformKind,
  SecretsProfile,
  ServiceOverride,
  StorageClassProfile,
} from './environment-profile';
import { checkProfile, checkProfileShape } from './validate-profile';

/** A StorageClass with every default filled in. */
export type ResolvedStorageClass = Required<StorageClassProfile>;

/** A MetalLB address pool with every default filled in. */
export type ResolvedAddressPool = Required<AddressPoolProfile>;

/** MetalLB load balancing with every default filled in (`pool` names the pool public services use). */
export interface ResolvedLoadBalancer extends Required<Omit<LoadBalancerProfile, 'pools'>> {
  /** The address pools. */
  readonly pools: ResolvedAddressPool[];
}

/** How the application reaches MySQL, with every default filled in. */
export interface ResolvedDatabase extends Required<Omit<DatabaseProfile, 'instanceConnectionName'>> {
  /**
   * Cloud SQL instance connection name (`project:region:instance`): the profile's, or the one the
   * cloud stack creates.
   * @default - none: the environment is not on Google Cloud
   */
  readonly instanceConnectionName?: string;
}

/** Google Cloud settings with every default filled in. */
export interface ResolvedGcp extends Required<Omit<GcpProfile, 'cloneOf' | 'restoreFrom' | 'controlPlane' | 'artifactRegistry'>> {
  /**
   * Instance the Cloud SQL instance is cloned from.
   * @default - a fresh instance
   */
  readonly cloneOf?: string;
  /**
   * Instance of another project whose backup seeds the Cloud SQL instance.
   * @default - a fresh instance
   */
  readonly restoreFrom?: GcpProfile['restoreFrom'];
  /** Networks allowed to reach the control plane; empty: a private endpoint. */
  readonly authorizedNetworks: readonly { readonly name: string; readonly cidr: string }[];
  /**
   * The Artifact Registry repository the stack creates.
   * @default - parsed from `registry` by the stack
   */
  readonly artifactRegistry?: GcpProfile['artifactRegistry'];
}

/** Egress destinations and admin sources with every default filled in. */
export interface ResolvedNetworkAccess {
  /** Destinations outside the cluster, by name (empty when none). */
  readonly egress: Readonly<Record<string, EgressDestination>>;
  /** Source ranges of the edge's restricted routes (empty: nobody from outside). */
  readonly adminSources: readonly string[];
  /** The cluster DNS pods. */
  readonly dns: DnsPeerProfile;
}

/** A node group with every default filled in. */
export interface ResolvedNodeGroup extends Omit<NodeGroupProfile, 'minNodes'> {
  /** Minimum number of nodes (`maxNodes` when the profile does not say). */
  readonly minNodes: number;
}

/** Placement with every default filled in. */
export interface ResolvedPlacement {
  /** Node labels per role; roles not listed have no node affinity. */
  readonly roles: Partial<Record<NodeRole, Record<string, string>>>;
  /** Topology key replicas are spread over. */
  readonly spreadTopologyKey: string;
  /** Node groups for the capacity check; empty when the environment has no capacity check. */
  readonly nodeGroups: ResolvedNodeGroup[];
}

/** Where Secret values come from, with every default filled in. */
export interface ResolvedSecrets extends Required<Omit<SecretsProfile, 'store' | 'backend'>> {
  /**
   * The (Cluster)SecretStore ExternalSecrets read from.
   * @default - none: `inline-dev` secrets
   */
  readonly store?: SecretsProfile['store'];
  /**
   * What the store reads from (decides the remote key names).
   * @default - none: `inline-dev` secrets
   */
  readonly backend?: SecretsProfile['backend'];
}

/**
 * An {@link EnvironmentProfile} after validation, with every default filled in, for one project. This
 * is what constructs, the capacity check and the cloud stack read; nothing downstream applies a
 * default again. Built only by {@link resolveProfile}.
 */
export interface ResolvedProfile {
  /** The project (a DNS label): `app.kubernetes.io/part-of`, service-account, secret and cloud names derive from it. */
  readonly project: string;
  /** Environment name. */
  readonly name: string;
  /** The kind of cluster. */
  readonly platform: PlatformKind;
  /** Namespace of the platform's objects (the project name unless the profile says). */
  readonly namespace: string;
  /** Image registry. */
  readonly registry: string;
  /** Public DNS domain. */
  readonly domain: string;
  /** Replica and autoscaling ranges. */
  readonly autoscaling: Required<AutoscalingProfile>;
  /** The fast and bulk storage classes. */
  readonly storage: { readonly fast: ResolvedStorageClass; readonly bulk: ResolvedStorageClass };
  /** How public services are exposed. */
  readonly exposure: Required<ExposureProfile>;
  /**
   * MetalLB address pools.
   * @default - no MetalLB on this environment
   */
  readonly loadBalancer?: ResolvedLoadBalancer;
  /** How the app reaches MySQL. */
  readonly database: ResolvedDatabase;
  /**
   * Google Cloud settings.
   * @default - not on Google Cloud
   */
  readonly gcp?: ResolvedGcp;
  /** Node placement and capacity. */
  readonly placement: ResolvedPlacement;
  /** Where Secret values come from. */
  readonly secrets: ResolvedSecrets;
  /** Per-service overrides, keyed by service name (empty when none). */
  readonly services: Readonly<Record<string, ServiceOverride>>;
  /**
   * GitOps controllers that apply the release.
   * @default - none
   */
  readonly gitops?: ResolvedGitOps;
  /** What the cluster guarantees (empty: nothing). */
  readonly cluster: ClusterProfile;
  /** Egress destinations, admin sources and the DNS peer. */
  readonly network: ResolvedNetworkAccess;
  /** Image pinning. */
  readonly images: { readonly pinDigests: boolean };
}

/** GitOps settings with every default filled in. */
export interface ResolvedGitOps extends Required<Omit<GitOpsProfile, 'source'>> {
  /** Where the release is fetched from. */
  readonly source: ResolvedGitOpsSource;
}

/** A GitOps source with every default filled in. */
export interface ResolvedGitOpsSource extends Required<Omit<GitOpsSourceProfile, 'secretRef'>> {
  /**
   * Secret with the credentials.
   * @default - none
   */
  readonly secretRef?: string;
}

/** Range reserved for private services access (Cloud SQL private IP) when the profile does not say. */
export const DEFAULT_PRIVATE_SERVICES_RANGE = '10.30.0.0/16';

/** MySQL identifiers allow `_` where DNS labels allow `-`. */
const mysqlName = (project: string): string => project.replace(/-/g, '_');

/**
 * Validates a profile once and fills in every default, for project `project`. Throws a
 * {@link ProfileValidationError} listing every problem, each naming the environment and the field
 * (checks of a default the project name implies say so).
 */
export function resolveProfile(profile: EnvironmentProfile, project: string): ResolvedProfile {
  checkProfileShape(profile);
  if (!isDnsLabel(project)) {
    throw new ProfileValidationError(profile.name, [{ field: 'project', message: `project name "${project}" is not a lower-case DNS label` }]);
  }
  const db = profile.database;
  const gcp = profile.gcp;
  const lb = profile.loadBalancer;
  const resolved: ResolvedProfile = {
    project,
    name: profile.name,
    platform: profile.platform,
    namespace: profile.namespace ?? project,
    registry: profile.registry,
    domain: profile.domain,
    autoscaling: { ...profile.autoscaling, targetCpuUtilization: profile.autoscaling.targetCpuUtilization ?? 70 },
    storage: { fast: storageClass(profile.storage.fast), bulk: storageClass(profile.storage.bulk) },
    exposure: {
      serviceType: profile.exposure.serviceType,
      externalTrafficPolicy: profile.exposure.externalTrafficPolicy ?? 'Local',
      annotations: { ...profile.exposure.annotations },
    },
    loadBalancer: lb && {
      namespace: lb.namespace ?? 'metallb-system',
      pools: lb.pools.map((p) => ({ name: p.name, addresses: [...p.addresses], autoAssign: p.autoAssign ?? true })),
      pool: lb.pool ?? lb.pools[0]?.name ?? '',
      addresses: [...(lb.addresses ?? [])],
      announceFrom: lb.announceFrom ?? 'edge',
      interfaces: [...(lb.interfaces ?? [])],
    },
    database: {
      mode: db.mode,
      host: db.host ?? (db.mode === 'cloud-sql' ? '127.0.0.1' : 'mysql'),
      port: db.port ?? 3306,
      name: db.name ?? mysqlName(project),
      user: db.user ?? mysqlName(project),
      storageSize: db.storageSize ?? '20Gi',
      // The profile's (or `--set`'s) wins, so staging can be pointed at a freshly cloned instance.
      instanceConnectionName: db.instanceConnectionName ?? (gcp && `${gcp.project}:${gcp.region}:${gcp.sqlInstance}`),
    },
    gcp: gcp && {
      ...gcp,
      releaseChannel: gcp.releaseChannel ?? 'REGULAR',
      privateServicesRange: gcp.privateServicesRange ?? DEFAULT_PRIVATE_SERVICES_RANGE,
      authorizedNetworks: [...(gcp.controlPlane?.authorizedNetworks ?? [])],
    },
    placement: {
      roles: { ...profile.placement?.roles },
      spreadTopologyKey: profile.placement?.spreadTopologyKey ?? 'kubernetes.io/hostname',
      nodeGroups: (profile.placement?.nodeGroups ?? []).map((g) => ({ ...g, minNodes: g.minNodes ?? g.maxNodes })),
    },
    secrets: { ...profile.secrets, refreshInterval: profile.secrets.refreshInterval ?? '1h' },
    services: { ...profile.services },
    gitops: profile.gitops && gitops(profile.gitops, profile.name),
    cluster: { ...profile.cluster },
    network: {
      egress: { ...profile.network?.egress },
      adminSources: [...(profile.network?.adminSources ?? [])],
      dns: profile.network?.dns ?? { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } },
    },
    images: { pinDigests: profile.images?.pinDigests ?? false },
  };
  checkProfile(profile, resolved);
  return resolved;
}

function gitops(g: GitOpsProfile, environment: string): ResolvedGitOps {
  const git = g.source.kind === 'git';
  return {
    source: {
      kind: g.source.kind,
      url: g.source.url,
      ref: g.source.ref ?? (git ? 'main' : environment),
      path: g.source.path ?? (git ? `dist/${environment}` : '.'),
      interval: g.source.interval ?? '5m',
      ...(g.source.secretRef !== undefined ? { secretRef: g.source.secretRef } : {}),
    },
    flux: g.flux ?? false,
    argoCd: g.argoCd ?? false,
    fluxNamespace: g.fluxNamespace ?? 'flux-system',
    argoCdNamespace: g.argoCdNamespace ?? 'argocd',
    argoCdProject: g.argoCdProject ?? 'default',
  };
}

function storageClass(sc: StorageClassProfile): ResolvedStorageClass {
  return {
    name: sc.name,
    provisioner: sc.provisioner,
    parameters: { ...sc.parameters },
    reclaimPolicy: sc.reclaimPolicy ?? 'Delete',
    volumeBindingMode: sc.volumeBindingMode ?? 'WaitForFirstConsumer',
    allowVolumeExpansion: sc.allowVolumeExpansion ?? false,
  };
}
