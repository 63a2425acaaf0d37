/**
 * GitOps objects of an environment, from its profile's `gitops` block and its release stages:
 * Flux (a GitRepository or OCIRepository source, one Kustomization per stage with `prune`, `wait`
 * and `dependsOn` on the stage before) and Argo CD (an Application with automated prune and
 * self-heal, or on bare-metal sites an ApplicationSet over the fleet's committed releases; sync
 * waves from the stages). Checked against the Flux and Argo CD CRD schemas like every object.
 */
import { ShipyardError } from '../errors';
import { LABEL_MANAGED_BY, LABEL_PART_OF, MANAGED_BY } from '../manifests/labels';
import { sharedSchemaValidator } from '../policy/schema/validator';
import { ResolvedGitOps } from '../profiles/resolved-profile';
import { Manifest, Stage, STAGES, stageOfFile } from '../synth/manifest-files';
import { toYaml } from '../synth/manifest-yaml';
import { RELEASE_FILES } from './file-names';
import { GENERATED_NOTICE, kustomizationYaml } from './kustomization';
import { StagePlan } from './release-plan';

/** The annotation Argo CD orders a sync by. */
export const ARGOCD_SYNC_WAVE = 'argocd.argoproj.io/sync-wave';

/** What the GitOps objects need to know about the environment. */
export interface GitOpsSubject {
  /** Environment name. */
  readonly environment: string;
  /** Platform kind (bare-metal sites are a fleet: an ApplicationSet). */
  readonly platform: string;
  /** Project name (prefix of the objects' names). */
  readonly project: string;
  /** Namespace of the platform's objects (Argo CD's destination namespace). */
  readonly namespace: string;
  /** The resolved `gitops` block. */
  readonly gitops: ResolvedGitOps;
}

/** Directory (below the environment's) of a stage's kustomization, which Flux reads. */
export const stageDir = (stage: Stage) => `stages/${stage}`;

/** Sync wave of each stage: its position in the release. */
export function syncWave(stage: Stage): string {
  return String(STAGES.indexOf(stage));
}

/**
 * Puts each object's stage as its Argo CD sync wave, from the environment's layout (file → objects, see
 * `layoutFiles`), in place, before the objects are checked and written.
 */
export function annotateSyncWaves(layout: ReadonlyMap<string, readonly Manifest[]>): void {
  for (const [file, manifests] of layout) {
    const wave = syncWave(stageOfFile(file));
    for (const m of manifests) {
      const metadata = (m.metadata ??= {}) as { annotations?: Record<string, string> };
      metadata.annotations = { ...metadata.annotations, [ARGOCD_SYNC_WAVE]: wave };
    }
  }
}

const joinPath = (...parts: string[]) => parts.filter((p) => p && p !== '.').join('/') || '.';

function labels(s: GitOpsSubject): Record<string, string> {
  return { [LABEL_PART_OF]: s.project, [LABEL_MANAGED_BY]: MANAGED_BY };
}

function fluxObjects(s: GitOpsSubject, stages: readonly StagePlan[]): Manifest[] {
  const g = s.gitops;
  const name = `${s.project}-${s.environment}`;
  const metadata = (n: string) => ({ name: n, namespace: g.fluxNamespace, labels: labels(s) });
  const secretRef = g.source.secretRef ? { secretRef: { name: g.source.secretRef } } : {};
  const source: Manifest =
    g.source.kind === 'git'
      ? { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: metadata(name), spec: { interval: g.source.interval, url: g.source.url, ref: { branch: g.source.ref }, ...secretRef } }
      : { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', metadata: metadata(name), spec: { interval: g.source.interval, url: g.source.url, ref: { tag: g.source.ref }, ...secretRef } };
  const kustomizations = stages.map((plan, i): Manifest => {
    const longest = Math.max(300, ...plan.after.map((gate) => gate.timeoutSeconds), ...plan.before.map((gate) => gate.timeoutSeconds));
    return {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: metadata(`${name}-${plan.stage}`),
      spec: {
        interval: '10m',
        retryInterval: '1m',
        timeout: `${longest}s`,
        sourceRef: { kind: source.kind, name },
        path: `./${joinPath(g.source.path, stageDir(plan.stage))}`,
        prune: true,
        wait: true,
        ...(i > 0 ? { dependsOn: [{ name: `${name}-${stages[i - 1].stage}` }] } : {}),
      },
    };
  });
  return [source, ...kustomizations];
}

function argoSyncPolicy() {
  return {
    automated: { prune: true, selfHeal: true },
    // Server-side apply like apply.sh; prune only after every wave is healthy.
    syncOptions: ['ServerSideApply=true', 'PruneLast=true'],
    retry: { limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '3m' } },
  };
}

function argoObjects(s: GitOpsSubject): Manifest[] {
  const g = s.gitops;
  const metadata = (name: string) => ({ name, namespace: g.argoCdNamespace, labels: labels(s) });
  const fleetGlob = g.source.path.endsWith(`/${s.environment}`) ? `${g.source.path.slice(0, -s.environment.length)}*` : undefined;
  if (s.platform === 'baremetal' && fleetGlob) {
    // One ApplicationSet for every bare-metal site of the repository: an Application per committed
    // release manifest whose platform is baremetal, deployed to the Argo CD cluster named like the site.
    return [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'ApplicationSet',
        metadata: metadata(`${s.project}-baremetal-sites`),
        spec: {
          goTemplate: true,
          goTemplateOptions: ['missingkey=error'],
          generators: [{ git: { repoURL: g.source.url, revision: g.source.ref, files: [{ path: `${fleetGlob}/${RELEASE_FILES.manifest}` }] }, selector: { matchLabels: { platform: 'baremetal' } } }],
          template: {
            metadata: { name: `${s.project}-{{.environment}}`, labels: labels(s) },
            spec: {
              project: g.argoCdProject,
              source: { repoURL: g.source.url, targetRevision: g.source.ref, path: '{{.path.path}}' },
              destination: { name: '{{.environment}}', namespace: '{{.namespace}}' },
              syncPolicy: argoSyncPolicy(),
            },
          },
        },
      },
    ];
  }
  return [
    {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Application',
      metadata: metadata(`${s.project}-${s.environment}`),
      spec: {
        project: g.argoCdProject,
        source: { repoURL: g.source.url, targetRevision: g.source.ref, path: g.source.path },
        destination: { server: 'https://kubernetes.default.svc', namespace: s.namespace },
        syncPolicy: argoSyncPolicy(),
      },
    },
  ];
}

/** Schema check of the GitOps objects (the Flux and Argo CD CRDs); throws naming the environment, object and field. */
function checkSchemas(s: GitOpsSubject, objects: readonly Manifest[]): void {
  const validator = sharedSchemaValidator();
  const problems = objects.flatMap((o) => validator.validate(o).map((i) => `${o.kind} ${o.metadata?.namespace}/${o.metadata?.name}: ${i.path}: ${i.message}`));
  if (problems.length) throw new ShipyardError(`environment "${s.environment}": GitOps objects fail their schemas:\n  - ${problems.join('\n  - ')}`);
}

/** The GitOps objects of an environment (validated). */
export function gitOpsObjects(s: GitOpsSubject, stages: readonly StagePlan[]): { flux: Manifest[]; argoCd: Manifest[] } {
  const flux = s.gitops.flux ? fluxObjects(s, stages) : [];
  const argoCd = s.gitops.argoCd ? argoObjects(s) : [];
  checkSchemas(s, [...flux, ...argoCd]);
  return { flux, argoCd };
}

/** File name → text of the GitOps files: `gitops/flux.yaml`, `gitops/argocd.yaml`, and the stage kustomizations Flux reads. */
export function gitOpsFiles(s: GitOpsSubject, stages: readonly StagePlan[], objects = gitOpsObjects(s, stages)): Map<string, string> {
  const { flux, argoCd } = objects;
  const files = new Map<string, string>();
  const doc = (objects: Manifest[], note: string) => `# ${GENERATED_NOTICE}\n# ${note}\n` + objects.map(toYaml).join('---\n');
  if (flux.length) {
    for (const plan of stages) files.set(`${stageDir(plan.stage)}/kustomization.yaml`, kustomizationYaml(plan.files.map((f) => `../../${f}`)));
    files.set('gitops/flux.yaml', doc(flux, `Apply to the cluster's Flux (namespace ${s.gitops.fluxNamespace}) once; Flux then keeps the environment at its release.`));
  }
  if (argoCd.length) files.set('gitops/argocd.yaml', doc(argoCd, `Apply to Argo CD (namespace ${s.gitops.argoCdNamespace}) once.`));
  return files;
}
