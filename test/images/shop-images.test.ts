/**
 * The reference shop's own images are built reproducibly (src/boot/shop-images.ts): rebuilding them
 * gives exactly the digests images.lock.json pins gke and baremetal to, and skopeo reads each built
 * layout as the image the lock names. A failure after a change to src/boot/stand-ins means an image
 * changed: rebuild and relock it (`npm run images:shop && npm run images:lock -- --update shop-php:1.0.0`).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildShopImages, SHOP_IMAGES } from '../../src/boot/shop-images';
import { parseImageLock } from '../../src/images/image-lock';

const ROOT = path.join(__dirname, '..', '..');
let tmp: string;
beforeAll(() => (tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shop-images-'))));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a rebuild of the shop images gives the digests the committed lock pins', () => {
  const lock = parseImageLock(fs.readFileSync(path.join(ROOT, 'images.lock.json'), 'utf8'));
  const built = buildShopImages(tmp);
  expect(Object.keys(built).sort()).toEqual(Object.entries(SHOP_IMAGES).map(([name, tag]) => `${name}:${tag}`).sort());
  for (const [key, digest] of Object.entries(built)) {
    expect([key, lock.images[key]?.digest]).toEqual([key, digest]);
    expect(lock.images[key].resolvedFrom).toBe(`oci:.build/shop-images/${key}`);
  }
  // Two builds, same bytes.
  expect(buildShopImages(path.join(tmp, 'again'))).toEqual(built);
});

test('skopeo reads a built layout as an image with the stand-in entrypoint', () => {
  buildShopImages(tmp);
  const config = JSON.parse(execFileSync('skopeo', ['inspect', '--config', `oci:${path.join(tmp, 'shop-worker')}:1.0.0`]).toString()) as { config: { Entrypoint: string[] } };
  expect(config.config.Entrypoint).toEqual(['shop-worker']);
});
