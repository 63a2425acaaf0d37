/**
 * How an environment's output is released: its files grouped into stages, each stage one kubectl
 * ApplySet (applied and pruned together), with what must be ready before the next stage starts.
 * Derived from the rendered objects only; the same plan drives `apply.sh`, `kustomization.yaml`,
 * `release.json` and the GitOps objects.
 */
import { ShipyardError } from '../errors';
import { Manifest, Stage, STAGES, stageOfFile } from '../synth/manifest-files';
import { APPLYSET_ID_LABEL, APPLYSET_PART_OF_LABEL, ApplySetParent, applySetFlag, applySetId, containsGroupKinds } from './applyset';

/**
 * Something that must hold before the next stage starts: a condition `kubectl wait` sees, or a
 * finished rollout (`kubectl rollout status`: a StatefulSet has no condition to wait for).
 */
export interface ReadinessGate {
  /** Resource argument, e.g. `job/shop-migrate-1-0-0` or `statefulset/mysql`. */
  readonly resource: string;
  /** Namespace of the resource. */
  readonly namespace: string;
  /** `kubectl wait --for` condition, e.g. `condition=complete`; `rollout`: every replica updated and ready. */
  readonly condition: string;
  /** Seconds to wait. */
  readonly timeoutSeconds: number;
}

/** One stage of a release. */
export interface StagePlan {
  /** Stage name. */
  readonly stage: Stage;
  /** Files, in apply order. */
  readonly files: readonly string[];
  /** The objects of the files. */
  readonly objects: readonly Manifest[];
  /** The namespace every namespaced object of the stage is in (and the parent's namespace). */
  readonly namespace: string;
  /** The ApplySet parent: a Secret kubectl creates and maintains in `namespace`. */
  readonly parent: ApplySetParent;
  /** The parent's `applyset.kubernetes.io/id`, the `applyset.kubernetes.io/part-of` label kubectl puts on members. */
  readonly applySetId: string;
  /** The `--applyset` flag value. */
  readonly applySetFlag: string;
  /** `applyset.kubernetes.io/contains-group-kinds` after this release is applied. */
  readonly groupKinds: string;
  /** What must be true before the stage is applied (a controller whose webhook checks its objects). */
  readonly before: readonly ReadinessGate[];
  /** What must be true before the next stage starts (migration Jobs complete). */
  readonly after: readonly ReadinessGate[];
}

/** What the plan needs to know about the environment. */
export interface ReleaseSubject {
  /** Environment name (for error messages). */
  readonly environment: string;
  /** Project name, prefix of the ApplySet parents' names. */
  readonly project: string;
  /** The environment's namespace (the stage namespace when a stage has only cluster-scoped objects). */
  readonly namespace: string;
}

/** The {@link ReadinessGate.condition} of a finished rollout. */
export const ROLLOUT = 'rollout';
/** Seconds a stateful service's rollout may take (one pod at a time, each with its volume and start-up). */
const STATEFUL_ROLLOUT_SECONDS = 600;
/** Seconds `kubectl wait` allows beyond a Job's own `activeDeadlineSeconds` (scheduling, image pull). */
const JOB_WAIT_SLACK_SECONDS = 120;
/** Seconds to wait for a controller the stage needs. */
const CONTROLLER_WAIT_SECONDS = 180;

/** Name of the ApplySet parent Secret of a stage. */
export function parentName(project: string, stage: Stage): string {
  return `applyset-${project}-${stage}`;
}

function stageNamespace(subject: ReleaseSubject, stage: Stage, objects: readonly Manifest[]): string {
  const namespaces = [...new Set(objects.map((o) => o.metadata?.namespace).filter((n): n is string => !!n))].sort();
  if (namespaces.length > 1) {
    throw new ShipyardError(
      `environment "${subject.environment}": release stage "${stage}" has objects in namespaces ${namespaces.join(', ')}; ` +
        `a stage is one kubectl ApplySet with a namespaced parent, which kubectl applies with --namespace, so all its namespaced objects must share one namespace`,
    );
  }
  return namespaces[0] ?? subject.namespace;
}

function gatesAfter(objects: readonly Manifest[]): ReadinessGate[] {
  // Stateful services are ready (every replica of the new revision) before the migrations connect to them.
  const rollouts = objects
    .filter((o) => o.kind === 'StatefulSet')
    .map((o) => {
      const spec = (o as { spec?: { replicas?: number; updateStrategy?: { type?: string } } }).spec;
      // `kubectl rollout status` refuses OnDelete StatefulSets: wait for their ready replicas instead.
      const condition = spec?.updateStrategy?.type === 'OnDelete' ? `jsonpath={.status.readyReplicas}=${spec.replicas ?? 1}` : ROLLOUT;
      return { resource: `statefulset/${o.metadata!.name}`, namespace: o.metadata!.namespace!, condition, timeoutSeconds: STATEFUL_ROLLOUT_SECONDS };
    });
  const jobs = objects
    .filter((o) => o.kind === 'Job')
    .map((o) => {
      const deadline = (o as { spec?: { activeDeadlineSeconds?: number } }).spec?.activeDeadlineSeconds ?? 600;
      return { resource: `job/${o.metadata!.name}`, namespace: o.metadata!.namespace!, condition: 'condition=complete', timeoutSeconds: deadline + JOB_WAIT_SLACK_SECONDS };
    });
  return [...rollouts, ...jobs];
}

function gatesBefore(stage: Stage, namespace: string): ReadinessGate[] {
  // MetalLB's validating webhook (served by its controller) rejects pools until it is up.
  if (stage === 'metallb') return [{ resource: 'deployment/controller', namespace, condition: 'condition=Available', timeoutSeconds: CONTROLLER_WAIT_SECONDS }];
  return [];
}

/** kubectl refuses input objects that already carry an ApplySet label ("ApplySet label ... already set in input data"). */
function refusePreLabelled(subject: ReleaseSubject, objects: readonly Manifest[]): void {
  for (const o of objects) {
    const labels = (o.metadata as { labels?: Record<string, string> } | undefined)?.labels ?? {};
    const key = Object.keys(labels).find((k) => k === APPLYSET_PART_OF_LABEL || k === APPLYSET_ID_LABEL);
    if (key) {
      throw new ShipyardError(
        `environment "${subject.environment}": ${o.kind} ${o.metadata?.namespace ? o.metadata.namespace + '/' : ''}${o.metadata?.name}: metadata.labels["${key}"] is set; ` +
          `kubectl sets ApplySet labels itself and refuses objects that already carry them`,
      );
    }
  }
}

/** The stages of a release, from the apply-ordered files (file name → objects). */
export function planRelease(subject: ReleaseSubject, files: ReadonlyMap<string, readonly Manifest[]>): StagePlan[] {
  refusePreLabelled(subject, [...files.values()].flat());
  const plans: StagePlan[] = [];
  for (const stage of STAGES) {
    const stageFiles = [...files.keys()].filter((f) => stageOfFile(f) === stage);
    if (!stageFiles.length) continue;
    const objects = stageFiles.flatMap((f) => files.get(f)!);
    const namespace = stageNamespace(subject, stage, objects);
    const parent: ApplySetParent = { name: parentName(subject.project, stage), namespace, kind: 'Secret', group: '' };
    plans.push({
      stage,
      files: stageFiles,
      objects,
      namespace,
      parent,
      applySetId: applySetId(parent),
      applySetFlag: applySetFlag(parent),
      groupKinds: containsGroupKinds(objects),
      before: gatesBefore(stage, namespace),
      after: gatesAfter(objects),
    });
  }
  return plans;
}
