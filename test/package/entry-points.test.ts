/**
 * The main entry (`@shipyard/k8s`) must never load cdktf or the Google provider: a team that only
 * needs manifests does not install them (they are optional peers). The infra entry
 * (`@shipyard/k8s/infra`) must load them and work.
 *
 * Each entry point is bundled with esbuild with its dependencies external (so they load from
 * node_modules as the package's would) and required in a fresh node
 * process, whose `require.cache` then lists every module that was loaded. The packed package itself
 * is checked the same way by scripts/consumer-test.sh, in a project where cdktf is not installed.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');
const CDKTF_MODULE = /[\\/]node_modules[\\/](cdktf|@cdktf[\\/]provider-google)[\\/]/;

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-entries-'));
  buildSync({
    entryPoints: { main: path.join(ROOT, 'src/index.ts'), infra: path.join(ROOT, 'src/infra/index.ts') },
    outdir: dir,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    logLevel: 'error',
  });
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Report {
  readonly exports: string[];
  readonly loaded: string[];
  readonly result: unknown;
}

/** Runs `body` in a fresh node process with `main` and `infra` in scope; returns what it reports. */
function inNode(body: string): Report {
  const script = `
    const __report = (exports, result) => {
      process.stdout.write(JSON.stringify({ exports: Object.keys(exports), loaded: Object.keys(require.cache), result }));
    };
    ${body}
  `;
  const run = spawnSync(process.execPath, ['-e', script], {
    cwd: dir,
    env: { ...process.env, NODE_PATH: path.join(ROOT, 'node_modules'), DIR: dir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`node exited ${run.status}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as Report;
}

describe('entry points', () => {
  test('importing the main entry loads neither cdktf nor @cdktf/provider-google', () => {
    const r = inNode(`const main = require(process.env.DIR + '/main.js'); __report(main, null);`);
    expect(r.exports).toEqual(expect.arrayContaining(['EnvironmentChart', 'WebService', 'Worker', 'waive', 'renderEnvironment', 'BUILTIN_PROFILES']));
    expect(r.loaded.some((m) => /[\\/]node_modules[\\/]cdk8s[\\/]/.test(m))).toBe(true);
    expect(r.loaded.filter((m) => CDKTF_MODULE.test(m)).slice(0, 5)).toEqual([]);
  });

  test('synthesizing with the main entry loads neither either (no lazy require on the way)', () => {
    const r = inNode(`
      const main = require(process.env.DIR + '/main.js');
      const out = main.renderEnvironment(new main.Environment(main.BUILTIN_PROFILES.staging, { project: 'shop' }), (chart) => {
        const api = new main.WebService(chart, 'api', { image: { repository: 'api', tag: '1.0.0' }, port: 8080, healthPath: '/healthz' });
        new main.Worker(chart, 'jobs', { image: { repository: 'jobs', tag: '1.0.0' }, talksTo: [api] });
      });
      __report(main, out.manifests.map((m) => m.kind));
    `);
    expect(r.result).toEqual(expect.arrayContaining(['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']));
    expect(r.loaded.filter((m) => CDKTF_MODULE.test(m)).slice(0, 5)).toEqual([]);
  });

  test('the infra entry loads cdktf and synthesizes a stack', () => {
    const r = inNode(`
      const main = require(process.env.DIR + '/main.js');
      const infra = require(process.env.DIR + '/infra.js');
      const outdir = require('node:path').join(process.env.DIR, 'cdktf.out');
      const res = infra.synthInfra({ outdir, environments: [new main.Environment(main.BUILTIN_PROFILES.staging, { project: 'shop' })] });
      const doc = JSON.parse(require('node:fs').readFileSync(outdir + '/stacks/staging/cdk.tf.json', 'utf8'));
      __report(infra, { stacks: res.stacks, resources: Object.keys(doc.resource ?? {}).length });
    `);
    expect(r.exports).toEqual(expect.arrayContaining(['ShopCloudStack', 'synthInfra', 'checkTerraformOutputs']));
    expect(r.loaded.some((m) => /[\\/]node_modules[\\/]cdktf[\\/]/.test(m))).toBe(true);
    expect(r.loaded.some((m) => /[\\/]node_modules[\\/]@cdktf[\\/]provider-google[\\/]/.test(m))).toBe(true);
    expect(r.result).toEqual({ stacks: ['staging'], resources: expect.any(Number) });
    expect((r.result as { resources: number }).resources).toBeGreaterThan(3);
  });
});
