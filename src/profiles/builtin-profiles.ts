import { ClusterProfile, EnvironmentProfile, GcpProfile, NetworkAccessProfile, StorageProfile } from './environment-profile';

const GKE_STORAGE: StorageProfile = {
  fast: { name: 'shop-fast', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' }, allowVolumeExpansion: true },
  bulk: { name: 'shop-bulk', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' }, allowVolumeExpansion: true },
};

/** Argo CD in the cloud environments follows the repository's committed dist/<env>. */
const CLOUD_GITOPS: EnvironmentProfile['gitops'] = { source: { kind: 'git', url: 'https://git.example.com/acme-shop/shop-platform.git' }, argoCd: true };
/**
 * Isolation model: one Google Cloud project per environment. The Workload Identity pool
 * (`PROJECT.svc.id.goog`), Secret Manager, Cloud SQL, Artifact Registry and every IAM grant are then
 * per environment by construction: nothing staging's cluster can name resolves in production's
 * project (see docs/security.md and test/infra/isolation.test.ts).
 */
const GCP_REGION = 'europe-west1';
const GCP_COMMON: Pick<GcpProfile, 'region' | 'releaseChannel' | 'controlPlane'> = {
  region: GCP_REGION,
  releaseChannel: 'REGULAR',
  // The ops team's VPN egress (documentation range: replace with yours). Without it the endpoint is private.
  controlPlane: { authorizedNetworks: [{ name: 'ops-vpn', cidr: '203.0.113.0/29' }] },
};

/** What a GKE cluster made by the cdktf stack guarantees: Dataplane V2, GKE's metrics-server, ESO installed. */
const GKE_CLUSTER: ClusterProfile = {
  networkPolicy: { provider: 'dataplane-v2', enforced: true },
  metrics: { provider: 'gke' },
  operators: { externalSecrets: '0.18.2', argoCd: '2.14.0' },
  // The REGULAR channel offers no release older than 1.30 (GKE's supported releases, 2026): the
  // Cloud SQL proxy runs as a native sidecar in every pod that uses Cloud SQL, which needs 1.29.
  kubernetesVersion: '1.30',
};

/** Egress of the shop on Google Cloud: the payment provider's API (documentation range: replace with the provider's published ranges). */
const GKE_NETWORK: NetworkAccessProfile = {
  egress: {
    payments: { cidrs: ['198.51.100.0/24'], ports: [443] },
    smtp: { cidrs: ['198.51.100.25/32'], ports: [587] },
  },
  adminSources: ['203.0.113.0/29'],
};

/** A developer laptop: one replica of everything, in-cluster MySQL, NodePort for the edge. */
export const MINIKUBE: EnvironmentProfile = {
  name: 'minikube',
  platform: 'minikube',
  registry: 'registry.local/shop',
  domain: 'shop.test',
  autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 1 },
  storage: {
    fast: { name: 'shop-fast', provisioner: 'k8s.io/minikube-hostpath', volumeBindingMode: 'Immediate' },
    bulk: { name: 'shop-bulk', provisioner: 'k8s.io/minikube-hostpath', volumeBindingMode: 'Immediate' },
  },
  // Local keeps client addresses (one node: nothing is lost), so the edge's admin ranges see real sources.
  exposure: { serviceType: 'NodePort', externalTrafficPolicy: 'Local' },
  database: { mode: 'in-cluster' },
  secrets: { mode: 'inline-dev' },
  // `minikube start --cni=calico`: the default CNI (kindnet) does not enforce NetworkPolicies.
  // `minikube addons enable metrics-server` for HPAs when autoscaling is turned on.
  cluster: {
    networkPolicy: { provider: 'calico', enforced: true },
    metrics: { provider: 'metrics-server', image: 'metrics-server/metrics-server:v0.7.2' },
  },
  // The payment provider's sandbox and a mail catcher (documentation ranges: replace with yours).
  network: {
    egress: {
      payments: { cidrs: ['198.51.100.0/24'], ports: [443] },
      smtp: { cidrs: ['198.51.100.25/32'], ports: [587] },
    },
    adminSources: ['127.0.0.0/8', '192.168.49.0/24'],
  },
};

/** Staging on GKE: production's shape at a smaller size, on a clone of production's database. */
export const STAGING: EnvironmentProfile = {
  name: 'staging',
  platform: 'gke',
  registry: 'europe-docker.pkg.dev/acme-shop-staging/images',
  domain: 'staging.shop.example.com',
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4 },
  storage: GKE_STORAGE,
  exposure: { serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local' },
  database: { mode: 'cloud-sql' },
  gcp: {
    ...GCP_COMMON,
    project: 'acme-shop-staging',
    stateBucket: 'acme-shop-staging-terraform-state',
    clusterName: 'shop-staging',
    sqlInstance: 'shop-staging',
    sqlTier: 'db-custom-1-3840',
    highAvailability: false,
    // Seeded from a production backup: it holds production's data, so it is protected like it.
    restoreFrom: { project: 'acme-shop-prod', instance: 'shop-production' },
    deletionProtection: true,
    serviceAccountId: 'shop-staging-app',
  },
  placement: {
    nodeGroups: [
      { name: 'app-pool', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 4, allocatableCpuMillis: 3920, allocatableMemoryMiB: 13_000 },
    ],
  },
  secrets: { mode: 'external-secrets', store: { kind: 'SecretStore', name: 'gcp-secret-manager' }, backend: 'gcp-secret-manager' },
  gitops: CLOUD_GITOPS,
  cluster: GKE_CLUSTER,
  network: GKE_NETWORK,
};

/** Production on GKE: autoscaling for Black Friday, Cloud SQL (regional HA) through the proxy. */
export const GKE: EnvironmentProfile = {
  name: 'gke',
  platform: 'gke',
  registry: 'europe-docker.pkg.dev/acme-shop-prod/images',
  domain: 'shop.example.com',
  autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 30 },
  storage: GKE_STORAGE,
  exposure: { serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local' },
  database: { mode: 'cloud-sql' },
  gcp: {
    ...GCP_COMMON,
    project: 'acme-shop-prod',
    stateBucket: 'acme-shop-prod-terraform-state',
    clusterName: 'shop-production',
    sqlInstance: 'shop-production',
    sqlTier: 'db-custom-4-15360',
    highAvailability: true,
    deletionProtection: true,
    serviceAccountId: 'shop-production-app',
  },
  placement: {
    nodeGroups: [
      { name: 'app-pool', machineType: 'e2-standard-8', minNodes: 3, maxNodes: 12, allocatableCpuMillis: 7910, allocatableMemoryMiB: 28_000 },
    ],
  },
  secrets: { mode: 'external-secrets', store: { kind: 'SecretStore', name: 'gcp-secret-manager' }, backend: 'gcp-secret-manager' },
  gitops: CLOUD_GITOPS,
  cluster: GKE_CLUSTER,
  network: GKE_NETWORK,
  images: { pinDigests: true },
};

/**
 * A warehouse site on bare metal: runs without internet. Images from the site's registry mirror,
 * MySQL in-cluster on local disks, MetalLB (L2) floating IP announced from the edge nodes, workloads
 * placed on labelled worker nodes.
 */
export const BAREMETAL: EnvironmentProfile = {
  name: 'baremetal',
  platform: 'baremetal',
  registry: 'registry.warehouse.local/shop',
  domain: 'shop.warehouse.local',
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 6 },
  storage: {
    fast: { name: 'shop-fast', provisioner: 'rancher.io/local-path', reclaimPolicy: 'Retain' },
    bulk: { name: 'shop-bulk', provisioner: 'rancher.io/local-path' },
  },
  exposure: { serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local' },
  loadBalancer: {
    pools: [{ name: 'public', addresses: ['192.168.50.240/29'] }],
    addresses: ['192.168.50.241'],
    announceFrom: 'edge',
  },
  database: { mode: 'in-cluster' },
  placement: {
    roles: {
      edge: { 'node-role.shop/edge': 'true' },
      app: { 'node-role.shop/app': 'true' },
      data: { 'node-role.shop/data': 'true' },
    },
    nodeGroups: [
      { name: 'edge', role: 'edge', maxNodes: 2, allocatableCpuMillis: 3800, allocatableMemoryMiB: 7_000 },
      { name: 'app', role: 'app', maxNodes: 2, allocatableCpuMillis: 15_500, allocatableMemoryMiB: 60_000 },
      { name: 'data', role: 'data', maxNodes: 1, allocatableCpuMillis: 7_800, allocatableMemoryMiB: 30_000 },
    ],
  },
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'site-vault' }, backend: 'vault' },
  // The site pulls its release from the warehouse's own registry (no internet, nobody pushes to the site).
  gitops: { source: { kind: 'oci', url: 'oci://registry.warehouse.local/shop/releases' }, flux: true },
  cluster: {
    networkPolicy: { provider: 'calico', enforced: true },
    metrics: { provider: 'metrics-server', image: 'metrics-server/metrics-server:v0.7.2' },
    operators: { externalSecrets: '0.18.2', metallb: '0.14.9', flux: '2.6.0' },
  },
  // No internet: payments and mail go through the site's relays.
  network: {
    egress: {
      payments: { cidrs: ['192.168.50.10/32'], ports: [3128] },
      smtp: { cidrs: ['192.168.50.25/32'], ports: [25] },
    },
    adminSources: ['192.168.50.0/24'],
  },
  images: { pinDigests: true },
};

/** The four built-in environments, by name. */
export const BUILTIN_PROFILES: Readonly<Record<'minikube' | 'staging' | 'gke' | 'baremetal', EnvironmentProfile>> = {
  minikube: MINIKUBE,
  staging: STAGING,
  gke: GKE,
  baremetal: BAREMETAL,
};
