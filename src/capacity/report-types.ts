import { NodeRole } from '../profiles/environment-profile';

/** An amount of CPU and memory. */
export interface ResourceAmount {
  /** CPU in millicores. */
  readonly cpuMillis: number;
  /** Memory in MiB (one decimal). */
  readonly memoryMiB: number;
}

/** Headroom as a percentage of what is available. Negative when short. */
export interface HeadroomPercent {
  /** CPU headroom in percent (one decimal). */
  readonly cpu: number;
  /** Memory headroom in percent (one decimal). */
  readonly memory: number;
}

/**
 * What each node loses to pods the platform does not declare: the cluster's own DaemonSets (on GKE
 * Standard: kube-proxy 100m, gke-metadata-server for Workload Identity 100m/100Mi, fluentbit-gke,
 * gke-metrics-agent, pdcsi-node, netd — together about 200m CPU and 300Mi) and on bare metal the
 * CNI, kube-proxy, MetalLB speaker and node exporter, which are of the same order. Node
 * `allocatable` already excludes the kubelet's system and kube reservations, so this comes on top.
 * Measure a real node with `kubectl describe node` and pass `systemReserve` when it differs.
 */
export const SYSTEM_RESERVE_PER_NODE: ResourceAmount = { cpuMillis: 200, memoryMiB: 300 };

/** Options of {@link checkCapacity}. */
export interface CapacityOptions {
  /**
   * Per-node overhead of pods not in the manifests, subtracted from every node's allocatable.
   * @default SYSTEM_RESERVE_PER_NODE
   */
  readonly systemReserve?: ResourceAmount;
  /**
   * Headroom (percent of available, per resource and per group) below which the environment does
   * not count as fitting. Bin-packing waste and rolling updates (`maxSurge`) need some.
   * @default 0
   */
  readonly minHeadroomPercent?: number;
}

/** Where a workload's replica count at maximum scale came from. */
export type ReplicaSource = 'hpa' | 'spec' | 'default' | 'daemonset' | 'job';

/** One workload's demand at maximum scale. */
export interface WorkloadDemand {
  /** Object kind (`Deployment`, `StatefulSet`, `DaemonSet`, `Job`, `CronJob`, `Pod`, ...). */
  readonly kind: string;
  /** Object name. */
  readonly name: string;
  /**
   * Object namespace.
   * @default - not set on the object
   */
  readonly namespace?: string;
  /** Replicas at maximum scale (for a DaemonSet: nodes it runs on at the groups' maximum size). */
  readonly replicas: number;
  /** Where `replicas` came from. */
  readonly replicasFrom: ReplicaSource;
  /** Effective request of one pod (containers, init containers and sidecars by the Kubernetes rules, plus overhead). */
  readonly podRequest: ResourceAmount;
  /** `replicas` × `podRequest`. */
  readonly total: ResourceAmount;
  /** Names of the node groups its pods can be placed on. */
  readonly groups: readonly string[];
}

/** One node group at its maximum size. */
export interface GroupCapacity {
  /** Group name from the profile. */
  readonly name: string;
  /**
   * The group's role.
   * @default - no role
   */
  readonly role?: NodeRole;
  /** Nodes at maximum size. */
  readonly maxNodes: number;
  /** `maxNodes` × (allocatable − system reserve). */
  readonly available: ResourceAmount;
  /** Demand placed on this group (shared demand split in proportion to free capacity). */
  readonly required: ResourceAmount;
  /** `available` − `required`. */
  readonly headroom: ResourceAmount;
  /** Headroom in percent of `available`. */
  readonly headroomPercent: HeadroomPercent;
  /** Whether `required` fits with at least `minHeadroomPercent`. */
  readonly fits: boolean;
}

/** The answer to "does the environment hold the platform at maximum scale?". */
export interface CapacityReport {
  /** Environment name. */
  readonly environment: string;
  /** False when the profile has no node groups (minikube): nothing was checked and `fits` is true. */
  readonly checked: boolean;
  /** True when every group holds its demand and every workload can be placed. */
  readonly fits: boolean;
  /** Total demand at maximum scale. */
  readonly required: ResourceAmount;
  /** Total capacity at maximum size, after the system reserve. */
  readonly available: ResourceAmount;
  /** `available` − `required`. */
  readonly headroom: ResourceAmount;
  /** Headroom in percent of `available`. */
  readonly headroomPercent: HeadroomPercent;
  /** The system reserve that was subtracted per node. */
  readonly systemReserve: ResourceAmount;
  /** Per node group. */
  readonly groups: readonly GroupCapacity[];
  /** Per workload. */
  readonly workloads: readonly WorkloadDemand[];
  /** Reasons `fits` is false, beyond groups being short (unplaceable workloads, pods larger than any node). */
  readonly problems: readonly string[];
  /** Things that do not fail the check but make it less certain (containers without requests, HPAs without target). */
  readonly warnings: readonly string[];
  /** One line for the synth log. */
  readonly summary: string;
}
