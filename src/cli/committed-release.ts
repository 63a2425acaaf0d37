/** Reading an environment's committed output at a git ref (`git show REF:<outdir>/<env>/...`). */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ReleaseSide } from '../compare/release-diff';
import { K8sObject } from '../manifests/k8s-object';
import { asObject } from '../manifests/json';
import { ReleaseManifest } from '../release/release-manifest';
import { RELEASE_FILES } from '../release/release-files';
import { KUSTOMIZATION_FILES } from '../policy/load';
import { ShipyardError } from '../errors';
import { UsageError } from './errors';

function git(args: readonly string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', [...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 512 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

/** Resolves a ref to a commit; a usage error when it is none (or this is no git repository). */
export function resolveCommit(ref: string, cwd: string = process.cwd()): string {
  if (git(['rev-parse', '--is-inside-work-tree'], cwd)?.trim() !== 'true') throw new UsageError(`diff --against: ${cwd} is not inside a git repository`);
  const commit = git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd)?.trim();
  if (!commit) throw new UsageError(`diff --against: "${ref}" is not a commit of this repository (a branch, tag or commit, e.g. HEAD or origin/main)`);
  return commit;
}

function parseObjects(text: string, source: string): K8sObject[] {
  return parseAllDocuments(text).flatMap((doc, i) => {
    if (doc.errors.length) throw new ShipyardError(`${source}: document ${i + 1}: ${doc.errors[0].message}`);
    const o = asObject(doc.toJS());
    return o && typeof o.kind === 'string' ? [o as unknown as K8sObject] : [];
  });
}

/**
 * The objects (and release manifest) of `<outdir>/<environment>/` at `commit`: the files its
 * kustomization lists, or every YAML file when it has none. Undefined when the directory does not exist there.
 */
export function readCommittedRelease(commit: string, outdir: string, environment: string, cwd: string = process.cwd()): ReleaseSide | undefined {
  const dir = path.posix.join(path.relative(cwd, path.resolve(cwd, outdir)).split(path.sep).join('/') || '.', environment);
  const show = (file: string) => git(['show', `${commit}:./${dir}/${file}`], cwd);
  const listed = git(['ls-tree', '--name-only', commit, '--', `${dir}/`], cwd);
  if (!listed?.trim()) return undefined;
  // Releases committed before the release files got their current names used `kustomization.yaml`
  // and `release.json`; read whichever the commit has.
  const kustomizationFile = [RELEASE_FILES.kustomization, ...KUSTOMIZATION_FILES].find((f) => show(f) !== undefined);
  const kustomization = kustomizationFile === undefined ? undefined : show(kustomizationFile);
  let files: string[];
  if (kustomization !== undefined) {
    const resources = asObject(parseAllDocuments(kustomization)[0]?.toJS())?.resources;
    files = Array.isArray(resources) ? resources.filter((r): r is string => typeof r === 'string') : [];
  } else {
    files = listed.split('\n').map((p) => path.posix.basename(p)).filter((f) => /\.ya?ml$/.test(f)).sort();
  }
  const objects = files.flatMap((f) => {
    const text = show(f);
    if (text === undefined) throw new ShipyardError(`diff --against: ${dir}/${f} is listed in ${dir}/${kustomizationFile ?? ''} at ${commit.slice(0, 12)} but is not in that commit`);
    return parseObjects(text, `${commit.slice(0, 12)}:${dir}/${f}`);
  });
  const manifestText = show(RELEASE_FILES.manifest) ?? show('release.json');
  const manifest = manifestText !== undefined ? (JSON.parse(manifestText) as ReleaseManifest) : undefined;
  return { objects, ...(manifest ? { manifest } : {}) };
}
