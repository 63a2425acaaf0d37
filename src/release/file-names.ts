/**
 * File names of the release files written beside the manifests. None of them is one that
 * `kubectl apply -f dist/<env>/` reads (it reads `*.yaml`, `*.yml` and `*.json` at the top of the
 * directory, as objects): the kustomization is `Kustomization`, one of the three names kustomize,
 * Flux and Argo CD recognise, and the release manifest sits in a sub-directory, which a
 * non-recursive `-f` skips. So `kubectl apply -f`, `kubectl apply -k` and `apply.sh` all work. The
 * image list (`release/images.txt`: every image the environment pulls, one per line, digest-pinned
 * where the profile pins digests) sits there too: what an offline site mirrors into its registry.
 */
export const RELEASE_FILES = { kustomization: 'Kustomization', applyScript: 'apply.sh', manifest: 'release/release.json', images: 'release/images.txt' } as const;
