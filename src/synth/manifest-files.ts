/**
 * How one environment's objects are laid out in `dist/<env>/`: files in apply order, so that
 * `kubectl apply -f dist/<env>/` (which applies files in name order) creates prerequisites first.
 */

/** A Kubernetes object as written. */
export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } };

/** One file of an environment's output and the objects that go in it. */
export interface Phase {
  /** File name; files apply in name order. */
  readonly file: string;
  /** Whether an object belongs in this file (the first phase that matches wins). */
  readonly matches: (m: Manifest) => boolean;
}

const group = (m: Manifest) => (m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '');
const CLUSTER = new Set(['Namespace', 'StorageClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);
const CONFIG = new Set(['ServiceAccount', 'ConfigMap', 'Secret', 'ExternalSecret', 'SealedSecret', 'PersistentVolumeClaim', 'NetworkPolicy', 'Role', 'RoleBinding']);

/**
 * Phases, in apply order. MetalLB's pools go last and alone: the API server rejects them until
 * MetalLB's CRDs and validating webhook are up (see README, "Applying").
 */
export const PHASES: readonly Phase[] = [
  { file: '90-metallb.yaml', matches: (m) => group(m) === 'metallb.io' },
  { file: '00-cluster.yaml', matches: (m) => CLUSTER.has(m.kind) },
  { file: '10-config.yaml', matches: (m) => CONFIG.has(m.kind) },
  { file: '20-workloads.yaml', matches: () => true },
];

const KIND_ORDER = [
  'Namespace', 'StorageClass', 'ServiceAccount', 'Secret', 'ExternalSecret', 'ConfigMap', 'PersistentVolumeClaim', 'NetworkPolicy',
  'Service', 'StatefulSet', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'IPAddressPool', 'L2Advertisement',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Deterministic order: kind (apply order), then namespace, then name. */
export function compareManifests(a: Manifest, b: Manifest): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    a.kind.localeCompare(b.kind) ||
    (a.metadata?.namespace ?? '').localeCompare(b.metadata?.namespace ?? '') ||
    (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? '')
  );
}

/** File name of the phase an object belongs to. */
export function phaseFile(m: Manifest): string {
  return PHASES.find((p) => p.matches(m))!.file;
}

/** Groups objects by file, each file sorted. Returns files in name order. */
export function layoutFiles(manifests: readonly Manifest[]): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  for (const m of manifests) {
    const file = phaseFile(m);
    const list = files.get(file) ?? [];
    list.push(m);
    files.set(file, list);
  }
  return new Map([...files.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([f, list]) => [f, list.sort(compareManifests)]));
}
