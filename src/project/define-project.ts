import { ShipyardError } from '../errors';
import type { NetworkRanges } from '../infra/network-ranges';
import { isDnsLabel } from '../manifests/names';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { PlatformFactory } from '../synth/synthesize-environment';

/** The Google Cloud side of a project: one Terraform stack per environment that has a `gcp` block. */
export interface ProjectInfra {
  /**
   * VPC address ranges of every stack.
   * @default - `DEFAULT_NETWORK_RANGES` of `@shipyard/k8s/infra`
   */
  readonly network?: NetworkRanges;
  /**
   * Directory the stacks are written to (`<outdir>/stacks/<env>/cdk.tf.json`), relative to the
   * project's root. A run's `--outdir DIR` puts them in `DIR/cdktf.out` instead.
   * @default 'cdktf.out'
   */
  readonly outdir?: string;
}

/** What a project declares in its `shipyard.config.ts`. */
export interface ProjectProps {
  /**
   * The project's name, a DNS label: the `app.kubernetes.io/part-of` label, service-account names,
   * secret-key prefixes and cloud names derive from it.
   */
  readonly name: string;
  /** The environments written in code, in the order `synth` renders them. Files in `environmentsDir` add to them. */
  readonly environments: readonly EnvironmentProfile[];
  /** Adds the project's constructs to each environment's chart. */
  readonly platform: PlatformFactory;
  /**
   * Terraform stacks for the environments on Google Cloud (needs the optional peers `cdktf` and
   * `@cdktf/provider-google`).
   * @default - no Terraform stacks
   */
  readonly infra?: ProjectInfra;
  /**
   * Directory of environment files (`<name>.yaml`), relative to the project's root.
   * @default 'environments'
   */
  readonly environmentsDir?: string;
  /**
   * Directory the manifests are written to (`<outdir>/<env>/`), relative to the project's root.
   * @default 'dist'
   */
  readonly outdir?: string;
  /**
   * The image lock file (`image:tag` → digest, written by `shipyard-k8s images lock`), relative to
   * the project's root. It is read once when the project is loaded; environments whose profile sets
   * `images.pinDigests` run their images by its digests, and synth fails for an image it lacks.
   * @default 'images.lock.json'
   */
  readonly imageLock?: string;
}

/** A checked project definition: what `defineProject` returns and `shipyard.config.ts` exports. */
export interface ProjectDefinition extends ProjectProps {
  /** Marks the object as made by `defineProject`. */
  readonly kind: 'shipyard-project';
}

/** A project definition that cannot work. */
export class ProjectDefinitionError extends ShipyardError {}

/**
 * Declares a project: its name, its environments, its platform and (optionally) its cloud stacks.
 * `shipyard.config.ts` at the project's root exports the result as its default export; the
 * `shipyard-k8s` command finds it and works on that project.
 *
 * @example
 * ```ts
 * // shipyard.config.ts
 * import { defineProject, WebService } from '\@shipyard/k8s';
 * export default defineProject({
 *   name: 'payments',
 *   environments: [dev, prod],
 *   platform: (chart) => { new WebService(chart, 'api', { image: { repository: 'api', tag: '1.0.0' }, port: 8080 }); },
 * });
 * ```
 */
export function defineProject(props: ProjectProps): ProjectDefinition {
  const problems: string[] = [];
  if (!isDnsLabel(props.name)) problems.push(`name "${props.name}" is not a DNS label (lower-case letters, digits and '-', at most 63 characters)`);
  if (!Array.isArray(props.environments) || props.environments.length === 0) problems.push('environments: at least one environment is required');
  const seen = new Set<string>();
  for (const env of props.environments ?? []) {
    if (seen.has(env.name)) problems.push(`environments: "${env.name}" is declared twice`);
    seen.add(env.name);
  }
  if (typeof props.platform !== 'function') problems.push('platform: a function (chart) => void that adds the constructs is required');
  if (problems.length) throw new ProjectDefinitionError(`project "${props.name}": ${problems.join('; ')}`);
  return Object.freeze({ ...props, kind: 'shipyard-project' as const });
}

/** True for what `defineProject` returns. */
export function isProjectDefinition(value: unknown): value is ProjectDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'shipyard-project';
}
