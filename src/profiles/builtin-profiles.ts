import { EnvironmentProfile, GcpProfile, StorageProfile } from './environment-profile';

const GKE_STORAGE: StorageProfile = {
  fast: { name: 'shop-fast', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' }, allowVolumeExpansion: true },
  bulk: { name: 'shop-bulk', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-balanced' }, allowVolumeExpansion: true },
};

const GCP_PROJECT = 'acme-shop';
/** Argo CD in the cloud environments follows the repository's committed dist/<env>. */
const CLOUD_GITOPS: EnvironmentProfile['gitops'] = { source: { kind: 'git', url: 'https://git.example.com/acme-shop/shop-platform.git' }, argoCd: true };
const GCP_REGION = 'europe-west1';
const GCP_COMMON: Pick<GcpProfile, 'project' | 'region' | 'stateBucket' | 'releaseChannel'> = {
  project: GCP_PROJECT,
  region: GCP_REGION,
  stateBucket: 'acme-shop-terraform-state',
  releaseChannel: 'REGULAR',
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
  exposure: { serviceType: 'NodePort', externalTrafficPolicy: 'Cluster' },
  database: { mode: 'in-cluster' },
  secrets: { mode: 'inline-dev' },
};

/** Staging on GKE: production's shape at a smaller size, on a clone of production's database. */
export const STAGING: EnvironmentProfile = {
  name: 'staging',
  platform: 'gke',
  registry: 'europe-docker.pkg.dev/acme-shop/images',
  domain: 'staging.shop.example.com',
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 4 },
  storage: GKE_STORAGE,
  exposure: { serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local' },
  database: { mode: 'cloud-sql' },
  gcp: {
    ...GCP_COMMON,
    clusterName: 'shop-staging',
    sqlInstance: 'shop-staging',
    sqlTier: 'db-custom-1-3840',
    highAvailability: false,
    cloneOf: 'shop-production',
    deletionProtection: false,
    serviceAccountId: 'shop-staging-app',
  },
  placement: {
    nodeGroups: [
      { name: 'app-pool', machineType: 'e2-standard-4', minNodes: 1, maxNodes: 4, allocatableCpuMillis: 3920, allocatableMemoryMiB: 13_000 },
    ],
  },
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'gcp-secret-manager' } },
  gitops: CLOUD_GITOPS,
};

/** Production on GKE: autoscaling for Black Friday, Cloud SQL (regional HA) through the proxy. */
export const GKE: EnvironmentProfile = {
  name: 'gke',
  platform: 'gke',
  registry: 'europe-docker.pkg.dev/acme-shop/images',
  domain: 'shop.example.com',
  autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 30 },
  storage: GKE_STORAGE,
  exposure: { serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local' },
  database: { mode: 'cloud-sql' },
  gcp: {
    ...GCP_COMMON,
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
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'gcp-secret-manager' } },
  gitops: CLOUD_GITOPS,
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
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'site-vault' } },
  // The site pulls its release from the warehouse's own registry (no internet, nobody pushes to the site).
  gitops: { source: { kind: 'oci', url: 'oci://registry.warehouse.local/shop/releases' }, flux: true },
};

/** The four built-in environments, by name. */
export const BUILTIN_PROFILES: Readonly<Record<'minikube' | 'staging' | 'gke' | 'baremetal', EnvironmentProfile>> = {
  minikube: MINIKUBE,
  staging: STAGING,
  gke: GKE,
  baremetal: BAREMETAL,
};
