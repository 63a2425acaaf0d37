/**
 * The environment model: everything that differs between the places the platform runs is data in an
 * {@link EnvironmentProfile}. Constructs never test an environment's name; they ask the
 * {@link Environment} built from a profile for a capability ("how is a public service exposed",
 * "which storage class is fast", "how does the app reach MySQL").
 *
 * @packageDocumentation
 */

/** The kind of cluster an environment runs on. */
export type PlatformKind = 'minikube' | 'gke' | 'baremetal';

/** Node roles a profile can map to node labels. */
export type NodeRole = 'edge' | 'app' | 'data';

/** Replica counts and Horizontal Pod Autoscaler ranges for scalable workloads. */
export interface AutoscalingProfile {
  /**
   * When true, scalable workloads get an autoscaling/v2 HorizontalPodAutoscaler between
   * `minReplicas` and `maxReplicas` and their Deployment leaves `replicas` unset. When false they run
   * a fixed `minReplicas` replicas.
   */
  readonly enabled: boolean;
  /**
   * Lower bound of the HPA, and the fixed replica count when autoscaling is off.
   * @asType integer
   * @minimum 1
   * @maximum 2147483647
   */
  readonly minReplicas: number;
  /**
   * Upper bound of the HPA. Must be at least `minReplicas`.
   * @asType integer
   * @minimum 1
   * @maximum 2147483647
   */
  readonly maxReplicas: number;
  /**
   * Average CPU utilisation (percent of requests) the HPA aims at.
   * @default 70
   * @asType integer
   * @minimum 1
   * @maximum 100
   */
  readonly targetCpuUtilization?: number;
}

/** A StorageClass the environment provides, emitted as a `storage.k8s.io/v1` StorageClass. */
export interface StorageClassProfile {
  /**
   * Name of the StorageClass object.
   * @minLength 1
   * @maxLength 253
   */
  readonly name: string;
  /**
   * The CSI driver or in-tree provisioner, e.g. `pd.csi.storage.gke.io`.
   * @minLength 1
   * @maxLength 63
   */
  readonly provisioner: string;
  /**
   * Provisioner parameters.
   * @default - none
   */
  readonly parameters?: Record<string, string>;
  /**
   * What happens to a volume when its claim is deleted.
   * @default 'Delete'
   */
  readonly reclaimPolicy?: 'Delete' | 'Retain';
  /**
   * When volumes are bound.
   * @default 'WaitForFirstConsumer'
   */
  readonly volumeBindingMode?: 'Immediate' | 'WaitForFirstConsumer';
  /**
   * Whether claims on this class can be grown.
   * @default false
   */
  readonly allowVolumeExpansion?: boolean;
}

/** The two storage tiers every environment offers. */
export interface StorageProfile {
  /** Low-latency storage for databases and queues. */
  readonly fast: StorageClassProfile;
  /** Cheap storage for assets, uploads and metrics. */
  readonly bulk: StorageClassProfile;
}

/** How a public service (the edge proxy) is exposed outside the cluster. */
export interface ExposureProfile {
  /** Service type used for public services. */
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  /**
   * `Local` keeps the client's source address and only routes to nodes that run a ready endpoint;
   * `Cluster` spreads over every node but hides the client address.
   * @default 'Local'
   */
  readonly externalTrafficPolicy?: 'Local' | 'Cluster';
  /**
   * Extra annotations on public Services (cloud load-balancer options).
   * @default - none
   */
  readonly annotations?: Record<string, string>;
}

/** A MetalLB address pool. */
export interface AddressPoolProfile {
  /**
   * Name of the `IPAddressPool` object.
   * @minLength 1
   * @maxLength 253
   */
  readonly name: string;
  /**
   * CIDRs (`192.168.50.240/29`, `fd00::/120`) or ranges (`192.168.50.240-192.168.50.247`).
   * @minItems 1
   */
  readonly addresses: string[];
  /**
   * Whether MetalLB hands addresses from this pool to Services that do not ask for a pool.
   * @default true
   */
  readonly autoAssign?: boolean;
}

/** MetalLB load balancing for bare-metal sites (L2/ARP mode). */
export interface LoadBalancerProfile {
  /**
   * Namespace MetalLB is installed in.
   * @default 'metallb-system'
   */
  readonly namespace?: string;
  /**
   * The address pools. The first one is used for public services unless `pool` names another.
   * @minItems 1
   */
  readonly pools: AddressPoolProfile[];
  /**
   * The pool public services are pinned to.
   * @default - the first pool
   */
  readonly pool?: string;
  /**
   * Fixed floating IPs for the public services, taken from the pool.
   * @default - MetalLB picks a free address from the pool
   */
  readonly addresses?: string[];
  /**
   * Node role whose nodes announce the addresses (L2Advertisement `nodeSelectors`).
   * @default 'edge'
   */
  readonly announceFrom?: NodeRole;
  /**
   * Network interfaces the addresses are announced from (L2Advertisement `interfaces`), for nodes
   * with a separate public NIC.
   * @default - every interface of the announcing nodes
   */
  readonly interfaces?: string[];
}

/** How the application reaches MySQL. */
export interface DatabaseProfile {
  /**
   * `in-cluster`: a MySQL StatefulSet with a headless Service in the environment.
   * `cloud-sql`: Cloud SQL for MySQL through the Cloud SQL Auth Proxy sidecar with Workload Identity.
   */
  readonly mode: 'in-cluster' | 'cloud-sql';
  /**
   * Host the application connects to.
   * @default 'mysql' for in-cluster, '127.0.0.1' (the proxy sidecar) for Cloud SQL
   */
  readonly host?: string;
  /**
   * Port the application connects to.
   * @default 3306
   * @asType integer
   * @minimum 1
   * @maximum 65535
   */
  readonly port?: number;
  /**
   * Schema name.
   * @default - the project name, with `-` as `_`
   */
  readonly name?: string;
  /**
   * MySQL user the application connects as (the Cloud SQL stack creates it; in-cluster MySQL creates
   * it from the credentials Secret, whose `username` must match).
   * @default - the project name, with `-` as `_`
   */
  readonly user?: string;
  /**
   * Cloud SQL instance connection name (`project:region:instance`).
   * @default - computed from `gcp` (see `cloudNames`)
   */
  readonly instanceConnectionName?: string;
  /**
   * Size of the in-cluster MySQL data volume.
   * @default '20Gi'
   * @pattern ^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$
   */
  readonly storageSize?: string;
}

/** Google Cloud settings of a GKE environment; the names the cdktf app creates derive from these. */
export interface GcpProfile {
  /** Google Cloud project id. */
  readonly project: string;
  /** Region of the cluster and the Cloud SQL instance, e.g. `europe-west1`. */
  readonly region: string;
  /** GKE cluster name. */
  readonly clusterName: string;
  /** Cloud SQL instance name. */
  readonly sqlInstance: string;
  /** Cloud SQL machine tier, e.g. `db-custom-2-7680`. */
  readonly sqlTier: string;
  /** Run Cloud SQL highly available (`REGIONAL`). */
  readonly highAvailability: boolean;
  /**
   * Create the instance as a clone of this instance of the same project. A clone holds that
   * instance's data, so it needs `deletionProtection` and gets production's backup retention.
   * @default - a fresh instance
   */
  readonly cloneOf?: string;
  /**
   * Create the instance from a backup of an instance in another project (Cloud SQL clones only work
   * within a project; with a project per environment, staging is seeded from a production backup).
   * The backup run is the Terraform variable `restore_backup_run_id`. Like `cloneOf`, it needs
   * `deletionProtection` and gets production's backup retention.
   * @default - a fresh instance
   */
  readonly restoreFrom?: RestoreSource;
  /** Turn deletion protection on for the cluster and the database. */
  readonly deletionProtection: boolean;
  /** Name (account id) of the Google service account the workloads act as. */
  readonly serviceAccountId: string;
  /** GCS bucket for the Terraform state. */
  readonly stateBucket: string;
  /**
   * GKE release channel.
   * @default 'REGULAR'
   */
  readonly releaseChannel?: 'RAPID' | 'REGULAR' | 'STABLE';
  /**
   * Who may reach the cluster's control plane. The endpoint is never open to the internet: with
   * `authorizedNetworks` the public endpoint answers only those ranges
   * (`master_authorized_networks_config`); without them the endpoint is private (reachable from
   * the VPC only).
   * @default - a private endpoint, reachable from the environment's VPC only
   */
  readonly controlPlane?: ControlPlaneProfile;
  /**
   * Range reserved in the VPC for private services access (Cloud SQL private IPs), as
   * `address/prefix`; the stack reserves it and the proxy's egress NetworkPolicy allows it.
   * @default '10.30.0.0/16'
   */
  readonly privateServicesRange?: string;
  /**
   * Location of the Artifact Registry repository the stack creates and `registry` points at
   * (`<location>-docker.pkg.dev/<project>/<repository>`).
   * @default - parsed from `registry` when it is an Artifact Registry address
   */
  readonly artifactRegistry?: ArtifactRegistryProfile;
}

/** A Cloud SQL instance of another project whose backups seed a new instance. */
export interface RestoreSource {
  /** Project of the source instance. */
  readonly project: string;
  /** Source instance name. */
  readonly instance: string;
}

/** The Artifact Registry repository of an environment. */
export interface ArtifactRegistryProfile {
  /** Location, e.g. `europe` (multi-region) or `europe-west1`. */
  readonly location: string;
  /** Repository id. */
  readonly repository: string;
}

/** A network allowed to reach a GKE control plane. */
export interface AuthorizedNetwork {
  /** Display name. */
  readonly name: string;
  /** CIDR, e.g. `203.0.113.0/29`. Never `/0`. */
  readonly cidr: string;
}

/** The cluster DNS pods every pod may query. */
export interface DnsPeerProfile {
  /** Namespace of the DNS pods. */
  readonly namespace: string;
  /** Labels of the DNS pods. */
  readonly podLabels: Readonly<Record<string, string>>;
}

/** Who may reach a GKE control plane. */
export interface ControlPlaneProfile {
  /**
   * Networks allowed to reach the public endpoint, e.g. the ops team's office or VPN egress.
   * @default - none: the endpoint is private
   */
  readonly authorizedNetworks?: readonly AuthorizedNetwork[];
}

/** A group of nodes that can run pods, used by the capacity check. */
export interface NodeGroupProfile {
  /**
   * Name for reports (node pool, or role on bare metal).
   * @minLength 1
   */
  readonly name: string;
  /**
   * Number of nodes at the group's maximum size.
   * @asType integer
   * @minimum 1
   * @maximum 100000
   */
  readonly maxNodes: number;
  /**
   * Minimum number of nodes (autoscaling node pools).
   * @default - `maxNodes`
   * @asType integer
   * @minimum 0
   * @maximum 100000
   */
  readonly minNodes?: number;
  /**
   * Machine type (GKE), for reports and the node pool.
   * @default - none; required for the GKE node pool
   */
  readonly machineType?: string;
  /**
   * Allocatable CPU of one node in millicores.
   * @minimum 1
   * @maximum 100000000
   */
  readonly allocatableCpuMillis: number;
  /**
   * Allocatable memory of one node in MiB.
   * @minimum 1
   * @maximum 1000000000
   */
  readonly allocatableMemoryMiB: number;
  /**
   * Node role this group carries (bare metal). Pods placed on a role only count against its groups.
   * @default - any role
   */
  readonly role?: NodeRole;
}

/** Where pods run. */
export interface PlacementProfile {
  /**
   * Node labels per role. Workloads ask for a role; roles the profile does not list are ignored.
   * @default - no node affinity
   */
  readonly roles?: Partial<Record<NodeRole, Record<string, string>>>;
  /**
   * Topology key replicas are spread over.
   * @default 'kubernetes.io/hostname'
   */
  readonly spreadTopologyKey?: string;
  /**
   * The nodes the environment can grow to, for the capacity check.
   * @default - no capacity check
   * @minItems 1
   */
  readonly nodeGroups?: NodeGroupProfile[];
}

/** The secret store behind the External Secrets Operator: decides how remote keys are named. */
export type SecretBackend = 'gcp-secret-manager' | 'vault';

/** Where the platform's Secret values come from. */
export interface SecretsProfile {
  /**
   * `inline-dev`: Secrets with throw-away development values in the manifests (laptops only).
   * `external-secrets`: an `ExternalSecret` per Secret, filled by the External Secrets Operator from
   * `store`; no value is ever in the manifests.
   */
  readonly mode: 'inline-dev' | 'external-secrets';
  /**
   * The (Cluster)SecretStore ExternalSecrets read from.
   * @default - required when mode is `external-secrets`
   */
  readonly store?: { readonly kind: 'SecretStore' | 'ClusterSecretStore'; readonly name: string };
  /**
   * What the store reads from. `gcp-secret-manager`: one Secret Manager secret per key, named
   * `<project>-<secret>-<key>` with every character of the key Secret Manager refuses replaced by `_`.
   * `vault`: one KV entry per Secret at `<project>/<secret>`, each key a property of it
   * (`remoteRef.property`), so values arrive unwrapped.
   * @default - required when mode is `external-secrets`
   */
  readonly backend?: SecretBackend;
  /**
   * How often the operator re-reads the store.
   * @default '1h'
   * @pattern ^(0|([0-9]+(\.[0-9]+)?(ns|us|µs|μs|ms|s|m|h))+)$
   */
  readonly refreshInterval?: string;
}

/** How a cluster enforces NetworkPolicies. */
export interface NetworkPolicySupport {
  /**
   * The CNI or dataplane, e.g. `calico`, `cilium`, `kindnet`; on GKE `dataplane-v2` (the stack sets
   * `datapath_provider = ADVANCED_DATAPATH`) or `calico` (the network policy add-on).
   */
  readonly provider: string;
  /** Whether it enforces NetworkPolicy objects (kindnet and flannel do not). */
  readonly enforced: boolean;
}

/** Where HorizontalPodAutoscalers get CPU metrics from. */
export interface MetricsSource {
  /** `gke`: the metrics-server GKE runs itself; `metrics-server`: one the site installs. */
  readonly provider: 'gke' | 'metrics-server';
  /**
   * The metrics-server image the site runs (`repository:tag`, pulled from `registry`); it is added
   * to the environment's image list for mirroring.
   * @default - required for `metrics-server`
   */
  readonly image?: string;
}

/** Operators installed with the cluster, by version (what the manifests' custom resources need). */
export interface OperatorVersions {
  /**
   * External Secrets Operator version, e.g. `0.18.2`.
   * @default - not installed
   */
  readonly externalSecrets?: string;
  /**
   * MetalLB version, e.g. `0.14.9`.
   * @default - not installed
   */
  readonly metallb?: string;
  /**
   * Flux version, e.g. `2.6.0`, where `gitops.flux` hands the release to Flux.
   * @default - not installed
   */
  readonly flux?: string;
  /**
   * Argo CD version, e.g. `2.14.0`, where `gitops.argoCd` hands the release to Argo CD.
   * @default - not installed
   */
  readonly argoCd?: string;
}

/**
 * What the cluster guarantees. Synth checks that the manifests need nothing more (NetworkPolicies
 * need an enforcing CNI, HPAs a metrics source, custom resources their operator at a version that
 * serves their API) and fails naming the environment and the missing guarantee.
 */
export interface ClusterProfile {
  /**
   * NetworkPolicy enforcement.
   * @default - none: the cluster does not promise to enforce NetworkPolicies
   */
  readonly networkPolicy?: NetworkPolicySupport;
  /**
   * Metrics source for HPAs.
   * @default - none
   */
  readonly metrics?: MetricsSource;
  /**
   * Installed operators.
   * @default - none
   */
  readonly operators?: OperatorVersions;
  /**
   * The oldest Kubernetes release (`major.minor`) the cluster's control plane and nodes run. Manifests
   * that use a feature of a newer release (native sidecar containers, on by default since 1.29) fail synth
   * below it. On GKE the release channel picks the version (and upgrades it): declare the oldest release
   * the channel still offers.
   * @default - 1.28, the release the manifests are validated against
   * @pattern ^1\.[0-9]+$
   */
  readonly kubernetesVersion?: string;
}

/** A destination outside the cluster that some workloads may open connections to. */
export interface EgressDestination {
  /** CIDRs of the destination (a payment provider's API, the site's SMTP relay). */
  readonly cidrs: readonly string[];
  /** TCP ports. */
  readonly ports: readonly number[];
}

/** Who may connect where, beyond the Services the workloads declare. */
export interface NetworkAccessProfile {
  /**
   * Destinations outside the cluster, by name; a workload that lists a name in `egressTo` may
   * connect to it, and no other pod may.
   * @default - none
   */
  readonly egress?: Readonly<Record<string, EgressDestination>>;
  /**
   * Source ranges allowed to reach the edge's restricted routes (the ops and admin hosts).
   * @default - none: restricted routes answer nobody from outside the cluster
   */
  readonly adminSources?: readonly string[];
  /**
   * The cluster DNS pods NetworkPolicies let every pod query (namespace and pod labels).
   * @default { namespace: 'kube-system', podLabels: { 'k8s-app': 'kube-dns' } }
   */
  readonly dns?: DnsPeerProfile;
}

/** Image pinning. */
export interface ImagesProfile {
  /**
   * Pin every image to its digest from the image lock file (`image@sha256:…`); a missing lock entry
   * fails synth.
   * @default false
   */
  readonly pinDigests?: boolean;
}

/** Per-service overrides of an environment. */
export interface ServiceOverride {
  /**
   * Fixed replica count for the service (turns its autoscaling off).
   * @default - the environment's autoscaling profile
   * @asType integer
   * @minimum 0
   * @maximum 2147483647
   */
  readonly replicas?: number;
  /**
   * Image tag for the service.
   * @default - the tag the service declares
   * @pattern ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$
   */
  readonly tag?: string;
}

/** Where a GitOps controller fetches an environment's release (its `dist/<env>/`) from. */
export interface GitOpsSourceProfile {
  /**
   * `git`: a Git repository holding the committed output (Flux `GitRepository`, Argo CD `repoURL`).
   * `oci`: an OCI artifact of the environment's output in a registry, e.g. a site's local mirror
   * (Flux `OCIRepository`; pushed with `flux push artifact`); Argo CD is not emitted for it.
   */
  readonly kind: 'git' | 'oci';
  /**
   * Repository URL: `https://git.example.com/ops/shop.git` or `ssh://git@…` for git,
   * `oci://registry.warehouse.local/shop/releases/site-a` for oci.
   * @minLength 1
   */
  readonly url: string;
  /**
   * Branch (git) or tag (oci) to follow.
   * @default 'main' for git; for oci the environment's name (`flux push artifact <url>:<env> --path=dist/<env>`)
   * @minLength 1
   */
  readonly ref?: string;
  /**
   * Directory of the environment's output in the source.
   * @default `dist/<env>` for git, `.` for oci (the artifact is the directory)
   * @minLength 1
   */
  readonly path?: string;
  /**
   * Secret with the credentials, in the controllers' namespace.
   * @default - none (a public repository, an anonymous mirror)
   */
  readonly secretRef?: string;
  /**
   * How often the source is checked (a Go duration).
   * @default '5m'
   */
  readonly interval?: string;
}

/** GitOps controllers that keep an environment at its committed release, with pruning. */
export interface GitOpsProfile {
  /** Where the release is fetched from. */
  readonly source: GitOpsSourceProfile;
  /**
   * Emit Flux objects (`gitops/flux.yaml`): the source and one `Kustomization` per release stage,
   * each with `prune` and `wait`, chained with `dependsOn`.
   * @default false
   */
  readonly flux?: boolean;
  /**
   * Emit Argo CD objects (`gitops/argocd.yaml`): an `Application` with automated prune and self-heal
   * (an `ApplicationSet` over the fleet on bare-metal sites), and sync-wave annotations per stage.
   * @default false
   */
  readonly argoCd?: boolean;
  /**
   * Namespace of the Flux objects.
   * @default 'flux-system'
   */
  readonly fluxNamespace?: string;
  /**
   * Namespace of the Argo CD objects.
   * @default 'argocd'
   */
  readonly argoCdNamespace?: string;
  /**
   * Argo CD project.
   * @default 'default'
   */
  readonly argoCdProject?: string;
}

/** One place the platform runs. A plain, serialisable object. */
export interface EnvironmentProfile {
  /**
   * Environment name; also the `dist/` sub-directory. Lower-case DNS label.
   * @minLength 1
   * @maxLength 63
   */
  readonly name: string;
  /** The kind of cluster. */
  readonly platform: PlatformKind;
  /**
   * Namespace the platform is deployed into.
   * @default - the project name
   * @minLength 1
   * @maxLength 63
   */
  readonly namespace?: string;
  /**
   * Image registry (host and path) every image is pulled from, e.g. `registry.warehouse.local/shop`.
   * @minLength 1
   */
  readonly registry: string;
  /**
   * Public DNS domain of the platform, e.g. `shop.example.com`.
   * @minLength 1
   * @maxLength 253
   */
  readonly domain: string;
  /** Replica and autoscaling ranges. */
  readonly autoscaling: AutoscalingProfile;
  /** The fast and bulk storage classes. */
  readonly storage: StorageProfile;
  /** How public services are exposed. */
  readonly exposure: ExposureProfile;
  /**
   * MetalLB address pools (bare metal).
   * @default - no MetalLB objects
   */
  readonly loadBalancer?: LoadBalancerProfile;
  /** How the app reaches MySQL. */
  readonly database: DatabaseProfile;
  /**
   * Google Cloud names (GKE environments).
   * @default - not on Google Cloud
   */
  readonly gcp?: GcpProfile;
  /**
   * Node placement and capacity.
   * @default - no placement rules, spread over hostnames
   */
  readonly placement?: PlacementProfile;
  /** Where Secret values come from. */
  readonly secrets: SecretsProfile;
  /**
   * What the cluster guarantees the manifests (checked at synth).
   * @default - nothing: an environment whose manifests need NetworkPolicies, HPAs or operators fails
   */
  readonly cluster?: ClusterProfile;
  /**
   * Egress destinations and admin source ranges.
   * @default - no egress beyond the cluster, restricted routes closed
   */
  readonly network?: NetworkAccessProfile;
  /**
   * Image pinning.
   * @default - tags, not digests
   */
  readonly images?: ImagesProfile;
  /**
   * Per-service overrides, keyed by service name.
   * @default - none
   */
  readonly services?: Record<string, ServiceOverride>;
  /**
   * GitOps controllers (Flux, Argo CD) that apply the environment's committed release.
   * @default - none: the release is applied with its apply.sh
   */
  readonly gitops?: GitOpsProfile;
}
