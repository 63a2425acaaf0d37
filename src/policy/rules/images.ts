import { asString, containersOf, describeContainer } from '../k8s';
import { imageLockKey, splitDigest } from '../../images/image-lock';
import { PolicyRule } from '../types';

/** Why an image reference is not pinned, or undefined when it has a tag other than latest or a digest. */
export function imagePinProblem(image: string): string | undefined {
  const at = image.indexOf('@');
  if (at >= 0) {
    return /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$/.test(image.slice(at + 1)) ? undefined : 'has a malformed digest';
  }
  const colon = image.indexOf(':', image.lastIndexOf('/') + 1);
  if (colon < 0 || colon === image.length - 1) return 'has no tag, so it pulls :latest';
  if (image.slice(colon + 1) === 'latest') return 'uses the :latest tag';
  return undefined;
}

export const imageTagPinnedRule: PolicyRule = {
  id: 'image-tag-pinned',
  severity: 'error',
  rationale: 'An unpinned image (:latest or no tag) makes rollouts unreproducible and lets nodes run different code.',
  fix: 'Pin the image to a version tag (name:1.2.3) or a digest (name@sha256:...).',
  check(run) {
    for (const o of run.index.workloads) {
      for (const c of containersOf(o.pod!)) {
        const image = asString(c.container.image);
        if (image === undefined || image === '') {
          run.report(o, `${c.path}: ${describeContainer(c)} has no image`);
          continue;
        }
        const problem = imagePinProblem(image);
        if (problem) run.report(o, `${c.path}.image: ${describeContainer(c)} image "${image}" ${problem}`);
      }
    }
  },
};

export const imageDigestLockedRule: PolicyRule = {
  id: 'image-digest-locked',
  severity: 'error',
  rationale: 'A tag can be moved to other bytes; production and offline sites must run exactly the image digests the project locked and mirrored.',
  fix: 'Run `shipyard-k8s images lock` to resolve the image into the lock file, commit it and synthesize again (an image that names its own digest must match the lock).',
  check(run) {
    const lock = run.ctx.imageLock;
    if (!lock) return;
    for (const o of run.index.workloads) {
      for (const c of containersOf(o.pod!)) {
        const image = asString(c.container.image);
        if (!image) continue;
        const key = imageLockKey(image, lock.registry);
        const { digest } = splitDigest(image);
        const locked = lock.digests[key];
        const what = `${c.path}.image: ${describeContainer(c)} image "${image}"`;
        if (digest && locked && digest !== locked) {
          run.report(o, `${what} names digest ${digest}, but ${lock.file} locks "${key}" to ${locked}`);
        } else if (lock.pinDigests && !digest) {
          run.report(
            o,
            locked
              ? `${what} is not pinned by digest although ${lock.file} locks "${key}" to ${locked} (this environment pins digests: images.pinDigests); synthesize again`
              : `${what} has no digest: ${lock.file} has no entry "${key}" and this environment pins digests (images.pinDigests); resolve it with \`shipyard-k8s images lock\``,
          );
        }
      }
    }
  },
};

export const IMAGE_RULES: readonly PolicyRule[] = [imageTagPinnedRule, imageDigestLockedRule];
