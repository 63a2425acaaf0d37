import { ResolvedGitOps } from '../profiles/resolved-profile';
import { Manifest } from '../synth/manifest-files';
import { gitOpsFiles, gitOpsObjects } from './gitops';
import { applyScript } from './apply-script';
import { kustomizationYaml } from './kustomization';
import { releaseManifest, releaseManifestJson, ReleaseManifest } from './release-manifest';
import { planRelease, ReleaseSubject, StagePlan } from './release-plan';
import { RELEASE_FILES } from './file-names';

export { RELEASE_FILES } from './file-names';

/** What an environment's release adds to its output. */
export interface ReleaseOutput {
  /** The stages (ApplySets) in apply order. */
  readonly stages: readonly StagePlan[];
  /** The release manifest. */
  readonly manifest: ReleaseManifest;
  /** File name → text: `Kustomization`, `apply.sh`, `release/release.json`, and with GitOps `gitops/*.yaml` and `stages/<stage>/kustomization.yaml`. */
  readonly files: ReadonlyMap<string, string>;
  /** The Flux or Argo CD objects of `gitops/*.yaml` (empty without GitOps): what the cluster's controller must serve. */
  readonly gitOpsObjects: readonly Manifest[];
}

/**
 * The release files of an environment, from its apply-ordered layout (file → objects) and the
 * written manifest texts.
 */
export function releaseOutput(
  subject: ReleaseSubject & { readonly platform: string; readonly gitops?: ResolvedGitOps; readonly overrides?: readonly string[] },
  layout: ReadonlyMap<string, readonly Manifest[]>,
  texts: ReadonlyMap<string, string>,
  options: { readonly objectHash?: (o: Manifest) => string } = {},
): ReleaseOutput {
  const stages = planRelease(subject, layout);
  const manifest = releaseManifest(subject.environment, subject.platform, subject.namespace, texts, stages, options.objectHash, subject.overrides);
  const files = new Map<string, string>([
    [RELEASE_FILES.applyScript, applyScript(subject.environment, subject.namespace, stages)],
    [RELEASE_FILES.kustomization, kustomizationYaml(stages.flatMap((s) => s.files))],
    [RELEASE_FILES.manifest, releaseManifestJson(manifest)],
  ]);
  let controllerObjects: Manifest[] = [];
  if (subject.gitops) {
    const gitops = { environment: subject.environment, platform: subject.platform, project: subject.project, namespace: subject.namespace, gitops: subject.gitops };
    const objects = gitOpsObjects(gitops, stages);
    controllerObjects = [...objects.flux, ...objects.argoCd];
    for (const [file, text] of gitOpsFiles(gitops, stages, objects)) files.set(file, text);
  }
  return { stages, manifest, files, gitOpsObjects: controllerObjects };
}
