import { LABEL_COMPONENT, MIGRATION_COMPONENT } from '../manifests/labels';
import { podTemplateOf } from '../manifests/pod-template';
import { labelSelectorSelects, serviceSelects } from '../manifests/selectors';
import { compareText } from '../manifests/text-order';

/**
 * How one environment's objects are laid out in `dist/<env>/`: files in apply order, so that
 * `kubectl apply -f dist/<env>/` (which applies files in name order) creates prerequisites first.
 */

/** A Kubernetes object as written. */
export type Manifest = Record<string, unknown> & { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } };

/**
 * A release stage: files applied together and pruned together (one kubectl ApplySet, one Flux
 * `Kustomization`, one Argo CD sync wave). A stage finishes (its objects are ready, its Jobs complete)
 * before the next one starts.
 */
export type Stage = 'config' | 'data' | 'migrations' | 'workloads' | 'metallb';

/** The stages in the order they are applied. */
export const STAGES: readonly Stage[] = ['config', 'data', 'migrations', 'workloads', 'metallb'];

/** One file of an environment's output and the objects that go in it. */
export interface Phase {
  /** File name; files apply in name order. */
  readonly file: string;
  /** The release stage the file belongs to. */
  readonly stage: Stage;
  /** Whether an object belongs in this file (the first phase that matches wins). */
  readonly matches: (m: Manifest, data: DataTier) => boolean;
}

/**
 * The stateful services of an environment (StatefulSets: an in-cluster database, a queue, a session
 * store) with the objects that route to or guard their pods. They are released before the migrations,
 * which connect to them: a migration Job applied before the database it migrates fails, and the
 * release waits for it forever.
 */
export class DataTier {
  private readonly podLabels: readonly Readonly<Record<string, string>>[];

  constructor(manifests: readonly Manifest[]) {
    this.podLabels = manifests.filter((m) => m.kind === 'StatefulSet').map((m) => podTemplateOf(m.kind, m)?.labels ?? {});
  }

  /** Whether the object is a StatefulSet, or a Service, PodDisruptionBudget or autoscaler of one. */
  public has(m: Manifest): boolean {
    if (m.kind === 'StatefulSet') return true;
    const spec = (m as { spec?: Record<string, unknown> }).spec;
    if (m.kind === 'Service') return !!spec?.selector && this.podLabels.some((labels) => serviceSelects(spec.selector, labels));
    if (m.kind === 'PodDisruptionBudget') return !!spec?.selector && this.podLabels.some((labels) => labelSelectorSelects(spec.selector, labels));
    if (m.kind === 'HorizontalPodAutoscaler') return (spec?.scaleTargetRef as { kind?: string } | undefined)?.kind === 'StatefulSet';
    return false;
  }
}


const isMigration = (m: Manifest) =>
  m.kind === 'Job' && (m.metadata as { labels?: Record<string, string> } | undefined)?.labels?.[LABEL_COMPONENT] === MIGRATION_COMPONENT;

const group = (m: Manifest) => (m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '');
const CLUSTER = new Set(['Namespace', 'StorageClass', 'CustomResourceDefinition', 'ClusterRole', 'ClusterRoleBinding', 'PriorityClass']);
const CONFIG = new Set(['ServiceAccount', 'ConfigMap', 'Secret', 'SecretStore', 'ExternalSecret', 'SealedSecret', 'PersistentVolumeClaim', 'NetworkPolicy', 'Role', 'RoleBinding']);

/**
 * Phases, in apply order. Database migrations run after the configuration they read and the stateful
 * services they connect to, and before the workloads that need the new schema. MetalLB's pools go last and alone: the API server rejects them
 * until MetalLB's CRDs and validating webhook are up (see README, "Applying").
 */
export const PHASES: readonly Phase[] = [
  { file: '90-metallb.yaml', stage: 'metallb', matches: (m) => group(m) === 'metallb.io' },
  { file: '00-cluster.yaml', stage: 'config', matches: (m) => CLUSTER.has(m.kind) },
  { file: '10-config.yaml', stage: 'config', matches: (m) => CONFIG.has(m.kind) },
  { file: '12-data.yaml', stage: 'data', matches: (m, data) => data.has(m) },
  { file: '15-migrations.yaml', stage: 'migrations', matches: isMigration },
  { file: '20-workloads.yaml', stage: 'workloads', matches: () => true },
];

/** The stage of a phase file. */
export function stageOfFile(file: string): Stage {
  const phase = PHASES.find((p) => p.file === file);
  if (!phase) throw new Error(`${file} is not a phase file`);
  return phase.stage;
}

const KIND_ORDER = [
  'Namespace', 'StorageClass', 'ServiceAccount', 'Secret', 'SecretStore', 'ExternalSecret', 'ConfigMap', 'PersistentVolumeClaim', 'NetworkPolicy',
  'Job', 'Service', 'StatefulSet', 'Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'IPAddressPool', 'L2Advertisement',
];

function kindRank(kind: string): number {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
}

/** Deterministic order: kind (apply order), then namespace, then name. */
export function compareManifests(a: Manifest, b: Manifest): number {
  return (
    kindRank(a.kind) - kindRank(b.kind) ||
    compareText(a.kind, b.kind) ||
    compareText(a.metadata?.namespace ?? '', b.metadata?.namespace ?? '') ||
    compareText(a.metadata?.name ?? '', b.metadata?.name ?? '')
  );
}

/** File name of the phase an object belongs to, among the environment's stateful services `data`. */
function phaseFile(m: Manifest, data: DataTier): string {
  return PHASES.find((p) => p.matches(m, data))!.file;
}

/** Groups objects by file, each file sorted. Returns files in name order. */
export function layoutFiles(manifests: readonly Manifest[]): Map<string, Manifest[]> {
  const files = new Map<string, Manifest[]>();
  const data = new DataTier(manifests);
  for (const m of manifests) {
    const file = phaseFile(m, data);
    const list = files.get(file) ?? [];
    list.push(m);
    files.set(file, list);
  }
  return new Map([...files.entries()].sort(([a], [b]) => compareText(a, b)).map(([f, list]) => [f, list.sort(compareManifests)]));
}
