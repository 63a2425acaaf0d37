/**
 * The image lock: `image:tag` → content digest, committed beside the project and read at synth.
 * Environments whose profile sets `images.pinDigests` run `image:tag@sha256:…` (the tag stays for
 * readers; the runtime pulls by digest), so every node — and every offline site's mirror — runs
 * exactly the bytes that were tested.
 */
import * as fs from 'node:fs';
import { ShipyardError } from '../errors';

/** File name of the lock, in the project's root directory. */
export const IMAGE_LOCK_FILE = 'images.lock.json';

const DIGEST = /^sha256:[a-f0-9]{64}$/;
const KEY = /^[a-z0-9]+([._/-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-][a-z0-9]+)*)*:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** The lock file's document. */
export interface ImageLockDocument {
  /** Format version (1). */
  readonly version: 1;
  /**
   * Where the digests come from: `registry` (resolved by `npm run images:lock` against a real
   * registry) or `fixture` (generated placeholders: they name no real image and cannot be pulled).
   */
  readonly source: 'registry' | 'fixture';
  /**
   * Image (`repository:tag`, relative to an environment's registry, or a full reference for images
   * from elsewhere) → `sha256:` digest.
   */
  readonly images: Readonly<Record<string, string>>;
}

/** A lock file that is not what the tools write. */
export class ImageLockError extends ShipyardError {}

/** Parses and checks a lock document; `origin` names the file in errors. */
export function parseImageLock(text: string, origin: string = IMAGE_LOCK_FILE): ImageLockDocument {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new ImageLockError(`${origin}: not JSON (${(e as Error).message})`);
  }
  const d = doc as Partial<ImageLockDocument> | null;
  if (!d || typeof d !== 'object' || d.version !== 1) throw new ImageLockError(`${origin}: "version" must be 1`);
  if (d.source !== 'registry' && d.source !== 'fixture') throw new ImageLockError(`${origin}: "source" must be "registry" or "fixture"`);
  if (!d.images || typeof d.images !== 'object') throw new ImageLockError(`${origin}: "images" must map image:tag to sha256 digests`);
  for (const [key, digest] of Object.entries(d.images)) {
    if (!KEY.test(key)) throw new ImageLockError(`${origin}: images."${key}" is not an image reference with a tag`);
    if (typeof digest !== 'string' || !DIGEST.test(digest)) throw new ImageLockError(`${origin}: images."${key}" = ${JSON.stringify(digest)} is not a sha256 digest`);
  }
  return { version: 1, source: d.source, images: { ...d.images } };
}

/** Reads the lock at `file`, or `undefined` when there is none. */
export function readImageLock(file: string): ImageLockDocument | undefined {
  if (!fs.existsSync(file)) return undefined;
  return parseImageLock(fs.readFileSync(file, 'utf8'), file);
}

/** The lock key of a container image of an environment: relative to its registry when it is in it. */
export function lockKey(image: string, registry: string): string {
  return image.startsWith(`${registry}/`) ? image.slice(registry.length + 1) : image;
}

/** `image` without a digest it may carry. */
export function withoutDigest(image: string): string {
  const at = image.indexOf('@');
  return at < 0 ? image : image.slice(0, at);
}

/** Text of a lock document as the tools write it: keys sorted, two-space indent, final newline. */
export function formatImageLock(doc: ImageLockDocument): string {
  const images = Object.fromEntries(Object.entries(doc.images).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ version: 1, source: doc.source, images }, null, 2) + '\n';
}
