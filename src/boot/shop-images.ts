/**
 * The reference shop's own images (`shop-web`, `shop-php`, ..., `prerender`), built reproducibly as
 * OCI image layouts from the files the boot runs them with (src/boot/stand-ins), so that the shop's
 * digest-pinned environments (gke, baremetal) name digests of bytes that exist and that anyone can
 * rebuild and check: `npm run images:shop -- DIR` writes `DIR/<image>` (an `oci:` layout per image)
 * and prints each digest; test/images/shop-images.test.ts rebuilds them and compares the digests with
 * images.lock.json.
 *
 * Each image is one uncompressed layer (GNU tar `--sort=name --mtime=@0 --owner=0 --group=0
 * --numeric-owner --format=gnu`, modes normalized, so the bytes depend only on the files' contents and
 * executable bits) with the stand-in files at their image paths, and a config with the ENTRYPOINT, CMD,
 * ENV and WORKDIR the boot reproduces for the image (src/boot/images.ts). The layer holds the shop's
 * application files only, not a PHP/Apache/nginx runtime: a real shop's CI builds its images FROM
 * their runtime's base image, pushes them and runs `shipyard-k8s images lock`.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { IMAGES } from './images';

/** The shop's own images and their tags, as src/platform/shop-platform.ts runs them. */
export const SHOP_IMAGES: Readonly<Record<string, string>> = {
  'shop-admin': '1.0.0',
  'shop-api': '1.0.0',
  'shop-checkout': '1.0.0',
  'shop-php': '1.0.0',
  'shop-static': '1.0.0',
  'shop-web': '1.0.0',
  'shop-worker': '1.0.0',
  prerender: '5.20.2',
};

const STAND_INS = path.join(__dirname, 'stand-ins');

/** How the shop's image digests are recorded in the lock (`resolvedWith`). */
export const SHOP_IMAGE_BUILD = 'reproducible OCI build: npm run images:shop (src/boot/shop-images.ts, from src/boot/stand-ins)';

const sha256 = (data: Buffer | string) => 'sha256:' + createHash('sha256').update(data).digest('hex');

/** Copies a stand-in file or directory to `to`, keeping the executable bit. */
function copy(from: string, to: string): void {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.cpSync(from, to, { recursive: true, dereference: true });
}

/**
 * Builds one image into an OCI layout at `dir` (`oci:<dir>:<tag>`); returns the digest of its
 * manifest (what a registry serves for the tag after `skopeo copy --preserve-digests`).
 */
export function buildShopImage(name: string, dir: string): string {
  const runtime = IMAGES[name];
  const tag = SHOP_IMAGES[name];
  if (!runtime || !tag) throw new Error(`${name}: not one of the shop's own images (${Object.keys(SHOP_IMAGES).join(', ')})`);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `shop-image-${name}-`));
  let layer: Buffer;
  try {
    for (const bind of runtime.binds) if (bind.standIn) copy(path.join(STAND_INS, bind.standIn), path.join(root, bind.path));
    layer = execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '--format=gnu', '--mode=u+rwX,go+rX,go-w', '-C', root, '-cf', '-', '.'], { maxBuffer: 64 * 1024 * 1024 });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer | string) => {
    const digest = sha256(data);
    fs.writeFileSync(path.join(blobs, digest.slice('sha256:'.length)), data);
    return { digest, size: Buffer.byteLength(data) };
  };
  const layerBlob = put(layer);
  const config = put(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {
        ...(runtime.entrypoint.length ? { Entrypoint: runtime.entrypoint } : {}),
        ...(runtime.cmd.length ? { Cmd: runtime.cmd } : {}),
        Env: Object.entries(runtime.env).map(([k, v]) => `${k}=${v}`),
        WorkingDir: runtime.workingDir,
        Labels: { 'org.opencontainers.image.title': name, 'org.opencontainers.image.version': tag },
      },
      rootfs: { type: 'layers', diff_ids: [layerBlob.digest] },
    }),
  );
  const manifest = put(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layerBlob }],
    }),
  );
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(
    path.join(dir, 'index.json'),
    JSON.stringify({ schemaVersion: 2, manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest, annotations: { 'org.opencontainers.image.ref.name': tag } }] }),
  );
  return manifest.digest;
}

/** Builds every shop image into `<outDir>/<name>`; returns lock key (`name:tag`) → digest. */
export function buildShopImages(outDir: string): Record<string, string> {
  return Object.fromEntries(Object.keys(SHOP_IMAGES).map((name) => [`${name}:${SHOP_IMAGES[name]}`, buildShopImage(name, path.join(outDir, name))]));
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join('.build', 'shop-images'));
  for (const [key, digest] of Object.entries(buildShopImages(outDir))) process.stdout.write(`${key}  ${digest}  oci:${path.join(outDir, key.split(':')[0])}:${key.split(':')[1]}\n`);
}
