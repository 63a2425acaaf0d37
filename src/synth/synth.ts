import { checkCapacity, CapacityReport } from '../capacity';
import { checkClusterContract, ClusterContractError } from '../contract/cluster-contract';
import { ShipyardError } from '../errors';
import { Environment } from '../profiles/environment';
import { allowsInlineSecretValues } from '../profiles/validate-profile';
import { checkObjects, Finding, formatFinding } from '../policy';
import { annotateSyncWaves } from '../release/gitops';
import { RELEASE_FILES, releaseOutput, ReleaseOutput } from '../release/release-files';
import { environmentImages, imageListText } from '../images/image-list';
import { toYaml } from './manifest-yaml';
import { ObjectMemo } from './render-memo';
import { layoutFiles, Manifest } from './manifest-files';
import { PlatformFactory, synthesizeEnvironment } from './synthesize-environment';

/** One environment's rendered files and what was checked on the way (without the objects themselves). */
export interface RenderedEnvironment {
  /** Environment name (the `dist/` sub-directory). */
  readonly name: string;
  /** Platform kind. */
  readonly platform: string;
  /** Number of objects. */
  readonly objectCount: number;
  /**
   * File name → text: the manifests in apply order (`NN-*.yaml`), then the release files
   * (`apply.sh`, `Kustomization`, `release/release.json`, `release/images.txt`).
   */
  readonly files: ReadonlyMap<string, string>;
  /** Findings that were waived in code, with their reasons (printed in the summary). */
  readonly waived: readonly { readonly finding: Finding; readonly reason: string }[];
  /** Capacity headroom at every workload's maximum. */
  readonly capacity: CapacityReport;
  /** Milliseconds spent on this environment. */
  readonly millis: number;
}

/** One environment's rendered output, with its objects and its release plan (which holds them too). */
export interface EnvironmentOutput extends RenderedEnvironment {
  /** The release: stages (kubectl ApplySets), release manifest. */
  readonly release: ReleaseOutput;
  /** The objects, as written. */
  readonly manifests: readonly Manifest[];
}

/** The policy gate refused an environment's objects. */
export class PolicyViolationError extends ShipyardError {
  constructor(
    /** Environment name. */
    public readonly environment: string,
    /** The findings. */
    public readonly findings: readonly Finding[],
  ) {
    super(`environment "${environment}": ${findings.length} policy finding(s)\n\n` + findings.map(formatFinding).join('\n\n'));
  }
}

/** The environment cannot hold its own maximum. */
export class CapacityError extends ShipyardError {
  constructor(
    /** Environment name. */
    public readonly environment: string,
    /** The capacity report that failed. */
    public readonly report: CapacityReport,
  ) {
    super(`environment "${environment}": does not fit its maximum: ${report.summary}`);
  }
}

/** One or more environments failed; nothing was written. */
export class SynthFailedError extends ShipyardError {
  constructor(
    /** Each failed environment and its error. */
    public readonly failures: readonly { readonly environment: string; readonly error: Error }[],
  ) {
    super(failures.map((f) => f.error.message).join('\n\n'));
  }
}

/** Options of {@link renderEnvironment}. */
export interface RenderOptions {
  /**
   * Reuse the YAML and the schema validation of objects a previous render saw unchanged (a warm
   * process, `synth --watch`).
   * @default each object validated and dumped
   */
  readonly memo?: ObjectMemo;
}

/**
 * Synthesizes one environment in memory and puts it through the gate: construct validation, schema
 * and policy checks, and the capacity check. Throws on any error; writes nothing.
 */
export function renderEnvironment(environment: Environment, platform: PlatformFactory, options: RenderOptions = {}): EnvironmentOutput {
  const started = process.hrtime.bigint();
  const { objects } = synthesizeEnvironment(environment, platform);
  const manifests = objects.map((o) => o.manifest as Manifest);
  // Files in apply order, each in its release stage; the objects are annotated in place, so the layout holds.
  const layout = layoutFiles(manifests);
  // Argo CD applies the release in sync waves, one per stage: the objects carry theirs.
  if (environment.profile.gitops?.argoCd) annotateSyncWaves(layout);
  const missing = checkClusterContract(environment, manifests);
  if (missing.length) throw new ClusterContractError(environment.name, missing);
  const result = checkObjects(objects, {
    environment: environment.name,
    allowInlineSecretValues: allowsInlineSecretValues(environment.profile),
    imageLock: { pinDigests: environment.pinsDigests, registry: environment.profile.registry, digests: environment.imageDigests, file: environment.imageLockFile },
    ...(options.memo ? { memo: options.memo } : {}),
  });
  const errors = result.findings.filter((f) => f.severity === 'error');
  if (errors.length) throw new PolicyViolationError(environment.name, errors);
  const capacity = checkCapacity(environment.profile, manifests);
  if (capacity.checked && !capacity.fits) throw new CapacityError(environment.name, capacity);
  const images = environmentImages(environment, manifests, environment.imageLockFile);
  const files = new Map<string, string>();
  for (const [file, list] of layout) {
    files.set(file, list.map((m) => (options.memo ? options.memo.yaml(m) : toYaml(m))).join('---\n'));
  }
  const release = releaseOutput(
    { environment: environment.name, project: environment.project, namespace: environment.namespace, platform: environment.platform, gitops: environment.profile.gitops, overrides: environment.overrides },
    layout,
    files,
    options.memo ? { objectHash: (m) => options.memo!.objectHash(m) } : {},
  );
  // The GitOps objects go to the cluster's Flux or Argo CD, which must serve their API versions.
  const controllerMissing = checkClusterContract(environment, release.gitOpsObjects);
  if (controllerMissing.length) throw new ClusterContractError(environment.name, controllerMissing);
  for (const [file, text] of release.files) files.set(file, text);
  files.set(RELEASE_FILES.images, imageListText(images));
  return {
    name: environment.name,
    platform: environment.platform,
    objectCount: manifests.length,
    files,
    release,
    manifests,
    waived: result.waived,
    capacity,
    millis: Number(process.hrtime.bigint() - started) / 1e6,
  };
}

/**
 * Renders every environment; collects every environment's failure before throwing
 * {@link SynthFailedError}, so one run shows all that is wrong.
 */
export function renderAll(environments: readonly Environment[], platform: PlatformFactory, onEnvironment?: (out: EnvironmentOutput) => void): EnvironmentOutput[] {
  const outputs: EnvironmentOutput[] = [];
  const failures: { environment: string; error: Error }[] = [];
  for (const environment of environments) {
    try {
      const out = renderEnvironment(environment, platform);
      outputs.push(out);
      onEnvironment?.(out);
    } catch (error) {
      failures.push({ environment: environment.name, error: error instanceof Error ? error : new Error(String(error)) });
    }
  }
  if (failures.length) throw new SynthFailedError(failures);
  return outputs;
}
