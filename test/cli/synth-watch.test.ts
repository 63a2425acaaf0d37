/**
 * `synth --watch` as a user runs it (`npm run synth:watch`: scripts/run-ts.js), in a copy of
 * the tree so the edits never touch the repository: it re-renders after a save, rewrites only the
 * environments whose output changed, and survives a broken edit with the previous output untouched.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { snapshotDir } from '../support/fs';

const ROOT = path.join(__dirname, '../..');
const PLATFORM = 'src/platform/shop-platform.ts';
// A value that reaches every environment's output (the prerender ConfigMap).
const VALUE = /PRERENDER_TARGET: 'http:\/\/varnish:8080[^']*'/;

jest.setTimeout(180_000);

let dir: string;
let child: ChildProcess | undefined;
let log = ''; // stdout and stderr as they arrive

function copyTree(): string {
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-watch-'));
  for (const entry of ['src', 'imports', 'scripts', 'environments', 'shipyard.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json', 'images.lock.json']) {
    if (fs.existsSync(path.join(ROOT, entry))) fs.cpSync(path.join(ROOT, entry), path.join(ws, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
  return ws;
}

/** Waits until stdout+stderr after `from` match `pattern` (bounded). */
async function waitFor(pattern: RegExp, from: number, ms = 60_000): Promise<string> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = log.slice(from);
    const m = pattern.exec(text);
    if (m) return m[0];
    if (child?.exitCode !== null && child?.exitCode !== undefined) throw new Error(`watch exited (${child.exitCode}):\n${log}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${log}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const mark = () => log.length;
const edit = (f: (text: string) => string) => {
  const file = path.join(dir, PLATFORM);
  fs.writeFileSync(file, f(fs.readFileSync(file, 'utf8')));
};

beforeAll(() => {
  dir = copyTree();
  expect(fs.readFileSync(path.join(dir, PLATFORM), 'utf8')).toMatch(VALUE);
});

afterAll(() => {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
});

test('re-renders on save, rewrites only what changed, keeps the output through a broken edit', async () => {
  const out = path.join(dir, 'out');
  child = spawn(process.execPath, [path.join(dir, 'scripts/run-ts.js'), path.join(dir, 'src/cli/main.ts'), 'synth', '--watch', '--jobs', '2', '--outdir', out], {
    cwd: dir,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));

  await waitFor(/watching \d+ source directories/, 0);
  expect(log).toMatch(/rendered 4 environment\(s\) in [\d.]+ ms \(CPU [\d.]+ ms\); wrote minikube, staging, gke, baremetal/);
  const first = snapshotDir(out);
  expect(Object.keys(first).length).toBeGreaterThanOrEqual(12);

  // A change to the output: every environment has the prerender ConfigMap.
  let from = mark();
  edit((t) => t.replace(VALUE, "PRERENDER_TARGET: 'http://varnish:8080/?edited=1'"));
  await waitFor(/shop-platform\.ts changed: rendered 4 environment\(s\) in [\d.]+ ms \(CPU [\d.]+ ms\); wrote [a-z, ]+ into/, from);
  const second = snapshotDir(out);
  const changed = Object.keys(second).filter((f) => second[f] !== first[f]);
  const changedManifests = changed.filter((f) => /\/\d\d-[a-z-]+\.yaml$/.test(f));
  expect(changedManifests.length).toBeGreaterThan(0);
  for (const f of changedManifests) expect(second[f]).toContain('?edited=1');
  // The rest of what changed is the release bookkeeping of those files (their hashes).
  for (const f of changed.filter((f) => !changedManifests.includes(f))) expect(path.basename(f)).toBe('release.json');

  // A change that does not reach the output: nothing is rewritten (not even the same bytes).
  const mtimes = Object.keys(second).map((f) => fs.statSync(path.join(out, f)).mtimeMs);
  from = mark();
  edit((t) => `${t}\n// a comment\n`);
  await waitFor(/changed: rendered 4 environment\(s\) in [\d.]+ ms \(CPU [\d.]+ ms\); wrote nothing \(4 unchanged\)/, from);
  expect(Object.keys(second).map((f) => fs.statSync(path.join(out, f)).mtimeMs)).toEqual(mtimes);

  // A broken edit: an error, the previous output untouched, and the process keeps watching.
  from = mark();
  const good = fs.readFileSync(path.join(dir, PLATFORM), 'utf8');
  edit((t) => `${t}\nthis is not TypeScript (\n`);
  await waitFor(/error: .*shop-platform\.ts:\d+:\d+: cannot be transpiled: [\s\S]*unchanged; watching for changes/, from);
  expect(log.slice(from)).not.toMatch(/backtrace/i);
  expect(snapshotDir(out)).toEqual(second);

  from = mark();
  fs.writeFileSync(path.join(dir, PLATFORM), good.replace('?edited=1', '?edited=2'));
  await waitFor(/changed: rendered 4 environment\(s\) in [\d.]+ ms \(CPU [\d.]+ ms\); wrote/, from);
  const third = snapshotDir(out);
  expect(Object.values(third).some((t) => t.includes('?edited=2'))).toBe(true);
  expect(Object.values(third).some((t) => t.includes('?edited=1'))).toBe(false);
  // Only the environment directories: the writer's temporary directories are gone.
  expect(fs.readdirSync(dir).filter((f) => f.startsWith('.out'))).toEqual([]);

  // An edit to the YAML writer reaches every object, also those the render memo has seen before.
  from = mark();
  const writer = path.join(dir, 'src/synth/manifest-yaml.ts');
  fs.writeFileSync(writer, fs.readFileSync(writer, 'utf8').replace('return dump(manifest, { lineWidth: -1, noRefs: true });', "return '# edited writer\\n' + dump(manifest, { lineWidth: -1, noRefs: true });"));
  await waitFor(/manifest-yaml\.ts changed: rendered 4 environment\(s\) in [\d.]+ ms \(CPU [\d.]+ ms\); wrote minikube, staging, gke, baremetal into/, from);
  const fourth = snapshotDir(out);
  const docs = Object.entries(fourth).filter(([f]) => /\/\d\d-[a-z-]+\.yaml$/.test(f));
  for (const [f, text] of docs) expect({ f, docs: text.split('---\n').length, edited: text.split('# edited writer\n').length - 1 }).toEqual({ f, docs: text.split('---\n').length, edited: text.split('---\n').length });

  // Byte for byte what synth writes from the same sources (the watcher rendered on two threads).
  const synthOut = path.join(dir, 'synth-out');
  const r = spawnSync(process.execPath, [path.join(dir, 'scripts/run-ts.js'), path.join(dir, 'src/cli/main.ts'), 'synth', '--manifests-only', '--jobs', '1', '--outdir', synthOut], { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  expect(r.status).toBe(0);
  expect(snapshotDir(out)).toEqual(snapshotDir(synthOut));
});
