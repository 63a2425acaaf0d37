import * as fs from 'node:fs';
import * as path from 'node:path';
import { ShipyardError } from '../../errors';
import { EnvironmentProfile } from '../../profiles/environment-profile';
import { allowsInlineSecretValues } from '../../profiles/validate-profile';
import { checkObjects, CheckedObject, Finding, formatFinding, loadManifestDir } from '../../policy';
import type { ImageLockCheck } from '../../policy/types';
import { lockedDigests } from '../../images/image-lock';
import { projectRelative } from '../../project/project';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { EXIT, UsageError } from '../errors';
import { Output } from '../terminal/output';
import { loadProjectFile, lookForProjectFile } from '../project/load-project';
import { recoverOutputs } from '../../output';

export const VALIDATE_HELP = `Usage: shipyard-k8s validate [DIR] [--env NAME]... [--format text|json] [--trust-kind GROUP/KIND]... [--config FILE]

Checks manifests that are already written (default DIR: the project's dist) with the same schema and policy engine
as synth. DIR is either a directory of environment subdirectories (dist/, checked per subdirectory,
the environment being the subdirectory's name) or a flat directory of YAML files (the environment
is --env NAME, or the directory's name). Inline Secret values are allowed only for environments
whose profile in the project (shipyard.config.ts or an environment file) may carry them (a minikube
profile with development secrets: the same verdict as synth), and container images are checked
against the project's image lock (images.lock.json): where the profile pins digests, every image must
carry the locked digest; anywhere, a digest must match the lock's. Without a project file, DIR defaults to dist and no environment
may carry inline Secret values.

What kubectl or the API server would refuse is an error: files that are not UTF-8 (UTF-16
included), documents that are not objects (a plain sentence), objects over the size limits, and
objects of kinds without a schema (Kubernetes 1.28, MetalLB and the CRD catalog: cert-manager,
External Secrets, Sealed Secrets, Prometheus Operator, GKE, ...) unless --trust-kind vouches for them.

Options:
  --env NAME               only these environment subdirectories; for a flat DIR, its environment
  --format text|json       text (default), or a JSON array of findings for machines
  --trust-kind GROUP/KIND  a custom resource kind without a schema whose objects you vouch for
                           (e.g. example.com/Widget; repeatable): not schema-checked
  --config FILE            the project file (default: shipyard.config.ts here or in a parent, if any)
  -q, --quiet              print nothing but findings and errors
  --debug                  show stack traces
  -h, --help               this help

Exit codes: 0 no error findings (warnings are printed); 1 error findings or unreadable manifests;
2 usage error (no such directory, no YAML files).`;

/** A manifest file could not be read or parsed. */
export class ManifestReadError extends ShipyardError {}

/** One environment's manifests to check. */
export interface ManifestSet {
  readonly environment: string;
  readonly dir: string;
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

/**
 * The environments in `dir`: its subdirectories that hold YAML files, or `dir` itself when it holds
 * YAML files (named `flatName`, default the directory's name).
 */
export function findManifestSets(dir: string, flatName?: string): ManifestSet[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new UsageError(`validate: "${dir}" is not a directory (synthesize first: shipyard-k8s synth --outdir ${dir})`);
  const entries = fs.readdirSync(dir, { withFileTypes: true });
  if (entries.some((e) => e.isFile() && isYaml(e.name))) return [{ environment: flatName ?? path.basename(path.resolve(dir)), dir }];
  const sets = entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort()
    .filter((name) => fs.readdirSync(path.join(dir, name)).some(isYaml))
    .map((name) => ({ environment: name, dir: path.join(dir, name) }));
  if (!sets.length) throw new UsageError(`validate: no YAML files in "${dir}" or its subdirectories`);
  return sets;
}

/**
 * Whether an environment may carry inline Secret values: the same verdict as synth
 * (`allowsInlineSecretValues` of its profile in the project); an environment no profile describes may not.
 */
export function allowsInlineSecrets(environment: string, profiles: readonly EnvironmentProfile[]): boolean {
  const profile = profiles.find((p) => p.name === environment);
  return profile !== undefined && allowsInlineSecretValues(profile);
}

/** Result of checking one environment directory. */
export interface ValidatedSet {
  readonly environment: string;
  readonly dir: string;
  readonly objectCount: number;
  readonly findings: readonly Finding[];
}

/**
 * What rule `image-digest-locked` checks an environment's images against: the project's image lock,
 * with whether its profile pins digests (the same check as synth). Undefined for an environment no
 * profile describes.
 */
export function imageLockCheck(environment: string, profiles: readonly EnvironmentProfile[], lock: { readonly digests: Readonly<Record<string, string>>; readonly file: string }): ImageLockCheck | undefined {
  const profile = profiles.find((p) => p.name === environment);
  if (!profile) return undefined;
  return { pinDigests: profile.images?.pinDigests ?? false, registry: profile.registry, digests: lock.digests, file: lock.file };
}

export function validateSet(set: ManifestSet, profiles: readonly EnvironmentProfile[] = [], trustedKinds: readonly string[] = [], imageLock?: ImageLockCheck): ValidatedSet {
  let objects: CheckedObject[];
  try {
    objects = loadManifestDir(set.dir);
  } catch (error) {
    const reason = (error as Error).message.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ');
    throw new ManifestReadError(`validate: cannot read the manifests of "${set.environment}" in ${set.dir}: ${reason}`);
  }
  const sourced = objects.map((o) => ({ ...o, source: o.source ? path.join(set.dir, o.source) : set.dir }));
  const result = checkObjects(sourced, { environment: set.environment, allowInlineSecretValues: allowsInlineSecrets(set.environment, profiles), trustedKinds, ...(imageLock ? { imageLock } : {}) });
  return { environment: set.environment, dir: set.dir, objectCount: objects.length, findings: result.findings };
}

export function validateCommand(argv: readonly string[], out: Output): number {
  const { values, positionals } = parseCommand(
    'validate',
    argv,
    {
      ...COMMON_OPTIONS,
      env: { type: 'string', multiple: true, default: [] },
      format: { type: 'string', default: 'text' },
      'trust-kind': { type: 'string', multiple: true, default: [] },
    },
    true,
  );
  if (values.help) {
    out.data(VALIDATE_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals.length > 1) throw new UsageError(`validate: expected at most one directory, got ${positionals.length} (${positionals.join(' ')})`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') throw new UsageError(`validate: unknown format "${format}"; formats: text, json`);
  const trusted = values['trust-kind'] ?? [];
  for (const t of trusted) {
    if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[A-Z][A-Za-z0-9]*$/.test(t) || !t.split('/')[0].includes('.')) {
      throw new UsageError(`validate: --trust-kind "${t}" is not GROUP/KIND of a custom resource, like example.com/Widget`);
    }
  }
  if (positionals[0] !== undefined && !positionals[0].trim()) throw new UsageError(`validate: the directory is an empty string; name one (e.g. dist)`);
  const projectFile = lookForProjectFile(process.cwd(), values.config);
  const project = projectFile ? loadProjectFile(projectFile) : undefined;
  const profiles = project ? project.environments.map((e) => e.profile) : [];
  const dir = positionals[0] ?? (project ? path.relative(process.cwd(), project.outdir) || '.' : 'dist');
  const envs = values.env ?? [];
  // An interrupted synth's switch is finished (or undone) first, so what is read is all-old or all-new.
  for (const line of recoverOutputs([dir])) out.info(line);
  let sets = findManifestSets(dir, envs.length === 1 ? envs[0] : undefined);
  const flat = sets.length === 1 && sets[0].dir === dir;
  if (!flat && envs.length) {
    const missing = envs.filter((e) => !sets.some((s) => s.environment === e));
    if (missing.length) throw new UsageError(`validate: no manifests for ${missing.map((m) => `"${m}"`).join(', ')} in "${dir}"; it has ${sets.map((s) => s.environment).join(', ')}`);
    sets = sets.filter((s) => envs.includes(s.environment));
  }
  const lock = project ? { digests: lockedDigests(project.imageLock), file: projectRelative(project.root, project.imageLockFile) } : undefined;
  const results = sets.map((s) => validateSet(s, profiles, trusted, lock && imageLockCheck(s.environment, profiles, lock)));
  const findings = results.flatMap((r) => r.findings);
  const errors = findings.filter((f) => f.severity === 'error');
  if (format === 'json') {
    out.data(JSON.stringify(findings, null, 2) + '\n');
  } else {
    for (const r of results) {
      const e = r.findings.filter((f) => f.severity === 'error').length;
      const w = r.findings.length - e;
      const mark = e ? out.red('✗') : w ? out.yellow('!') : out.green('✓');
      out.info(`${mark} ${r.environment.padEnd(10)} ${String(r.objectCount).padStart(4)} objects, ${e} error(s), ${w} warning(s)  ${out.dim(r.dir)}`);
    }
    if (findings.length) out.data('\n' + findings.map((f) => (f.severity === 'error' ? out.red(formatFinding(f)) : out.yellow(formatFinding(f)))).join('\n\n') + '\n');
    const verdict = errors.length ? out.red(`${errors.length} error finding(s)`) : out.green('no error findings');
    out.info(`\n${verdict} in ${results.length} environment(s)${findings.length > errors.length ? `, ${findings.length - errors.length} warning(s)` : ''}`);
  }
  return errors.length ? EXIT.failed : EXIT.ok;
}
