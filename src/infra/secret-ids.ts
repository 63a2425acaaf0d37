/** The Secret Manager secret ids an environment's manifests read. */

/** A manifest, as far as {@link secretIdsOf} reads it. */
interface ManifestLike {
  readonly apiVersion?: unknown;
  readonly kind?: unknown;
  readonly spec?: unknown;
}

/**
 * Every `remoteRef.key` of the ExternalSecrets in `manifests`, sorted and unique: what the cloud stack
 * must create in Secret Manager and grant the environment's secrets service account access to.
 */
export function secretIdsOf(manifests: readonly ManifestLike[]): string[] {
  const ids = new Set<string>();
  for (const m of manifests) {
    if (m.kind !== 'ExternalSecret' || typeof m.apiVersion !== 'string' || !m.apiVersion.startsWith('external-secrets.io/')) continue;
    const data = (m.spec as { data?: unknown } | undefined)?.data;
    if (!Array.isArray(data)) continue;
    for (const entry of data) {
      const key = (entry as { remoteRef?: { key?: unknown } })?.remoteRef?.key;
      if (typeof key === 'string') ids.add(key);
    }
  }
  return [...ids].sort();
}
