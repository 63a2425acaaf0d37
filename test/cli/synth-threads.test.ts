/**
 * `npm run synth:k8s -- --jobs 2`: the script's node flags (V8 heap flags) and render worker threads
 * together. Node refuses V8 flags in a worker's execArgv, so passing the process's own made every
 * worker fail to start; the shop renders on one thread under `--jobs auto`, so only an explicit
 * `--jobs 2` (or a platform past the auto threshold) showed it.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { workerExecArgv } from '../../src/synth/render-workers';
import { snapshotDir } from '../support/fs';

const root = path.join(__dirname, '..', '..');

test('synth:k8s with two render threads writes byte for byte what one thread writes', () => {
  const [node, ...args] = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['synth:k8s'].split(/\s+/);
  expect(node).toBe('node');
  // The script starts node with V8 flags: the case this test is about.
  expect(args[0]).toMatch(/^--/);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-threads-'));
  const synth = (jobs: string) =>
    spawnSync(process.execPath, [...args, '--jobs', jobs, '--env', 'minikube', '--env', 'staging', '--outdir', path.join(tmp, jobs), '--quiet'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
  const two = synth('2');
  expect({ status: two.status, stderr: two.stderr }).toEqual({ status: 0, stderr: '' });
  const one = synth('1');
  expect(one.status).toBe(0);
  expect(snapshotDir(path.join(tmp, '2'))).toEqual(snapshotDir(path.join(tmp, '1')));
  fs.rmSync(tmp, { recursive: true, force: true });
}, 150_000);

test("a worker thread gets this process's module-loading options, not its V8 flags", () => {
  expect(
    workerExecArgv(['--max-semi-space-size=4', '--heap-growing-percent=100', '--require', '/x/run-ts.js', '-r', 'a.js', '--expose-gc', '--import=b.mjs', '--enable-source-maps', '--stack-trace-limit=50', '--conditions', 'dev']),
  ).toEqual(['--require', '/x/run-ts.js', '-r', 'a.js', '--import=b.mjs', '--enable-source-maps', '--conditions', 'dev']);
});
