import { checkObjects } from '../../src/policy';
import { configMap, compliantSet, deployment, Manifest, STAGING, wrap } from './fixtures';

const findings = (objects: Manifest[], ...rules: string[]) =>
  checkObjects(wrap(objects, true), STAGING)
    .findings.filter((f) => rules.includes(f.ruleId))
    .map((f) => `${f.ruleId} ${f.object}: ${f.message}`);

describe('what the API server refuses beyond the schema', () => {
  test('the compliant set passes every API-server rule', () => {
    expect(findings(compliantSet(), 'schema', 'object-name', 'valid-annotations', 'config-data-size', 'storage-request', 'object-size')).toEqual([]);
  });

  test('names per kind: a Service name is an RFC 1035 label, most names are subdomains, a namespace a label', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'Search_API', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } };
    const svcDigit = { ...svc, metadata: { name: '1search', namespace: 'shop' } };
    const dep = deployment('shop', 'web');
    (dep.metadata as Manifest).name = 'Search_API';
    const cm = configMap('shop', 'a.b.c');
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'a:b', namespace: 'shop' }, rules: [] };
    const badNs = configMap('Bad_NS', 'x');
    expect(findings([svc, svcDigit, dep, cm, role, badNs], 'object-name')).toEqual([
      'object-name Service shop/Search_API: metadata.name "Search_API": a Service name must be an RFC 1035 DNS label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)',
      'object-name Service shop/1search: metadata.name "1search": a Service name must be an RFC 1035 DNS label (lower-case letters, digits and "-", starting with a letter, at most 63 characters)',
      'object-name Deployment shop/Search_API: metadata.name "Search_API": a Deployment name must be an RFC 1123 DNS subdomain (lower-case letters, digits, "-" and ".", at most 253 characters)',
      'object-name ConfigMap Bad_NS/x: metadata.namespace "Bad_NS": must be an RFC 1123 DNS label (lower-case letters, digits and "-", at most 63 characters)',
    ]);
  });

  test('int32 fields and quantities follow the API schema', () => {
    const dep = deployment('shop', 'web', { replicas: 3_000_000_000 });
    const c = ((dep.spec as Manifest).template as Manifest).spec as { containers: Manifest[] };
    c.containers[0].resources = { requests: { cpu: 'banana', memory: '128Mi' }, limits: { memory: '256Mi' } };
    expect(findings([dep], 'schema')).toEqual([
      'schema Deployment shop/web: spec.replicas: must be <= 2147483647',
      'schema Deployment shop/web: spec.template.spec.containers[0].resources.requests.cpu: must match pattern "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$"',
    ]);
  });

  test('annotation keys and their total size (256 KiB)', () => {
    const cm = configMap('shop', 'a');
    (cm.metadata as Manifest).annotations = { 'bad key!': 'x', 'example.com/big': 'x'.repeat(256 * 1024) };
    expect(findings([cm], 'valid-annotations')).toEqual([
      expect.stringMatching(/^valid-annotations ConfigMap shop\/a: metadata.annotations: invalid annotation key "bad key!": the name part must consist of/),
      'valid-annotations ConfigMap shop/a: metadata.annotations: annotations take 262168 bytes; the API server accepts at most 262144 (256 KiB) in total',
    ]);
  });

  test('ConfigMap and Secret data: 1 MiB and file-name-like keys; whole objects: 1.5 MiB stored, 256 KiB for client-side apply', () => {
    const big = configMap('shop', 'big', { 'a.txt': 'x'.repeat(1024 * 1024 + 1) });
    const mid = configMap('shop', 'mid', { 'a.txt': 'x'.repeat(300 * 1024) });
    const keys = configMap('shop', 'keys', { 'no/slash': 'x' });
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'shop' }, data: { k: Buffer.alloc(1024 * 1024 + 1).toString('base64') } };
    expect(findings([big, mid, keys, secret], 'config-data-size', 'object-size')).toEqual([
      'config-data-size ConfigMap shop/big: data: 1048577 bytes; a ConfigMap holds at most 1048576 (1 MiB)',
      expect.stringMatching(/^object-size ConfigMap shop\/big: the object takes \d+ bytes; `kubectl apply` without --server-side fails above 262144/),
      expect.stringMatching(/^object-size ConfigMap shop\/mid: the object takes \d+ bytes; `kubectl apply` without --server-side/),
      'config-data-size ConfigMap shop/keys: data key "no/slash": must be letters, digits, "-", "_" or "." (at most 253, not "." or "..")',
      'config-data-size Secret shop/s: data: 1048577 bytes; a Secret holds at most 1048576 (1 MiB)',
      expect.stringMatching(/^object-size Secret shop\/s: the object takes \d+ bytes; `kubectl apply` without --server-side/),
    ]);
  });

  test('object size counts UTF-8 bytes, not characters', () => {
    // 90 000 characters of 3 bytes each: under 256 KiB in characters, over it in bytes.
    const euro = configMap('shop', 'euro', { 'a.txt': '€'.repeat(90_000) });
    const ascii = configMap('shop', 'ascii', { 'a.txt': 'x'.repeat(90_000) });
    expect(findings([euro, ascii], 'object-size')).toEqual([
      expect.stringMatching(/^object-size ConfigMap shop\/euro: the object takes 270\d{3} bytes; `kubectl apply` without --server-side fails above 262144/),
    ]);
  });

  test('a volume claim of zero bytes is refused', () => {
    const pvc = (storage: string) => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `data-${storage.toLowerCase()}`, namespace: 'shop' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage } } },
    });
    expect(findings([pvc('0Gi'), pvc('10Gi'), pvc('0')], 'storage-request')).toEqual([
      'storage-request PersistentVolumeClaim shop/data-0gi: spec.resources.requests.storage "0Gi": must be greater than zero',
      'storage-request PersistentVolumeClaim shop/data-0: spec.resources.requests.storage "0": must be greater than zero',
    ]);
  });
});
