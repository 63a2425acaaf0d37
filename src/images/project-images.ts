/**
 * The images of a project's environments, by lock key: what `shipyard-k8s images lock` resolves and
 * `--check` compares with the lock. Each environment is built in memory without the policy gate (an
 * environment that pins digests cannot pass it before its images are locked).
 */
import { Environment } from '../profiles/environment';
import { imagesOf } from '../release/release-manifest';
import { Manifest } from '../synth/manifest-files';
import { PlatformFactory, synthesizeEnvironment } from '../synth/synthesize-environment';
import { imageLockKey, splitDigest } from './image-lock';
import { addOnImages } from './image-list';

/** One image of the project, under its lock key. */
export interface ProjectImage {
  /** The lock key. */
  readonly key: string;
  /** The reference the first environment that uses it pulls it by (no digest): where a new entry is resolved. */
  readonly reference: string;
  /** Environments that use it. */
  readonly environments: readonly string[];
  /** Whether an environment that pins digests needs its digest from the lock (it does not name its own). */
  readonly needsLock: boolean;
}

/** Every image of `environments` by lock key, sorted; environments that pin digests come first as the reference. */
export function projectImages(environments: readonly Environment[], platform: PlatformFactory): ProjectImage[] {
  const byKey = new Map<string, { key: string; reference: string; pinned: boolean; environments: string[]; needsLock: boolean }>();
  for (const environment of environments) {
    const { objects } = synthesizeEnvironment(environment, platform);
    const images = [...imagesOf(objects.map((o) => o.manifest as Manifest)), ...addOnImages(environment).map((a) => a.image)];
    for (const image of new Set(images)) {
      const { name, digest } = splitDigest(image);
      const key = imageLockKey(name, environment.profile.registry);
      // A digest the code names itself needs no lock entry; one the environment took from the lock does.
      const needsLock = environment.pinsDigests && (!digest || environment.imageDigests[key] === digest);
      const use = byKey.get(key);
      if (!use) byKey.set(key, { key, reference: name, pinned: environment.pinsDigests, environments: [environment.name], needsLock });
      else {
        if (!use.environments.includes(environment.name)) use.environments.push(environment.name);
        use.needsLock ||= needsLock;
        if (environment.pinsDigests && !use.pinned) Object.assign(use, { reference: name, pinned: true });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map(({ key, reference, environments: envs, needsLock }) => ({ key, reference, environments: envs, needsLock }));
}
