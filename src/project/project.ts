import * as fs from 'node:fs';
import * as path from 'node:path';
import { IMAGE_LOCK_FILE, ImageLock, ImageLockError, parseImageLock } from '../images/image-lock';
import { PlatformFactory } from '../synth/synthesize-environment';
import { ProjectDefinition, ProjectInfra } from './define-project';
import { loadEnvironmentFiles, SourcedEnvironment, sourcesOf } from './environment-files';

/** A project as a run sees it: its definition, where it lives, and every environment with the sources of its settings. */
export interface Project {
  /** The project's name (`defineProject({ name })`). */
  readonly name: string;
  /** The directory of its project file; relative paths of the project are relative to it. */
  readonly root: string;
  /** The project file. */
  readonly configFile: string;
  /** Environments declared in code, then those of the environment files (by file name). */
  readonly environments: readonly SourcedEnvironment[];
  /** Adds the project's constructs to a chart. */
  readonly platform: PlatformFactory;
  /**
   * The cloud side.
   * @default - no Terraform stacks
   */
  readonly infra?: ProjectInfra;
  /** Where manifests go, absolute. */
  readonly outdir: string;
  /** Where Terraform stacks go, absolute. */
  readonly infraOutdir: string;
  /** The environment files' directory, absolute. */
  readonly environmentsDir: string;
  /** The image lock file, absolute (it may not exist yet). */
  readonly imageLockFile: string;
  /**
   * The image lock, read once when the project is loaded.
   * @default - none: the file does not exist
   */
  readonly imageLock?: ImageLock;
}

/** Path relative to the project root, with forward slashes, for messages and sources. */
export function projectRelative(root: string, file: string): string {
  const rel = path.relative(root, file);
  return (rel.startsWith('..') ? file : rel).split(path.sep).join('/');
}

/**
 * A project from its definition and the file that declared it: the environments of code and of the
 * environment files, each validated, with the source of every setting, and the image lock.
 */
export function resolveProject(definition: ProjectDefinition, configFile: string): Project {
  const root = path.dirname(path.resolve(configFile));
  const label = projectRelative(root, configFile);
  const declared: SourcedEnvironment[] = definition.environments.map((profile) => ({ profile, declaredIn: label, sources: sourcesOf(profile, label) }));
  const environmentsDir = path.resolve(root, definition.environmentsDir ?? 'environments');
  const imageLockFile = path.resolve(root, definition.imageLock ?? IMAGE_LOCK_FILE);
  const imageLock = readImageLock(imageLockFile, projectRelative(root, imageLockFile));
  const fromFiles = loadEnvironmentFiles(environmentsDir, declared, definition.name, (f) => projectRelative(root, f));
  return {
    name: definition.name,
    root,
    configFile: path.resolve(configFile),
    environments: [...declared, ...fromFiles],
    platform: definition.platform,
    ...(definition.infra ? { infra: definition.infra } : {}),
    outdir: path.resolve(root, definition.outdir ?? 'dist'),
    infraOutdir: path.resolve(root, definition.infra?.outdir ?? 'cdktf.out'),
    environmentsDir,
    imageLockFile,
    ...(imageLock ? { imageLock } : {}),
  };
}

/** The lock at `file`, or undefined when there is none; a malformed lock is an {@link ImageLockError} naming the file and entry. */
export function readImageLock(file: string, label: string): ImageLock | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ImageLockError(`${label}: cannot be read (${(error as Error).message})`);
  }
  return parseImageLock(text, label);
}
