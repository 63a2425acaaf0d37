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
