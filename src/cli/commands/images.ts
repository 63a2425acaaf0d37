import * as fs from 'node:fs';
import * as path from 'node:path';
import { DurableFs } from '../../output/durable-fs';
import { formatImageLock, ImageLock, ImageLockEntry } from '../../images/image-lock';
import { projectImages, ProjectImage } from '../../images/project-images';
import { DigestResolutionError, findDigestResolver } from '../../images/resolve-digest';
import { projectRelative } from '../../project/project';
import { COMMON_OPTIONS, parseCommand } from '../args';
import { imageLockOptions, prepareRun } from '../environments';
import { EXIT, UsageError } from '../errors';
import { loadProject } from '../project/load-project';
import { Output } from '../terminal/output';

export const IMAGES_HELP = `Usage: shipyard-k8s images lock [--check] [--update [KEY]...] [--from SOURCE] [--insecure] [--config FILE]

Keeps the project's image lock (images.lock.json beside shipyard.config.ts, or defineProject's
imageLock) in step with the images its environments run. Environments whose profile sets
images.pinDigests (gke and baremetal by default) run every image by the digest locked here
(image:tag@sha256:...); synth fails for an image the lock lacks.

  images lock           resolve every image a digest-pinning environment needs and the lock lacks
                        to the digest its tag names now (skopeo inspect --raw, or crane digest:
                        whichever is installed; the index digest for multi-platform images), drop
                        entries no environment uses, and write the lock atomically. Existing
                        entries are kept as they are: a lock changes only when you ask.
  images lock --check   compare without network: exit 1 listing images the lock lacks and entries
                        no environment uses

Options:
  --update [KEY]...     resolve needed entries again (from their resolvedFrom), not only new ones:
                        all of them, or only the lock keys given (e.g. shop-php:1.0.0)
  --from SOURCE         resolve new entries from SOURCE/<repository:tag> instead of the reference the
                        environment pulls: a registry (docker.io/library for official images) or, with
                        skopeo, oci:DIR (DIR/<repository> an OCI image layout, e.g. a local build)
  --insecure            plain HTTP / unverified TLS (a registry on this machine)
  --config FILE         the project file (default: shipyard.config.ts here or in a parent)
  -q, --quiet           print nothing but errors
  --debug               show stack traces
  -h, --help            this help

Environment: SHIPYARD_DIGEST_TOOL=skopeo|crane picks the resolver.
Exit codes: 0 the lock is complete (and was written); 1 --check found missing or unused entries, or a
tag could not be resolved (nothing written); 2 usage error.`;

/** The lock compared with the project's images. */
export interface LockComparison {
  /** Images a digest-pinning environment needs and the lock lacks. */
  readonly missing: readonly ProjectImage[];
  /** Lock keys no environment uses. */
  readonly unused: readonly string[];
}

/** Compares the lock with the images (no network). */
export function compareLock(lock: ImageLock | undefined, images: readonly ProjectImage[]): LockComparison {
  const locked = lock?.images ?? {};
  const used = new Set(images.map((i) => i.key));
  return { missing: images.filter((i) => i.needsLock && !locked[i.key]), unused: Object.keys(locked).filter((k) => !used.has(k)).sort() };
}

export function imagesCommand(argv: readonly string[], out: Output): number {
  const { values, positionals } = parseCommand(
    'images',
    argv,
    { ...COMMON_OPTIONS, check: { type: 'boolean', default: false }, update: { type: 'boolean', default: false }, from: { type: 'string' }, insecure: { type: 'boolean', default: false } },
    true,
  );
  if (values.help) {
    out.data(IMAGES_HELP + '\n');
    return EXIT.ok;
  }
  if (positionals[0] !== 'lock') throw new UsageError(`images: expected the subcommand "lock" (got ${positionals.length ? positionals.map((p) => `"${p}"`).join(' ') : 'none'}); run 'shipyard-k8s images --help'`);
  const keys = positionals.slice(1);
  if (keys.length && !values.update) throw new UsageError(`images lock: lock keys (${keys.join(', ')}) go with --update, which re-resolves them`);
  if (values.check && (values.update || values.from !== undefined)) throw new UsageError('images lock: --check resolves nothing, so it takes neither --update nor --from');
  const project = loadProject(process.cwd(), values.config);
  const { environments } = prepareRun([], [], project.environments, project.name, imageLockOptions(project));
  const images = projectImages(environments, project.platform);
  const lockName = projectRelative(process.cwd(), project.imageLockFile);
  const { missing, unused } = compareLock(project.imageLock, images);

  if (values.check) {
    for (const m of missing) out.data(`missing  ${m.key}  (${m.reference}; ${m.environments.join(', ')})\n`);
    for (const u of unused) out.data(`unused   ${u}  (no environment runs it)\n`);
    const needed = images.filter((i) => i.needsLock).length;
    if (missing.length || unused.length) {
      out.error(`${lockName}: ${missing.length} missing, ${unused.length} unused of ${needed} image(s) digest-pinning environments need; run 'shipyard-k8s images lock'`);
      return EXIT.failed;
    }
    out.info(`${lockName}: complete, ${needed} image(s) locked for the environments that pin digests, none unused`);
    return EXIT.ok;
  }

  const unknown = keys.filter((k) => !images.some((i) => i.key === k && i.needsLock));
  if (unknown.length) throw new UsageError(`images lock --update: ${unknown.map((k) => `"${k}"`).join(', ')} is no image a digest-pinning environment runs; they are: ${images.filter((i) => i.needsLock).map((i) => i.key).join(', ')}`);
  const toResolve = values.update ? images.filter((i) => i.needsLock && (!keys.length || keys.includes(i.key))) : missing;
  const entries: Record<string, ImageLockEntry> = {};
  for (const [key, entry] of Object.entries(project.imageLock?.images ?? {})) if (!unused.includes(key)) entries[key] = entry;
  if (toResolve.length) {
    const resolver = findDigestResolver({ insecure: values.insecure ?? false, timeoutMs: 60_000 });
    const failures: string[] = [];
    for (const image of toResolve) {
      const from = values.update && entries[image.key] ? entries[image.key].resolvedFrom : values.from !== undefined ? fromReference(values.from, image.key) : image.reference;
      try {
        const digest = resolver.resolve(from);
        const before = entries[image.key]?.digest;
        // An entry whose tag still names the same bytes is kept as it was: the lock changes only with a digest.
        if (before !== digest) entries[image.key] = { digest, resolvedFrom: from, resolvedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), resolvedWith: `${resolver.tool}: ${resolver.method}` };
        out.info(`${before && before !== digest ? 'changed' : before ? 'same   ' : 'locked '}  ${image.key}  ${digest}  (${from})`);
      } catch (error) {
        if (!(error instanceof DigestResolutionError)) throw error;
        failures.push(`  - ${image.key}: ${error.message}`);
      }
    }
    if (failures.length) {
      out.error(`images lock: ${failures.length} of ${toResolve.length} image(s) could not be resolved; ${lockName} was not written\n${failures.join('\n')}`);
      return EXIT.failed;
    }
  }
  for (const u of unused) out.info(`dropped  ${u}  (no environment runs it)`);
  if (!toResolve.length && !unused.length && project.imageLock) {
    out.info(`${lockName}: already complete (${images.filter((i) => i.needsLock).length} image(s)); nothing to do`);
    return EXIT.ok;
  }
  writeLockFile(project.imageLockFile, { version: 1, images: entries });
  out.info(`wrote ${lockName}: ${Object.keys(entries).length} image(s)`);
  return EXIT.ok;
}

/** Where `--from SOURCE` resolves an image: `SOURCE/<repository:tag>` (a registry or `oci:DIR`, whose `DIR/<repository>` is a layout). */
function fromReference(source: string, key: string): string {
  return `${source.replace(/\/+$/, '')}/${key}`;
}

/** Writes the lock atomically: a synced temporary file beside it renamed over it, then the directory synced. */
export function writeLockFile(file: string, lock: ImageLock): void {
  const fsOps = new DurableFs();
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.rmSync(tmp, { force: true });
  fsOps.writeFile(tmp, formatImageLock(lock));
  fsOps.rename(tmp, file);
  fsOps.fsyncDir(path.dirname(file));
}
