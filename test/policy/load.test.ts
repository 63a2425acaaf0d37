import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkObjects, loadManifestDir } from '../../src/policy';
import { STAGING } from './fixtures';

describe('loadManifestDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'policy-load-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('with a kustomization.yaml, reads the files it lists, in its order, and not the kustomization itself', () => {
    fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n');
    fs.writeFileSync(path.join(dir, 'b.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    fs.writeFileSync(path.join(dir, 'unlisted.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: shop}\n');
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - b.yaml\n  - a.yaml\n');
    expect(loadManifestDir(dir).map((o) => [o.source, o.manifest.kind])).toEqual([
      ['b.yaml#0', 'Namespace'],
      ['a.yaml#0', 'ConfigMap'],
    ]);
  });

  test('reads every document of every .yaml/.yml file, in name order, expanding Lists', () => {
    fs.writeFileSync(
      path.join(dir, 'b.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n---\n# empty document\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: shop\n',
    );
    fs.writeFileSync(
      path.join(dir, 'a.yml'),
      'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: d, namespace: shop}\n',
    );
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'kind: Secret\n');
    fs.mkdirSync(path.join(dir, 'nested.yaml'));
    const objects = loadManifestDir(dir);
    expect(objects.map((o) => [o.source, o.manifest.kind])).toEqual([
      ['a.yml#0.items[0]', 'ConfigMap'],
      ['b.yaml#0', 'Namespace'],
      ['b.yaml#2', 'ConfigMap'],
    ]);
  });

  test('objects loaded from elsewhere are checked like synthesized ones', () => {
    fs.writeFileSync(path.join(dir, 'x.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  namespace: elsewhere\ndataa: {}\n');
    const { findings } = checkObjects(loadManifestDir(dir), STAGING);
    expect(findings.map((f) => [f.ruleId, f.source, f.message])).toEqual([
      ['schema', 'x.yaml#0', 'dataa: unknown field'],
      ['namespace-declared', 'x.yaml#0', 'metadata.namespace: Namespace "elsewhere" is not declared in this environment'],
    ]);
  });

  test('a YAML syntax error names the file and document', () => {
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\n---\nkind: [unclosed\n');
    expect(() => loadManifestDir(dir)).toThrow(/bad\.yaml: document 2/);
  });
});
