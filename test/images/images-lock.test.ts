/**
 * `shipyard-k8s images lock` against a real registry: Debian's docker-registry (the CNCF distribution
 * registry) on 127.0.0.1, two hand-made OCI images pushed into it with skopeo (one a multi-platform
 * index), a project whose "site" environment pins digests. Then synth writes digest-pinned manifests
 * and release/images.txt, `--check` judges the lock without network, and a missing entry fails synth
 * naming the environment, construct and image with nothing written.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildCli, runCli } from '../cli/run-cli';

const sha256 = (data: Buffer | string) => 'sha256:' + createHash('sha256').update(data).digest('hex');

const CONFIG = (port: number) => `import { BUILTIN_PROFILES, defineProject, EnvironmentProfile, Probe, Worker } from '@shipyard/k8s';

const dev: EnvironmentProfile = { ...BUILTIN_PROFILES.minikube, name: 'dev', registry: '127.0.0.1:${port}/shop' };
const site: EnvironmentProfile = { ...BUILTIN_PROFILES.minikube, name: 'site', registry: '127.0.0.1:${port}/shop', images: { pinDigests: true } };

export default defineProject({
  name: 'shop',
  environments: [dev, site],
  platform: (chart) => { new Worker(chart, 'app', { image: { repository: 'app', tag: '1.0.0' }, liveness: Probe.exec(['/app'], { periodSeconds: 30 }) }); },
});
`;

/** Writes an OCI image layout with one image (a one-file layer) under `tag`; `index` wraps it in an image index. */
function ociLayout(dir: string, tag: string, file: string, content: string, index: boolean): void {
  const blobs = path.join(dir, 'blobs', 'sha256');
  fs.mkdirSync(blobs, { recursive: true });
  const put = (data: Buffer | string) => {
    const digest = sha256(data);
    fs.writeFileSync(path.join(blobs, digest.slice(7)), data);
    return { digest, size: Buffer.byteLength(data) };
  };
  const src = fs.mkdtempSync(path.join(os.tmpdir(), 'layer-'));
  fs.writeFileSync(path.join(src, file), content);
  const tar = execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', src, '-cf', '-', file]);
  fs.rmSync(src, { recursive: true, force: true });
  const layer = put(tar);
  const config = put(JSON.stringify({ architecture: 'amd64', os: 'linux', config: { Cmd: ['/' + file] }, rootfs: { type: 'layers', diff_ids: [layer.digest] } }));
  const manifestText = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', ...layer }],
  });
  const manifest = put(manifestText);
  let top = { mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest };
  if (index) {
    const indexText = JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ ...top, platform: { architecture: 'amd64', os: 'linux' } }] });
    top = { mediaType: 'application/vnd.oci.image.index.v1+json', ...put(indexText) };
  }
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: [{ ...top, annotations: { 'org.opencontainers.image.ref.name': tag } }] }));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForRegistry(port: number, deadline: number): Promise<void> {
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => { s.end(); resolve(true); });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`docker-registry did not listen on 127.0.0.1:${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

let tmp: string;
let registry: ChildProcess | undefined;
let port: number;
let projectDir: string;
const digests: Record<string, string> = {};

beforeAll(async () => {
  for (const tool of ['skopeo', 'docker-registry']) {
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`]);
    } catch {
      throw new Error(`${tool} is not installed (apt-get install -y --no-install-recommends skopeo docker-registry; .ci/run installs it)`);
    }
  }
  buildCli();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'images-lock-'));
  port = await freePort();
  const config = path.join(tmp, 'registry.yml');
  fs.writeFileSync(config, `version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: ${tmp}/registry\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await waitForRegistry(port, Date.now() + 15_000);
  // The application as a multi-platform index; metrics-server (the minikube profile's add-on) as a plain manifest.
  const images: [string, string, string, boolean][] = [['shop/app', '1.0.0', 'app', true], ['shop/metrics-server/metrics-server', 'v0.7.2', 'metrics-server', false]];
  for (const [repository, tag, file, index] of images) {
    const layout = path.join(tmp, 'oci', file);
    ociLayout(layout, tag, file, `#!/bin/sh\necho ${file}\n`, index);
    execFileSync('skopeo', ['copy', '--all', '--quiet', '--dest-tls-verify=false', `oci:${layout}:${tag}`, `docker://127.0.0.1:${port}/${repository}:${tag}`], { timeout: 30_000 });
  }
  projectDir = path.join(tmp, 'project');
  fs.mkdirSync(projectDir);
  fs.writeFileSync(path.join(projectDir, 'shipyard.config.ts'), CONFIG(port));
}, 120_000);

afterAll(() => {
  registry?.kill('SIGTERM');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const lockFile = () => path.join(projectDir, 'images.lock.json');
const readLock = () => JSON.parse(fs.readFileSync(lockFile(), 'utf8')) as { version: number; images: Record<string, { digest: string; resolvedFrom: string; resolvedWith: string; resolvedAt: string }> };

describe('images lock against a registry on 127.0.0.1', () => {
  test('without a lock, synth of the pinning environment fails naming environment, construct and image, and writes nothing', async () => {
    const r = await runCli(['synth', '--manifests-only', '--outdir', 'out'], { cwd: projectDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/environment "site"/);
    expect(r.stderr).toMatch(/Deployment shop\/app \(construct site\/app\) violates image-digest-locked: .*image "127\.0\.0\.1:\d+\/shop\/app:1\.0\.0" has no digest: images\.lock\.json has no entry "app:1\.0\.0"/);
    expect(r.stderr).not.toMatch(/environment "dev"/);
    expect(fs.existsSync(path.join(projectDir, 'out'))).toBe(false);
  });

  test('--check without network lists what is missing and exits 1', async () => {
    const r = await runCli(['images', 'lock', '--check'], { cwd: projectDir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/missing {2}app:1\.0\.0 {2}\(127\.0\.0\.1:\d+\/shop\/app:1\.0\.0; dev, site\)/);
    expect(r.stdout).toMatch(/missing {2}metrics-server\/metrics-server:v0\.7\.2/);
    expect(r.stderr).toMatch(/2 missing, 0 unused of 2 image\(s\)/);
  });

  test('without skopeo or crane on PATH, images lock says which to install and writes nothing', async () => {
    const r = await runCli(['images', 'lock', '--insecure'], { cwd: projectDir, env: { PATH: path.join(tmp, 'no-tools') } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/neither skopeo nor crane is installed: install one to resolve tags to digests \(Debian\/Ubuntu: apt-get install skopeo/);
    expect(fs.existsSync(lockFile())).toBe(false);
  });

  test('images lock resolves each tag with skopeo to the digest the registry serves (the index for a multi-platform image)', async () => {
    const r = await runCli(['images', 'lock', '--insecure'], { cwd: projectDir, env: { SHIPYARD_DIGEST_TOOL: 'skopeo' } });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lock = readLock();
    expect(Object.keys(lock.images)).toEqual(['app:1.0.0', 'metrics-server/metrics-server:v0.7.2']);
    // What the registry serves for the tag (skopeo may re-serialize the layout's index on the way in):
    // the lock holds the digest of those bytes, which is also what skopeo reports, and it is the index.
    const raw = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://127.0.0.1:${port}/shop/app:1.0.0`], { timeout: 30_000 });
    expect(JSON.parse(raw.toString()).mediaType).toBe('application/vnd.oci.image.index.v1+json');
    const reported = execFileSync('skopeo', ['inspect', '--tls-verify=false', '--format', '{{.Digest}}', `docker://127.0.0.1:${port}/shop/app:1.0.0`], { timeout: 30_000 }).toString().trim();
    expect(lock.images['app:1.0.0'].digest).toBe(sha256(raw));
    expect(lock.images['app:1.0.0'].digest).toBe(reported);
    for (const [key, repository] of [['app:1.0.0', 'shop/app'], ['metrics-server/metrics-server:v0.7.2', 'shop/metrics-server/metrics-server']]) {
      digests[repository] = lock.images[key].digest;
    }
    expect(lock.images['app:1.0.0'].resolvedFrom).toBe(`127.0.0.1:${port}/shop/app:1.0.0`);
    expect(lock.images['app:1.0.0'].resolvedWith).toMatch(/^skopeo \d+\.\d+\.\d+: skopeo inspect --raw/);
    expect(Number.isNaN(Date.parse(lock.images['app:1.0.0'].resolvedAt))).toBe(false);
    expect((await runCli(['images', 'lock', '--check'], { cwd: projectDir })).code).toBe(0);
    // --update KEY re-resolves that entry only, from where it was resolved; the tag still names the same bytes.
    const update = await runCli(['images', 'lock', '--update', 'app:1.0.0', '--insecure'], { cwd: projectDir });
    expect(update.code).toBe(0);
    expect(update.stdout + update.stderr).toMatch(/same {5}app:1\.0\.0 {2}sha256:[a-f0-9]{64}/);
    expect(update.stdout + update.stderr).not.toMatch(/metrics-server/);
  });

  test('synth writes digest-pinned images where the profile pins digests, plain tags elsewhere, and release/images.txt', async () => {
    const r = await runCli(['synth', '--manifests-only', '--outdir', 'out'], { cwd: projectDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const app = `127.0.0.1:${port}/shop/app:1.0.0`;
    const metrics = `127.0.0.1:${port}/shop/metrics-server/metrics-server:v0.7.2`;
    const workloads = (env: string) => fs.readFileSync(path.join(projectDir, 'out', env, '20-workloads.yaml'), 'utf8');
    expect(workloads('site')).toContain(`image: ${app}@${digests['shop/app']}\n`);
    expect(workloads('dev')).toContain(`image: ${app}\n`);
    expect(fs.readFileSync(path.join(projectDir, 'out', 'site', 'release', 'images.txt'), 'utf8')).toBe(`${app}@${digests['shop/app']}\n${metrics}@${digests['shop/metrics-server/metrics-server']}\n`);
    expect(fs.readFileSync(path.join(projectDir, 'out', 'dev', 'release', 'images.txt'), 'utf8')).toBe(`${app}\n${metrics}\n`);
    // The registry serves the pinned bytes by digest (skopeo 1.9 refuses tag+digest references, so
    // the tag is dropped as docs/images.md shows for mirroring).
    const byDigest = execFileSync('skopeo', ['inspect', '--raw', '--tls-verify=false', `docker://127.0.0.1:${port}/shop/app@${digests['shop/app']}`], { timeout: 30_000 });
    expect(sha256(byDigest)).toBe(digests['shop/app']);
    // validate agrees with synth on the written manifests.
    expect((await runCli(['validate', 'out'], { cwd: projectDir })).code).toBe(0);
  });

  test('an unused entry is reported by --check and dropped by images lock; validate fails a digest that differs from the lock', async () => {
    const lock = readLock();
    const stale = { ...lock.images['app:1.0.0'], resolvedFrom: 'example.invalid/old:0.9.0' };
    fs.writeFileSync(lockFile(), JSON.stringify({ ...lock, images: { ...lock.images, 'old:0.9.0': stale } }, null, 2));
    const check = await runCli(['images', 'lock', '--check'], { cwd: projectDir });
    expect(check.code).toBe(1);
    expect(check.stdout).toMatch(/unused {3}old:0\.9\.0 {2}\(no environment runs it\)/);
    // synth of every environment warns about it too (and still writes).
    const synth = await runCli(['synth', '--manifests-only', '--outdir', 'out-stale'], { cwd: projectDir });
    expect(synth.code).toBe(0);
    expect(synth.stdout + synth.stderr).toMatch(/warning: images\.lock\.json has 1 entry no environment runs \(old:0\.9\.0\)/);
    const relock = await runCli(['images', 'lock'], { cwd: projectDir });
    expect(relock.code).toBe(0);
    expect(relock.stderr + relock.stdout).toMatch(/dropped {2}old:0\.9\.0/);
    expect(Object.keys(readLock().images)).toEqual(['app:1.0.0', 'metrics-server/metrics-server:v0.7.2']);

    // A lock that now names other bytes for app:1.0.0: the written manifests no longer match it.
    const moved = readLock();
    moved.images['app:1.0.0'] = { ...moved.images['app:1.0.0'], digest: sha256('other bytes') };
    fs.writeFileSync(lockFile(), JSON.stringify(moved, null, 2));
    const validate = await runCli(['validate', 'out'], { cwd: projectDir });
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/\[site\] Deployment shop\/app .*violates image-digest-locked: .*names digest sha256:[a-f0-9]{64}, but images\.lock\.json locks "app:1\.0\.0" to sha256:/);
  });

  test('a malformed lock fails loading the project, naming the file and entry', async () => {
    fs.writeFileSync(lockFile(), JSON.stringify({ version: 1, images: { 'app:1.0.0': { digest: 'sha256:123', resolvedFrom: 'x', resolvedAt: '2026-01-01T00:00:00Z', resolvedWith: 'y' } } }));
    const r = await runCli(['synth', '--manifests-only', '--outdir', 'out2'], { cwd: projectDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/images\.lock\.json: images\."app:1\.0\.0"\.digest: "sha256:123" is not a sha256 digest/);
    expect(fs.existsSync(path.join(projectDir, 'out2'))).toBe(false);
  });
});
