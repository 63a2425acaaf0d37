/** Picking the environments of a run and applying its `--set` overrides, keeping where each setting came from. */
import { ProfileValidationError } from '../errors';
import { overlaySources, SettingSource, SourcedEnvironment } from '../project/environment-files';
import { Environment, EnvironmentOptions } from '../profiles/environment';
import { lockedDigests } from '../images/image-lock';
import { Project, projectRelative } from '../project/project';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { UsageError } from './errors';
import { formatPath } from './overrides/profile-schema';
import { applyOverrides, overridesFor, parseSetArgument, SetOverride } from './overrides/set-overrides';
import { didYouMean } from './terminal/suggest';

/** Picks environments by name, in the order given; unknown names are a usage error listing the known ones. */
export function selectEnvironments<T extends { readonly profile: EnvironmentProfile }>(names: readonly string[], all: readonly T[]): T[] {
  if (names.length === 0) return [...all];
  const known = all.map((e) => e.profile.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    const hint = unknown.length === 1 ? didYouMean(unknown[0], known, 1) : '';
    throw new UsageError(
      `unknown environment${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}${hint}; known environments: ${known.join(', ')}`,
    );
  }
  return [...new Set(names)].map((n) => all.find((e) => e.profile.name === n)!);
}

/** Picks profiles by name (see {@link selectEnvironments}). */
export function selectProfiles(names: readonly string[], profiles: readonly EnvironmentProfile[]): EnvironmentProfile[] {
  return selectEnvironments(names, profiles.map((profile) => ({ profile }))).map((e) => e.profile);
}

/** The environments of a run: overrides applied, validated and resolved once. */
export interface PreparedRun {
  readonly environments: Environment[];
  /** Per environment: setting path → where its value came from (project file, environment file, `--set`). */
  readonly sources: ReadonlyMap<string, ReadonlyMap<string, SettingSource>>;
  readonly overrides: SetOverride[];
}

/** The project's image lock as each environment of a run gets it. */
export type ImageLockOptions = Pick<EnvironmentOptions, 'imageDigests' | 'imageLockFile'>;

/** What a loaded project's environments get of its image lock. */
export function imageLockOptions(project: Project): ImageLockOptions {
  return { imageDigests: lockedDigests(project.imageLock), imageLockFile: projectRelative(project.root, project.imageLockFile) };
}

/** Environments declared in one place (tests, profiles without sources). */
const unsourced = (profiles: readonly EnvironmentProfile[]): SourcedEnvironment[] => profiles.map((profile) => ({ profile, declaredIn: 'code', sources: new Map() }));

/**
 * Selects the environments, parses every `--set` and applies it, then validates and resolves each
 * resulting profile once with `new Environment` (a {@link ProfileValidationError} names the
 * environment and field; it becomes a usage error, exit code 2). `ENV:` overrides must name an
 * environment of the run.
 */
export function prepareRun(
  envNames: readonly string[],
  setArgs: readonly string[],
  all: readonly (SourcedEnvironment | EnvironmentProfile)[],
  project: string,
  images: ImageLockOptions = {},
): PreparedRun {
  const sourced = all.map((e) => ('profile' in e ? e : unsourced([e])[0]));
  const selected = selectEnvironments(envNames, sourced);
  const known = sourced.map((e) => e.profile.name);
  const overrides = setArgs.map((raw) => parseSetArgument(raw, known));
  const names = selected.map((e) => e.profile.name);
  for (const o of overrides) {
    if (o.environment !== undefined && !names.includes(o.environment)) {
      throw new UsageError(`--set "${o.raw}" targets environment "${o.environment}", which this run does not include (${names.join(', ')})`);
    }
  }
  const environments: Environment[] = [];
  const sources = new Map<string, ReadonlyMap<string, SettingSource>>();
  const problems: ProfileValidationError[] = [];
  for (const e of selected) {
    let sourcesOfEnv = new Map(e.sources);
    const mine = overridesFor(overrides, e.profile.name);
    for (const o of mine) {
      sourcesOfEnv = overlaySources(sourcesOfEnv, o.value, `--set ${o.raw}`, formatPath(o.segments));
    }
    sources.set(e.profile.name, sourcesOfEnv);
    try {
      environments.push(new Environment(applyOverrides(e.profile, mine), { project, overrides: mine.map((o) => o.raw), ...images }));
    } catch (error) {
      if (error instanceof ProfileValidationError) problems.push(error);
      else throw error;
    }
  }
  if (problems.length) {
    const applied = overrides.length ? `\n  (after ${overrides.map((o) => `--set ${o.raw}`).join(', ')})` : '';
    throw new UsageError(problems.map((p) => p.message).join('\n') + applied);
  }
  return { environments, sources, overrides };
}

/** Names of an environment's workloads (Deployments and StatefulSets): the services `services.<name>` can name. */
export function workloadNames(manifests: readonly { kind: string; metadata?: { name?: string } }[]): string[] {
  return manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet').map((m) => m.metadata?.name ?? '').filter(Boolean);
}
