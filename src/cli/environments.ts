/** Picking the environments of a run and applying its `--set` overrides. */
import { PLATFORM_PROFILES, SHOP_PROJECT } from '../platform/project';
import { ProfileValidationError } from '../errors';
import { Environment } from '../profiles/environment';
import { EnvironmentProfile } from '../profiles/environment-profile';
import { UsageError } from './errors';
import { applyOverrides, parseSetArgument, SetOverride } from './overrides/set-overrides';
import { didYouMean } from './terminal/suggest';

/** Picks profiles by name, in the order given; unknown names are a usage error listing the known ones. */
export function selectProfiles(names: readonly string[], profiles: readonly EnvironmentProfile[] = PLATFORM_PROFILES): EnvironmentProfile[] {
  if (names.length === 0) return [...profiles];
  const known = profiles.map((p) => p.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length) {
    const hint = unknown.length === 1 ? didYouMean(unknown[0], known, 1) : '';
    throw new UsageError(
      `unknown environment${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}${hint}; known environments: ${known.join(', ')}`,
    );
  }
  const unique = [...new Set(names)];
  return unique.map((n) => profiles.find((p) => p.name === n)!);
}

/** The environments of a run: overrides applied, validated and resolved once. */
export interface PreparedRun {
  readonly environments: Environment[];
  readonly overrides: SetOverride[];
}

/**
 * Selects the environments, parses every `--set` and applies it, then validates and resolves each
 * resulting profile once with `new Environment` (a {@link ProfileValidationError} names the
 * environment and field; it becomes a usage error, exit code 2). `ENV:` overrides must name an
 * environment of the run.
 */
export function prepareRun(
  envNames: readonly string[],
  setArgs: readonly string[],
  all: readonly EnvironmentProfile[] = PLATFORM_PROFILES,
  project: string = SHOP_PROJECT,
): PreparedRun {
  const selected = selectProfiles(envNames, all);
  const known = all.map((p) => p.name);
  const overrides = setArgs.map((raw) => parseSetArgument(raw, known));
  const names = selected.map((p) => p.name);
  for (const o of overrides) {
    if (o.environment !== undefined && !names.includes(o.environment)) {
      throw new UsageError(`--set "${o.raw}" targets environment "${o.environment}", which this run does not include (${names.join(', ')})`);
    }
  }
  const environments: Environment[] = [];
  const problems: ProfileValidationError[] = [];
  for (const p of selected) {
    try {
      environments.push(new Environment(applyOverrides(p, overrides), { project }));
    } catch (error) {
      if (error instanceof ProfileValidationError) problems.push(error);
      else throw error;
    }
  }
  if (problems.length) {
    const applied = overrides.length ? `\n  (after ${overrides.map((o) => `--set ${o.raw}`).join(', ')})` : '';
    throw new UsageError(problems.map((p) => p.message).join('\n') + applied);
  }
  return { environments, overrides };
}

/** Names of an environment's workloads (Deployments and StatefulSets): the services `services.<name>` can name. */
export function workloadNames(manifests: readonly { kind: string; metadata?: { name?: string } }[]): string[] {
  return manifests.filter((m) => m.kind === 'Deployment' || m.kind === 'StatefulSet').map((m) => m.metadata?.name ?? '').filter(Boolean);
}
