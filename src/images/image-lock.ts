/**
 * The image lock: `image:tag` → the `sha256:` digest the tag named when it was locked, with where and
 * when the digest came from. It is committed beside the project (`images.lock.json`), read once by the
 * toolchain when it loads the project, and handed to each environment as data: environments whose
 * profile sets `images.pinDigests` run `image:tag@sha256:…` (the tag stays for readers; the runtime
 * pulls by digest), so every node — and every offline site's mirror — runs exactly the locked bytes.
 *
 * Keys are relative to the environment's registry (`haproxy:2.8.5`, `prom/prometheus:v2.48.1`): a
 * faithful copy into another registry (`skopeo copy --all`, `crane copy`) keeps the digest of the
 * multi-platform index, so one entry serves every environment's registry. Images from elsewhere
 * (`gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.14.3`) are keyed by their full reference.
 */
import { ShipyardError } from '../errors';

/** File name of the lock, in the project's root directory, unless `defineProject({ imageLock })` names another. */
export const IMAGE_LOCK_FILE = 'images.lock.json';

/** Format version this library reads and writes. */
export const IMAGE_LOCK_VERSION = 1;

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const KEY = new RegExp(`^(?:[a-zA-Z0-9.-]+(?::[0-9]{1,5})?/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$`);

/** One locked image. */
export interface ImageLockEntry {
  /** The digest the tag named when locked: of the multi-platform index where the tag names one. */
  readonly digest: string;
  /** The reference the digest was resolved from (e.g. `docker.io/library/haproxy:2.8.5`). */
  readonly resolvedFrom: string;
  /** When it was resolved (ISO 8601). */
  readonly resolvedAt: string;
  /** How: the tool (`skopeo inspect`, `crane digest`) or the document the digest was read from. */
  readonly resolvedWith: string;
}

/** The lock file's document. */
export interface ImageLock {
  /** Format version ({@link IMAGE_LOCK_VERSION}). */
  readonly version: number;
  /** Lock key (`repository:tag` relative to the registry, or a full reference) → entry. */
  readonly images: Readonly<Record<string, ImageLockEntry>>;
}

/** A lock file that is not what the tools write; names the file and the entry. */
export class ImageLockError extends ShipyardError {}

/** Whether `value` is a `sha256:` digest. */
export const isDigest = (value: unknown): value is string => typeof value === 'string' && DIGEST.test(value);

/** Parses and checks a lock document; `origin` names the file in errors. */
export function parseImageLock(text: string, origin: string = IMAGE_LOCK_FILE): ImageLock {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImageLockError(`${origin}: not JSON (${(e as Error).message})`);
  }
  const d = doc as { version?: unknown; images?: unknown } | null;
  if (!d || typeof d !== 'object' || Array.isArray(d)) throw new ImageLockError(`${origin}: expected an object { "version": ${IMAGE_LOCK_VERSION}, "images": { ... } }`);
  if (d.version !== IMAGE_LOCK_VERSION) throw new ImageLockError(`${origin}: "version" is ${JSON.stringify(d.version)}; this version of @shipyard/k8s reads version ${IMAGE_LOCK_VERSION}`);
  if (!d.images || typeof d.images !== 'object' || Array.isArray(d.images)) throw new ImageLockError(`${origin}: "images" must map image:tag to { digest, resolvedFrom, resolvedAt, resolvedWith }`);
  const images: Record<string, ImageLockEntry> = {};
  for (const [key, raw] of Object.entries(d.images as Record<string, unknown>)) {
    const where = `${origin}: images."${key}"`;
    if (!KEY.test(key)) throw new ImageLockError(`${where}: not an image reference with a tag (repository:tag, no digest)`);
    const e = raw as Partial<Record<keyof ImageLockEntry, unknown>> | null;
    if (!e || typeof e !== 'object' || Array.isArray(e)) throw new ImageLockError(`${where}: expected { digest, resolvedFrom, resolvedAt, resolvedWith }`);
    if (!isDigest(e.digest)) throw new ImageLockError(`${where}.digest: ${JSON.stringify(e.digest)} is not a sha256 digest (sha256: and 64 lower-case hex digits)`);
    for (const field of ['resolvedFrom', 'resolvedAt', 'resolvedWith'] as const) {
      if (typeof e[field] !== 'string' || !(e[field] as string).trim()) throw new ImageLockError(`${where}.${field}: required (where, when and how the digest was resolved)`);
    }
    if (Number.isNaN(Date.parse(e.resolvedAt as string))) throw new ImageLockError(`${where}.resolvedAt: ${JSON.stringify(e.resolvedAt)} is not an ISO 8601 time`);
    images[key] = { digest: e.digest, resolvedFrom: e.resolvedFrom as string, resolvedAt: e.resolvedAt as string, resolvedWith: e.resolvedWith as string };
  }
  return { version: IMAGE_LOCK_VERSION, images };
}

/** Text of a lock as the tools write it: keys sorted, two-space indent, final newline (stable diffs). */
export function formatImageLock(lock: ImageLock): string {
  const images = Object.fromEntries(
    Object.keys(lock.images)
      .sort()
      .map((k) => {
        const e = lock.images[k];
        return [k, { digest: e.digest, resolvedFrom: e.resolvedFrom, resolvedAt: e.resolvedAt, resolvedWith: e.resolvedWith }];
      }),
  );
  return JSON.stringify({ version: IMAGE_LOCK_VERSION, images }, null, 2) + '\n';
}

/** The digests of a lock, by key: what an environment is given. */
export function lockedDigests(lock: ImageLock | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(lock?.images ?? {}).map(([k, e]) => [k, e.digest]));
}

/** `image` split into the reference without a digest and the digest it carries, if any. */
export function splitDigest(image: string): { readonly name: string; readonly digest?: string } {
  const at = image.indexOf('@');
  return at < 0 ? { name: image } : { name: image.slice(0, at), digest: image.slice(at + 1) };
}

/** The lock key of an image an environment runs: relative to its registry when it is in it, without a digest. */
export function imageLockKey(image: string, registry: string): string {
  const { name } = splitDigest(image);
  return name.startsWith(`${registry}/`) ? name.slice(registry.length + 1) : name;
}
