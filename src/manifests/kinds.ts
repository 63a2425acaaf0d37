/**
 * What each built-in kind is, for code that reads manifests (policy, capacity, comparison, boot): one
 * table instead of a set per reader.
 */

/** Kinds that run pods: they carry a pod template, or are pods. */
export const POD_BEARING_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'Pod']);

/** Long-running workloads with a pod template at `spec.template` that a Service usually fronts. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * Kinds with a `scale` subresource: what a HorizontalPodAutoscaler's `scaleTargetRef` can name and
 * what has `spec.replicas`.
 */
export const SCALABLE_KINDS: ReadonlySet<string> = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);
