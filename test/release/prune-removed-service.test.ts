/**
 * Done-when of issue 15: removing a service shows as a removal in `diff --against HEAD`, and the
 * generated apply command prunes it — on the rendered objects (release manifests, kubectl's prune
 * model) and on the command line (the real CLI in a git repository, and apply.sh's commands).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { diffRelease } from '../../src/compare/release-diff';
import { EnvironmentChart, WebService, Worker } from '../../src/constructs';
import { Probe } from '../../src/constructs/workload/container-options';
import { shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { pruneEffects } from '../../src/release';
import { shopEnvironment } from '../support/render';
import { renderEnvironment } from '../../src/synth/synth';
import { writeOutput } from '../../src/synth/write-output';
import { buildCli, ROOT, runCli } from '../cli/run-cli';

/** The reference shop's project file: the temporary repository has none of its own. */
const CONFIG = ['--config', path.join(ROOT, 'shipyard.config.ts')];

/** The shop plus a `legacy` service (and the worker that calls it): the release before the removal. */
function withLegacy(chart: EnvironmentChart): void {
  shopPlatform(chart);
  const legacy = new WebService(chart, 'legacy', { image: { repository: 'shop-legacy', tag: '0.9.0' }, port: 8080, healthPath: '/healthz', scalable: false });
  new Worker(chart, 'legacy-client', {
    image: { repository: 'shop-legacy-client', tag: '0.9.0' },
    talksTo: [legacy],
    liveness: Probe.exec(['true'], { periodSeconds: 30 }),
  });
}

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('removing a service', () => {
  // The legacy service's image is in no image lock: the site runs tags here (pinning: test/images/).
  const profile = shopEnvironment({ ...BUILTIN_PROFILES.baremetal, images: { pinDigests: false } });
  const before = renderEnvironment(profile, withLegacy);
  const after = renderEnvironment(profile, shopPlatform);
  const legacyObjects = before.release.manifest.objects.filter((o) => o.name.startsWith('legacy'));
  let repo: string;

  beforeAll(() => {
    buildCli();
    repo = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-release-'));
    git(repo, 'init', '-q');
    writeOutput(path.join(repo, 'dist'), [before]);
    git(repo, 'add', '-A');
    git(repo, '-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'release with legacy');
  });
  afterAll(() => fs.rmSync(repo, { recursive: true, force: true }));

  test('the service had objects in two stages', () => {
    expect(legacyObjects.map((o) => `${o.kind}/${o.name}:${o.stage}`)).toEqual(
      expect.arrayContaining(['Deployment/legacy:workloads', 'Service/legacy:workloads', 'NetworkPolicy/legacy:config', 'Deployment/legacy-client:workloads']),
    );
  });

  test('kubectl prune model: the next apply.sh prunes every object of the removed service, in its stage, and nothing else', () => {
    const effects = pruneEffects(before.release.manifest, after.release.manifest);
    expect(effects.every((e) => e.effect === 'pruned')).toBe(true);
    expect(effects.map((e) => `${e.object.kind}/${e.object.name}:${e.stage}`).sort()).toEqual(legacyObjects.map((o) => `${o.kind}/${o.name}:${o.stage}`).sort());
  });

  test('the apply command would prune it: same ApplySet (parent, id) before and after, the old kinds listed, --prune on the stage', () => {
    const script = after.files.get('apply.sh')!;
    for (const stage of ['config', 'workloads']) {
      const old = before.release.manifest.applySets.find((s) => s.stage === stage)!;
      const now = after.release.manifest.applySets.find((s) => s.stage === stage)!;
      expect(now.id).toBe(old.id);
      expect(script).toContain(`apply --server-side --prune --applyset=${old.parent} --namespace=${old.namespace} ${now.files.map((f) => `-f ${f}`).join(' ')}\n`);
    }
    const workloads = before.release.manifest.applySets.find((s) => s.stage === 'workloads')!;
    expect(workloads.containsGroupKinds.split(',')).toEqual(expect.arrayContaining(['Deployment.apps', 'Service']));
  });

  test('diffRelease lists it as removed and pruned', () => {
    const d = diffRelease('baremetal', 'HEAD', { objects: before.manifests, manifest: before.release.manifest }, { objects: after.manifests, manifest: after.release.manifest });
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual(expect.arrayContaining([{ object: 'Deployment shop/legacy', effect: 'pruned', stage: 'workloads' }, { object: 'NetworkPolicy shop/legacy', effect: 'pruned', stage: 'config' }]));
    expect(d.removed).toHaveLength(legacyObjects.length);
  });

  test('shipyard-k8s diff --against HEAD shows the removal (terminal and Markdown)', async () => {
    const table = await runCli(['diff', 'baremetal', ...CONFIG, '--against'], { cwd: repo });
    expect(table.stderr).not.toMatch(/error/);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`baremetal against HEAD: 0 added, ${legacyObjects.length} removed (${legacyObjects.length} pruned by the next apply.sh)`);
    expect(table.stdout).toMatch(/- Deployment shop\/legacy\s+pruned by the next apply.sh \(stage workloads\)/);
    const markdown = await runCli(['diff', '--against', 'HEAD', 'baremetal', '--format', 'markdown', ...CONFIG], { cwd: repo });
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('### `baremetal` against `HEAD`');
    expect(markdown.stdout).toContain('| `Service shop/legacy` | pruned by the next apply.sh (stage workloads) |');
  }, 30_000);

  test('an unknown ref is a usage error (exit 2) naming it', async () => {
    const r = await runCli(['diff', '--against', 'no-such-branch', 'baremetal', ...CONFIG], { cwd: repo });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"no-such-branch" is not a commit of this repository');
  }, 30_000);

  test('a release committed before release.json existed: removals are listed as NOT pruned', () => {
    const d = diffRelease('baremetal', 'v0', { objects: before.manifests }, { objects: after.manifests, manifest: after.release.manifest });
    expect(d.unmanagedBefore).toBe(true);
    expect(d.removed.every((r) => r.effect === 'kept')).toBe(true);
  });
});
