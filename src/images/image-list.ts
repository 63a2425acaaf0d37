/**
 * An environment's image list: every image its site must be able to pull, as the environment writes
 * it (`image:tag@sha256:…` where the profile pins digests). It is written beside the manifests
 * (`release/images.txt`, one reference per line, sorted) for an offline site to mirror into its
 * registry before it applies the release (`skopeo copy --all`, `crane copy`; see docs/images.md).
 */
import { ShipyardError } from '../errors';
import { Environment } from '../profiles/environment';
import { imagesOf } from '../release/release-manifest';
import { Manifest } from '../synth/manifest-files';
import { imageLockKey } from './image-lock';

/** An image the environment needs outside its objects (a cluster add-on the profile declares). */
export interface AddOnImage {
  /** The profile field that names it. */
  readonly field: string;
  /** The reference the environment pulls it by. */
  readonly image: string;
  /** Its key in the image lock. */
  readonly lockKey: string;
}

/** The cluster add-ons' images the profile declares (metrics-server on sites that run their own). */
export function addOnImages(environment: Environment): AddOnImage[] {
  const metrics = environment.cluster.metrics;
  if (metrics?.provider !== 'metrics-server' || !metrics.image) return [];
  const image = `${environment.profile.registry}/${metrics.image}`;
  return [{ field: 'cluster.metrics.image', image: environment.imageReference(image), lockKey: imageLockKey(image, environment.profile.registry) }];
}

/** An add-on image of an environment that pins digests has no entry in the image lock. */
export class AddOnImageNotLockedError extends ShipyardError {
  constructor(
    /** Environment name. */
    public readonly environment: string,
    /** The add-ons without a digest. */
    public readonly images: readonly AddOnImage[],
    lockFile: string,
  ) {
    super(
      `environment "${environment}": pins image digests (images.pinDigests), and ${lockFile} has no entry for\n` +
        images.map((i) => `  - ${i.field}: "${i.image}" (lock key "${i.lockKey}")`).join('\n') +
        '\n  resolve them with `shipyard-k8s images lock`',
    );
  }
}

/**
 * Every image of an environment: the container images of its objects and its add-ons' images, sorted
 * and unique. Throws {@link AddOnImageNotLockedError} when the environment pins digests and an
 * add-on's image has no locked digest (container images are the policy gate's: `image-digest-locked`).
 */
export function environmentImages(environment: Environment, manifests: readonly Manifest[], lockFile: string): string[] {
  const addOns = addOnImages(environment);
  const unlocked = environment.pinsDigests ? addOns.filter((a) => !a.image.includes('@')) : [];
  if (unlocked.length) throw new AddOnImageNotLockedError(environment.name, unlocked, lockFile);
  return [...new Set([...imagesOf(manifests), ...addOns.map((a) => a.image)])].sort();
}

/** `release/images.txt`: one reference per line, final newline. */
export function imageListText(images: readonly string[]): string {
  return images.map((i) => `${i}\n`).join('');
}

/**
 * Lock keys no environment of a run uses, from each environment's `images.txt` (`files`) and registry:
 * what `synth` warns about after rendering every environment, so the lock does not rot.
 */
export function unusedLockKeys(lockKeys: readonly string[], outputs: readonly { readonly registry: string; readonly imageList: string | undefined }[]): string[] {
  const used = new Set(outputs.flatMap((o) => parseImageList(o.imageList ?? '').map((image) => imageLockKey(image, o.registry))));
  return lockKeys.filter((k) => !used.has(k)).sort();
}

/** The references of an `images.txt` (blank lines and `#` comments ignored). */
export function parseImageList(text: string): string[] {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
}
