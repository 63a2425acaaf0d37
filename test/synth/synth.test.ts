import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdk8s';
import { EnvironmentChart, WebService, Worker } from '../../src/constructs';
import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { checkObjects, RULES, waive } from '../../src/policy';
import { PolicyViolationError, renderAll, renderEnvironment, SynthFailedError } from '../../src/synth/synth';
import { ConstructValidationError, synthesizeEnvironment } from '../../src/synth/synthesize-environment';
import { writeOutput } from '../../src/synth/write-output';
import { snapshotDir } from '../support/fs';
import { shopEnvironment, shopEnvironments } from '../support/render';

const outputs = renderAll(shopEnvironments(PLATFORM_PROFILES), shopPlatform);

describe('synth', () => {
  test('is deterministic: the same input gives byte-identical output', () => {
    const again = renderAll(shopEnvironments(PLATFORM_PROFILES), shopPlatform);
    expect(again.map((o) => [...o.files])).toEqual(outputs.map((o) => [...o.files]));
  });

  test('the committed dist/ is what synth produces', () => {
    const dist = path.join(__dirname, '../../dist');
    for (const out of outputs) {
      for (const [file, text] of out.files) expect(fs.readFileSync(path.join(dist, out.name, file), 'utf8')).toBe(text);
    }
  });

  test('files sort in apply order: namespace and storage classes first, MetalLB pools last', () => {
    for (const out of outputs) {
      const files = [...out.files.keys()].filter((f) => /^\d\d-.*\.yaml$/.test(f));
      expect(files).toEqual([...files].sort());
      expect(out.files.get('00-cluster.yaml')!.startsWith('apiVersion: v1\nkind: Namespace')).toBe(true);
      if (out.name === 'baremetal') expect(files[files.length - 1]).toBe('90-metallb.yaml');
      else expect(files).not.toContain('90-metallb.yaml');
    }
  });

  test.each(PLATFORM_PROFILES.map((p) => p.name))('%s passes every schema and policy rule with no waivers', (env) => {
    const { environment, objects } = synthesizeEnvironment(shopEnvironment(PLATFORM_PROFILES.find((p) => p.name === env)!), shopPlatform);
    const result = checkObjects(objects, { environment: env, allowInlineSecretValues: environment.profile.secrets.mode === 'inline-dev' }, RULES);
    expect(result.findings).toEqual([]);
    expect(result.waived).toEqual([]);
  });

  test('a policy break fails synth naming env, object, construct path and rule', () => {
    const broken = (chart: EnvironmentChart) => {
      shopPlatform(chart);
      addRogue(chart, 'rogue');
    };
    let error: unknown;
    try {
      renderEnvironment(shopEnvironment(BUILTIN_PROFILES.gke), broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyViolationError);
    const message = (error as Error).message;
    expect(message).toContain('environment "gke"');
    expect(message).toContain('Deployment shop/rogue');
    expect(message).toContain('gke/rogue');
    expect(message).toMatch(/image/i);
  });

  test('a waiver needs a reason and is reported, not silently dropped', () => {
    const imageRule = RULES.find((r) => /image/.test(r.id))!.id;
    const waived = (chart: EnvironmentChart) => {
      shopPlatform(chart);
      waive(addRogue(chart, 'legacy'), imageRule, 'vendor image only published as latest; pinned by digest in the mirror');
    };
    // gke without digest pinning: a latest-only image has no lock entry either (image-digest-locked).
    const out = renderEnvironment(shopEnvironment({ ...BUILTIN_PROFILES.gke, images: { pinDigests: false } }), waived);
    expect(out.waived.map((w) => [w.finding.object, w.reason])).toEqual([
      ['Deployment shop/legacy', 'vendor image only published as latest; pinned by digest in the mirror'],
    ]);
    const chart = new EnvironmentChart(new App(), 'minikube', { environment: shopEnvironment(BUILTIN_PROFILES.minikube) });
    expect(() => waive(chart, imageRule, '')).toThrow();
    expect(() => waive(chart, 'no-such-rule', 'because')).toThrow();
  });

  test('construct validation errors name the environment and the construct path', () => {
    const orphan = (chart: EnvironmentChart) => {
      shopPlatform(chart);
      new WebService(chart, 'orphan', { image: { repository: 'orphan', tag: '1.0.0' }, port: 8080 });
    };
    expect(() => synthesizeEnvironment(shopEnvironment(BUILTIN_PROFILES.staging), orphan)).toThrow(ConstructValidationError);
    expect(() => synthesizeEnvironment(shopEnvironment(BUILTIN_PROFILES.staging), orphan)).toThrow(/environment "staging"[\s\S]*\[staging\/orphan\][\s\S]*no workload talks to it/);
  });

  test('a failing environment fails the whole run and nothing is written', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-out-'));
    writeOutput(dir, outputs);
    const before = snapshotDir(dir);
    const profiles = [BUILTIN_PROFILES.minikube, { ...BUILTIN_PROFILES.gke, autoscaling: { enabled: true, minReplicas: 3, maxReplicas: 5000 } }];
    expect(() => {
      writeOutput(dir, renderAll(shopEnvironments(profiles), shopPlatform));
    }).toThrow(SynthFailedError);
    expect(snapshotDir(dir)).toEqual(before);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('writing one environment replaces only its directory; files synth does not own are kept and reported', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-out-'));
    writeOutput(dir, outputs);
    fs.writeFileSync(path.join(dir, 'staging', 'notes.txt'), 'mine');
    const gkeBefore = snapshotDir(path.join(dir, 'gke'));
    const report = writeOutput(dir, outputs.filter((o) => o.name === 'staging'));
    expect(report.kept).toEqual([`${dir}/staging/notes.txt`]);
    expect(fs.readFileSync(path.join(dir, 'staging', 'notes.txt'), 'utf8')).toBe('mine');
    expect(snapshotDir(path.join(dir, 'gke'))).toEqual(gkeBefore);
    expect(fs.readdirSync(dir).sort()).toEqual(['.shipyard-owned', 'baremetal', 'gke', 'minikube', 'staging']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** A service on an unpinned image, with a client so that its NetworkPolicy admits something. */
function addRogue(chart: EnvironmentChart, name: string): WebService {
  const rogue = new WebService(chart, name, { image: { repository: name, tag: 'latest' }, port: 8080, scalable: false, replicas: 1 });
  new Worker(chart, `${name}-client`, { image: { repository: 'client', tag: '1.0.0' }, talksTo: [rogue] });
  return rogue;
}
