import { ShipyardError } from '../errors';
import type { Environment } from '../profiles/environment';

/** An object as rendered, as far as pinning reads it. */
interface Rendered {
  readonly manifest: Record<string, unknown>;
  readonly constructPath?: string;
}

/** A container image the environment must pin and the lock has no digest for. */
export interface UnpinnedImage {
  /** The image reference. */
  readonly image: string;
  /** `Kind name` of the object. */
  readonly object: string;
  /**
   * The construct that made it.
   * @default - none
   */
  readonly constructPath?: string;
}

/** Images an environment must pin are missing from the image lock. */
export class UnpinnedImageError extends ShipyardError {
  constructor(
    /** Environment name. */
    public readonly environment: string,
    /** Each image without a digest. */
    public readonly images: readonly UnpinnedImage[],
  ) {
    super(
      `environment "${environment}": images.pinDigests is on, and the image lock (images.lock.json) has no digest for\n` +
        images.map((i) => `  - ${i.image} (${i.object}${i.constructPath ? `, construct ${i.constructPath}` : ''})`).join('\n') +
        '\n  Resolve them against your registry: npm run images:lock -- --registry REGISTRY',
    );
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined);

/** The pod specs of an object: pod templates of workloads and jobs, a Pod's own spec. */
function podSpecs(m: Json): Json[] {
  const spec = obj(m.spec);
  if (!spec) return [];
  if (m.kind === 'Pod') return [spec];
  const specs: Json[] = [];
  const template = obj(obj(spec.template)?.spec);
  if (template) specs.push(template);
  const jobTemplate = obj(obj(obj(obj(spec.jobTemplate)?.spec)?.template)?.spec);
  if (jobTemplate) specs.push(jobTemplate);
  return specs;
}

/**
 * Rewrites every container image of `objects` to the reference `environment` runs it by
 * (`Environment.pinnedImage`): `image@sha256:…` where the profile pins digests. Returns the images the
 * lock has no digest for (left as they were); empty when the environment does not pin.
 */
export function pinImages(environment: Environment, objects: readonly Rendered[]): UnpinnedImage[] {
  const missing: UnpinnedImage[] = [];
  if (!environment.pinsDigests) return missing;
  for (const o of objects) {
    for (const spec of podSpecs(o.manifest)) {
      for (const field of ['initContainers', 'containers'] as const) {
        const containers = spec[field];
        if (!Array.isArray(containers)) continue;
        for (const c of containers as Json[]) {
          if (typeof c.image !== 'string') continue;
          const pinned = environment.pinnedImage(c.image);
          if (pinned) c.image = pinned;
          else {
            const name = obj(o.manifest.metadata)?.name;
            const object = `${typeof o.manifest.kind === 'string' ? o.manifest.kind : '?'} ${typeof name === 'string' ? name : '?'}`;
            missing.push({ image: c.image, object, ...(o.constructPath ? { constructPath: o.constructPath } : {}) });
          }
        }
      }
    }
  }
  return missing;
}

/** The images of rendered objects, sorted and unique: what an offline site mirrors. */
export function imagesOf(objects: readonly Rendered[]): string[] {
  const images = new Set<string>();
  for (const o of objects) {
    for (const spec of podSpecs(o.manifest)) {
      for (const field of ['initContainers', 'containers'] as const) {
        const containers = spec[field];
        if (Array.isArray(containers)) for (const c of containers as Json[]) if (typeof c.image === 'string') images.add(c.image);
      }
    }
  }
  return [...images].sort();
}
