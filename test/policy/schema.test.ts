import { checkObjects, SchemaValidator, sharedSchemaValidator } from '../../src/policy';
import { clone, deployment, find, compliantSet, Manifest, STAGING, wrap } from './fixtures';

const validator = sharedSchemaValidator();
const issues = (m: Manifest) => validator.validate(m).map((i) => `${i.path}: ${i.message}`);

function ipAddressPool(spec: Manifest): Manifest {
  return { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'public', namespace: 'metallb-system' }, spec };
}

function externalSecret(spec: Manifest): Manifest {
  return { apiVersion: 'external-secrets.io/v1', kind: 'ExternalSecret', metadata: { name: 'db', namespace: 'shop' }, spec };
}

const validExternalSecretSpec = (): Manifest => ({
  refreshInterval: '1h',
  secretStoreRef: { name: 'gcp-secrets', kind: 'ClusterSecretStore' },
  target: { name: 'db-credentials', creationPolicy: 'Owner' },
  data: [{ secretKey: 'password', remoteRef: { key: 'shop-db-password' } }],
});

describe('strict schema validation (Kubernetes 1.28)', () => {
  test('every object of a compliant set is schema-valid', () => {
    for (const m of compliantSet()) expect(issues(m)).toEqual([]);
  });

  test('an unknown field is rejected with its path', () => {
    const d = deployment('shop', 'web', { port: 8080 });
    const c = ((d.spec as Manifest).template as { spec: { containers: Manifest[] } }).spec.containers[0];
    c.imagePullPolicyy = 'Always';
    expect(issues(d)).toEqual(['spec.template.spec.containers[0].imagePullPolicyy: unknown field']);
  });

  test('unknown fields are rejected at every level, metadata included', () => {
    const d = deployment('shop', 'web');
    (d.metadata as Manifest).labelz = {};
    (d.spec as Manifest).replica = 2;
    d.extra = true;
    expect(issues(d).sort()).toEqual(['extra: unknown field', 'metadata.labelz: unknown field', 'spec.replica: unknown field']);
  });

  test('a value outside an enum is rejected with the field path and the allowed values', () => {
    const d = deployment('shop', 'web');
    const c = ((d.spec as Manifest).template as { spec: { containers: Manifest[] } }).spec.containers[0];
    c.imagePullPolicy = 'Sometimes';
    const [issue] = issues(d);
    expect(issue).toContain('spec.template.spec.containers[0].imagePullPolicy: must be equal to one of the allowed values');
    expect(issue).toContain('"IfNotPresent"');
  });

  test('a wrong type is rejected', () => {
    const d = deployment('shop', 'web');
    (d.spec as Manifest).replicas = 'two';
    expect(issues(d)).toEqual(['spec.replicas: must be integer']);
  });

  test('IntOrString accepts numbers and strings, and nothing else', () => {
    const svc = (targetPort: unknown): Manifest => ({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'shop' },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort }] },
    });
    expect(issues(svc(8080))).toEqual([]);
    expect(issues(svc('http'))).toEqual([]);
    expect(issues(svc(true))).toEqual(['spec.ports[0].targetPort: must be integer or string']);
  });

  test('Quantity accepts strings and numbers', () => {
    const d = deployment('shop', 'web');
    const c = ((d.spec as Manifest).template as { spec: { containers: Manifest[] } }).spec.containers[0];
    c.resources = { requests: { cpu: 0.5, memory: '128Mi' }, limits: { memory: 268435456 } };
    expect(issues(d)).toEqual([]);
  });

  test('maps (labels, annotations, ConfigMap data, nodeSelector) keep arbitrary keys', () => {
    const d = deployment('shop', 'web');
    (d.metadata as Manifest).annotations = { 'anything.example.com/goes': 'x' };
    const tpl = (d.spec as Manifest).template as { spec: Manifest };
    tpl.spec.nodeSelector = { 'node.example.com/pool': 'edge' };
    expect(issues(d)).toEqual([]);
    expect(issues({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'shop' }, data: { ANY_KEY: 'v' } })).toEqual([]);
  });

  test('an unknown kind or apiVersion is an error, naming where the kind exists', () => {
    expect(issues({ apiVersion: 'apps/v1', kind: 'Deployement', metadata: { name: 'x' } })[0]).toMatch(/no schema for kind "Deployement" in apiVersion "apps\/v1"/);
    expect(issues({ apiVersion: 'extensions/v1beta1', kind: 'Deployment', metadata: { name: 'x' } })[0]).toMatch(/"Deployment" exists in apps\/v1/);
    expect(issues({ kind: 'Deployment', metadata: { name: 'x' } })).toEqual(['apiVersion: required field is missing']);
  });

  test('metadata.name is required', () => {
    expect(issues({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: 'shop' } })).toEqual(['metadata.name: required field is missing']);
    expect(issues({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'c-', namespace: 'shop' } })).toEqual([]);
  });

  test('MetalLB IPAddressPool and L2Advertisement: valid and invalid', () => {
    expect(issues(ipAddressPool({ addresses: ['192.168.10.240-192.168.10.250'], autoAssign: true }))).toEqual([]);
    expect(issues(ipAddressPool({ addresses: ['192.168.10.0/24'], autoAssing: false }))).toEqual(['spec.autoAssing: unknown field']);
    expect(issues(ipAddressPool({ autoAssign: true }))).toEqual(['spec.addresses: required field is missing']);
    expect(issues(ipAddressPool({ addresses: '192.168.10.0/24' }))).toEqual(['spec.addresses: must be array']);
    const l2 = (spec: Manifest): Manifest => ({
      apiVersion: 'metallb.io/v1beta1',
      kind: 'L2Advertisement',
      metadata: { name: 'public', namespace: 'metallb-system' },
      spec,
    });
    expect(issues(l2({ ipAddressPools: ['public'], nodeSelectors: [{ matchLabels: { 'node-role.example.com/edge': 'true' } }] }))).toEqual([]);
    expect(issues(l2({ ipAddressPool: ['public'] }))).toEqual(['spec.ipAddressPool: unknown field']);
  });

  test('ExternalSecret (external-secrets.io/v1): valid and invalid', () => {
    expect(issues(externalSecret(validExternalSecretSpec()))).toEqual([]);
    const wrongStoreKind = validExternalSecretSpec();
    (wrongStoreKind.secretStoreRef as Manifest).kind = 'VaultStore';
    expect(issues(externalSecret(wrongStoreKind))[0]).toMatch(/^spec\.secretStoreRef\.kind: must be equal to one of the allowed values/);
    const unknownField = validExternalSecretSpec();
    (unknownField.target as Manifest).nmae = 'x';
    expect(issues(externalSecret(unknownField))).toEqual(['spec.target.nmae: unknown field']);
    const missingKey = validExternalSecretSpec();
    missingKey.data = [{ secretKey: 'password', remoteRef: {} }];
    expect(issues(externalSecret(missingKey))).toEqual(['spec.data[0].remoteRef.key: required field is missing']);
    // custom resources get ObjectMeta for metadata, as the API server validates it
    expect(issues({ ...externalSecret(validExternalSecretSpec()), metadata: { name: 'db', namespace: 'shop', lables: {} } })).toEqual([
      'metadata.lables: unknown field',
    ]);
  });

  test('label keys with dots are bracketed in paths', () => {
    const d = deployment('shop', 'web');
    (d.metadata as Manifest).labels = { 'app.kubernetes.io/name': 3 };
    expect(issues(d)).toEqual(['metadata.labels["app.kubernetes.io/name"]: must be string']);
  });

  test('the schema rule reports through checkObjects with the object and path', () => {
    const set = clone(compliantSet());
    (find(set, 'Deployment', 'web').spec as Manifest).paused = 'yes';
    const findings = checkObjects(wrap(set), STAGING).findings.filter((f) => f.ruleId === 'schema');
    expect(findings).toEqual([expect.objectContaining({ object: 'Deployment shop/web', message: 'spec.paused: must be boolean', severity: 'error' })]);
  });

  test('validators are compiled once per kind and reused', () => {
    const v = new SchemaValidator();
    const compile = jest.spyOn((v as unknown as { ajv: { compile: (s: object) => unknown } }).ajv, 'compile');
    for (let i = 0; i < 50; i++) v.validate(deployment('shop', `web${i}`));
    v.validate({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } });
    expect(compile).toHaveBeenCalledTimes(2);
  });
});
