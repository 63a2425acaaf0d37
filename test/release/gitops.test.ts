import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { PLATFORM_PROFILES, shopPlatform } from '../../src/platform';
import { ProfileValidationError } from '../../src/errors';
import { BUILTIN_PROFILES, EnvironmentProfile } from '../../src/profiles';
import { sharedSchemaValidator } from '../../src/policy';
import { ARGOCD_SYNC_WAVE, gitOpsObjects } from '../../src/release';
import { renderAll, renderEnvironment } from '../../src/synth/synth';
import { writeOutput } from '../../src/synth/write-output';
import { kubectl } from '../support/kubectl';
import { Obj, shopEnvironment, shopEnvironments } from '../support/render';

const docs = (text: string): Obj[] => parseAllDocuments(text).map((d) => d.toJS()).filter((d) => d !== null);
const SITE_B: EnvironmentProfile = {
  ...BUILTIN_PROFILES.baremetal,
  name: 'site-b',
  gitops: { source: { kind: 'git', url: 'https://git.warehouse.local/ops/shop.git', secretRef: 'git-credentials' }, argoCd: true },
  // The fleet's Argo CD, which the ApplicationSet (goTemplateOptions: 2.8.0 and later) is handed to.
  cluster: { ...BUILTIN_PROFILES.baremetal.cluster, operators: { ...BUILTIN_PROFILES.baremetal.cluster?.operators, argoCd: '2.14.0' } },
};

describe('GitOps objects', () => {
  const outputs = renderAll(shopEnvironments(PLATFORM_PROFILES), shopPlatform);
  const byName = (n: string) => outputs.find((o) => o.name === n)!;

  test('every Flux and Argo CD object of every environment passes the strict CRD schemas', () => {
    const validator = sharedSchemaValidator();
    let checked = 0;
    for (const out of outputs) {
      for (const [file, text] of out.files) {
        if (!file.startsWith('gitops/')) continue;
        for (const o of docs(text)) {
          expect(validator.knows(o.apiVersion, o.kind)).toBe(true);
          expect([o.kind, validator.validate(o)]).toEqual([o.kind, []]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(7); // baremetal: OCIRepository + 4 Kustomizations; staging, gke: an Application each
  });

  test('the schemas are strict: an unknown field or a wrong type is refused', () => {
    const validator = sharedSchemaValidator();
    const app = docs(byName('gke').files.get('gitops/argocd.yaml')!)[0];
    expect(validator.validate({ ...app, spec: { ...app.spec, syncPolicy: { automated: { prune: 'yes' } } } }).map((i) => i.path)).toContain('spec.syncPolicy.automated.prune');
    const ks = docs(byName('baremetal').files.get('gitops/flux.yaml')!)[1];
    expect(validator.validate({ ...ks, spec: { ...ks.spec, pruned: true } }).map((i) => i.message).join()).toMatch(/unknown field/);
  });

  test('Flux on the bare-metal site: OCIRepository from the site mirror, one Kustomization per stage with prune, wait and dependsOn the stage before', () => {
    const [source, ...ks] = docs(byName('baremetal').files.get('gitops/flux.yaml')!);
    expect(source).toMatchObject({ kind: 'OCIRepository', metadata: { name: 'shop-baremetal', namespace: 'flux-system' }, spec: { url: 'oci://registry.warehouse.local/shop/releases', ref: { tag: 'baremetal' } } });
    expect(ks.map((k) => k.metadata.name)).toEqual(['shop-baremetal-config', 'shop-baremetal-data', 'shop-baremetal-migrations', 'shop-baremetal-workloads', 'shop-baremetal-metallb']);
    for (const [i, k] of ks.entries()) {
      expect(k.spec).toMatchObject({ prune: true, wait: true, sourceRef: { kind: 'OCIRepository', name: 'shop-baremetal' }, path: `./stages/${k.metadata.name.split('-').pop()}` });
      expect(k.spec.dependsOn).toEqual(i === 0 ? undefined : [{ name: ks[i - 1].metadata.name }]);
    }
    // Flux waits for the stateful services' rollouts and the migration Job as long as apply.sh does.
    expect(ks[1].spec.timeout).toBe('600s');
    expect(ks[2].spec.timeout).toBe('720s');
  });

  test('Argo CD in the cloud: an Application with automated prune and self-heal, reading dist/<env>; objects carry their stage as sync wave', () => {
    const out = byName('gke');
    const [app] = docs(out.files.get('gitops/argocd.yaml')!);
    expect(app).toMatchObject({
      kind: 'Application',
      spec: { source: { path: 'dist/gke', targetRevision: 'main' }, destination: { namespace: 'shop' }, syncPolicy: { automated: { prune: true, selfHeal: true } } },
    });
    const wave = (kind: string) => out.manifests.find((m) => m.kind === kind)!.metadata as { annotations: Record<string, string> };
    expect(['ConfigMap', 'StatefulSet', 'Job', 'Deployment'].map((kind) => wave(kind).annotations[ARGOCD_SYNC_WAVE])).toEqual(['0', '1', '2', '3']);
    // Environments without Argo CD carry no waves.
    expect(JSON.stringify(byName('baremetal').manifests)).not.toContain(ARGOCD_SYNC_WAVE);
  });

  test('Argo CD on bare-metal sites: one ApplicationSet over every committed bare-metal release of the repository', () => {
    const out = renderEnvironment(shopEnvironment(SITE_B), shopPlatform);
    const [set] = docs(out.files.get('gitops/argocd.yaml')!);
    expect(set.kind).toBe('ApplicationSet');
    expect(set.spec.generators).toEqual([
      { git: { repoURL: 'https://git.warehouse.local/ops/shop.git', revision: 'main', files: [{ path: 'dist/*/release/release.json' }] }, selector: { matchLabels: { platform: 'baremetal' } } },
    ]);
    expect(set.spec.template.spec).toMatchObject({ source: { path: '{{.path.path}}' }, destination: { name: '{{.environment}}', namespace: '{{.namespace}}' } });
    // The generator's parameters are release.json's fields.
    const release = JSON.parse(out.files.get('release/release.json')!);
    expect(release).toMatchObject({ environment: 'site-b', platform: 'baremetal', namespace: 'shop' });
    expect(sharedSchemaValidator().validate(set)).toEqual([]);
  });

  test('a GitOps object that fails its schema fails synth, naming the environment', () => {
    const subject = { environment: 'gke', platform: 'gke', project: 'shop', namespace: 'shop', gitops: shopEnvironment(BUILTIN_PROFILES.gke).profile.gitops! };
    // Profile validation stops a bad interval first; past it, the schema check is the backstop.
    expect(() => gitOpsObjects({ ...subject, gitops: { ...subject.gitops, argoCd: false, flux: true, source: { ...subject.gitops.source, interval: 5 as unknown as string } } }, [])).toThrow(
      /environment "gke": GitOps objects fail their schemas:\n {2}- GitRepository flux-system\/shop-gke: spec.interval/,
    );
  });
});

describe('gitops profile validation', () => {
  const bad = (gitops: EnvironmentProfile['gitops']) => () => shopEnvironment({ ...BUILTIN_PROFILES.gke, gitops });
  test.each([
    ['both controllers', { source: { kind: 'git' as const, url: 'https://g/x.git' }, flux: true, argoCd: true }, /gitops: names both flux and argoCd/],
    ['neither', { source: { kind: 'git' as const, url: 'https://g/x.git' } }, /gitops: names neither flux nor argoCd/],
    ['Argo CD on an OCI source', { source: { kind: 'oci' as const, url: 'oci://r.local/x' }, argoCd: true }, /gitops.argoCd: needs a git source/],
    ['a git URL that is none', { source: { kind: 'git' as const, url: 'git.example.com/x' }, flux: true }, /gitops.source.url: "git.example.com\/x" is not a Git URL/],
    ['an OCI URL without oci://', { source: { kind: 'oci' as const, url: 'registry.local/x' }, flux: true }, /gitops.source.url: .* is not an OCI repository URL/],
    ['an interval Flux cannot parse', { source: { kind: 'git' as const, url: 'https://g/x.git', interval: 'hourly' }, flux: true }, /gitops.source.interval: "hourly" is not a Go duration/],
  ])('%s is refused, naming the field', (_n, gitops, message) => {
    expect(bad(gitops)).toThrow(ProfileValidationError);
    expect(bad(gitops)).toThrow(message);
  });
});

describe('stage kustomizations (what Flux reads)', () => {
  const outputs = renderAll(shopEnvironments([BUILTIN_PROFILES.baremetal]), shopPlatform);
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-stages-'));
  writeOutput(outdir, outputs);
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('kubectl kustomize (with Flux\'s load restrictions: none) renders exactly each stage\'s objects; together, every object once', () => {
    const out = outputs[0];
    const all: Obj[] = [];
    for (const plan of out.release.stages) {
      const rendered = execFileSync(kubectl(), ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', path.join(outdir, out.name, 'stages', plan.stage)], { encoding: 'utf8', timeout: 60_000 });
      const expected = plan.files.flatMap((f) => docs(out.files.get(f)!));
      expect(docs(rendered)).toEqual(expected);
      all.push(...docs(rendered));
    }
    expect(all.length).toBe(out.objectCount);
  });
});
