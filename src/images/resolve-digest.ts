/**
 * Resolving a tag to the digest it names now, with a real registry client: `skopeo` (Debian's
 * `skopeo`) or `crane` (go-containerregistry), whichever is installed. The digest is that of the
 * manifest the tag names as the registry serves it: for a multi-platform image, the index — what
 * `crane digest` prints and what a faithful mirror (`skopeo copy --all`, `crane copy`) keeps.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { ShipyardError } from '../errors';

/** A tool that resolves tags to digests. */
export interface DigestResolver {
  /** What resolves (`skopeo 1.9.3`), recorded in the lock's `resolvedWith`. */
  readonly tool: string;
  /** How it resolves (`skopeo inspect --raw`, `crane digest`). */
  readonly method: string;
  /**
   * The digest `reference` names now: `registry/repository:tag`, or with skopeo any of its transports
   * (`oci:DIR:TAG`, an image layout). Throws {@link DigestResolutionError}.
   */
  resolve(reference: string): string;
}

/** A tag could not be resolved (unreachable registry, no such tag, no permission). */
export class DigestResolutionError extends ShipyardError {}

/** Options of {@link findDigestResolver}. */
export interface ResolverOptions {
  /** Talk to the registry over plain HTTP or without verifying its certificate (a local mirror). */
  readonly insecure: boolean;
  /** Milliseconds one resolution may take. */
  readonly timeoutMs: number;
}

/** skopeo transports other than a registry, written before a reference (`oci:DIR:TAG`). */
const TRANSPORTS = ['docker://', 'oci:', 'oci-archive:', 'docker-archive:', 'dir:'];

/** Whether `reference` names a skopeo transport rather than a registry reference. */
export const hasTransport = (reference: string): boolean => TRANSPORTS.some((t) => reference.startsWith(t));

function run(command: string, args: readonly string[], timeoutMs: number): { ok: boolean; stdout: Buffer; stderr: string; missing: boolean } {
  const r = spawnSync(command, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
  const missing = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
  const stderr = r.error && !missing ? `${r.error.message}` : (r.stderr?.toString() ?? '').trim();
  return { ok: !r.error && r.status === 0, stdout: r.stdout ?? Buffer.alloc(0), stderr, missing };
}

function version(command: string, args: readonly string[]): string | undefined {
  const r = run(command, args, 10_000);
  if (r.missing || !r.ok) return undefined;
  return r.stdout.toString().trim().split('\n')[0];
}

/**
 * The installed resolver: skopeo first, then crane. Throws naming both when neither is installed.
 * `SHIPYARD_DIGEST_TOOL=skopeo|crane` picks one.
 */
export function findDigestResolver(options: ResolverOptions): DigestResolver {
  const wanted = process.env.SHIPYARD_DIGEST_TOOL;
  const skopeo = wanted === 'crane' ? undefined : version('skopeo', ['--version']);
  if (skopeo) {
    return {
      tool: skopeo.replace(/^skopeo version /, 'skopeo '),
      method: 'skopeo inspect --raw (sha256 of the manifest the tag names)',
      resolve(reference) {
        // --raw: the manifest exactly as the registry serves it for the tag (an index for a
        // multi-platform image); its sha256 is the digest the tag names.
        const transport = hasTransport(reference);
        const source = transport ? reference : `docker://${reference}`;
        const r = run('skopeo', ['inspect', '--raw', ...(options.insecure && !transport ? ['--tls-verify=false'] : []), source], options.timeoutMs);
        if (!r.ok) throw new DigestResolutionError(`skopeo inspect --raw ${source} failed: ${r.stderr || 'timed out'}`);
        return 'sha256:' + createHash('sha256').update(r.stdout).digest('hex');
      },
    };
  }
  const crane = wanted === 'skopeo' ? undefined : version('crane', ['version']);
  if (crane) {
    return {
      tool: `crane ${crane}`,
      method: 'crane digest',
      resolve(reference) {
        if (hasTransport(reference)) throw new DigestResolutionError(`${reference}: crane resolves registry references only; install skopeo for other transports`);
        const r = run('crane', ['digest', ...(options.insecure ? ['--insecure'] : []), reference], options.timeoutMs);
        const digest = r.stdout.toString().trim();
        if (!r.ok || !/^sha256:[a-f0-9]{64}$/.test(digest)) throw new DigestResolutionError(`crane digest ${reference} failed: ${r.stderr || digest || 'timed out'}`);
        return digest;
      },
    };
  }
  throw new DigestResolutionError(
    `neither skopeo nor crane is installed${wanted ? ` (SHIPYARD_DIGEST_TOOL=${wanted})` : ''}: install one to resolve tags to digests ` +
      '(Debian/Ubuntu: apt-get install skopeo; or go install github.com/google/go-containerregistry/cmd/crane@latest)',
  );
}
