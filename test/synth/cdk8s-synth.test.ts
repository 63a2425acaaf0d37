/**
 * `cdk8s synth` (cdk8s.yaml) empties its output directory before it runs the app, so it must never be
 * pointed at dist/: it runs the project's synth into cdk8s.out/ and leaves dist/ as it was.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { load } from 'js-yaml';
import { snapshotDir } from '../support/fs';

const ROOT = path.join(__dirname, '..', '..');

test('cdk8s.yaml: the output cdk8s empties is not dist/, and the app writes there', () => {
  const config = load(fs.readFileSync(path.join(ROOT, 'cdk8s.yaml'), 'utf8')) as { app: string; output: string };
  expect(path.normalize(config.output)).not.toMatch(/^dist($|\/)/);
  expect(config.app).toContain('--outdir "$CDK8S_OUTDIR"');
});

test('npx cdk8s synth writes cdk8s.out/<env>/ and leaves dist/ byte-identical', () => {
  const before = snapshotDir(path.join(ROOT, 'dist'));
  execFileSync('npx', ['--no-install', 'cdk8s', 'synth'], { cwd: ROOT, stdio: 'pipe', timeout: 110_000 });
  expect(snapshotDir(path.join(ROOT, 'dist'))).toEqual(before);
  const out = path.join(ROOT, 'cdk8s.out');
  expect(fs.readdirSync(out).filter((f) => !f.startsWith('.')).sort()).toEqual(['baremetal', 'cdktf.out', 'gke', 'minikube', 'staging']);
  expect(fs.readdirSync(path.join(out, 'staging'))).toContain('20-workloads.yaml');
}, 120_000);

test('scripts/synth.js (npm run synth) runs the CLI and passes on its exit code', () => {
  const run = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--env', 'no-such-env'], { cwd: ROOT, encoding: 'utf8', timeout: 110_000 });
  expect(run.stderr).toContain('unknown environment "no-such-env"');
  expect(run.status).toBe(2);
}, 120_000);
