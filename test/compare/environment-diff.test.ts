import { formatDiffMarkdown, formatDiffTable } from '../../src/cli/terminal/diff-format';
import { cells, diffEnvironments, registrySplit } from '../../src/compare/environment-diff';
import { K8sObject } from '../../src/manifests/k8s-object';
import { createOutput } from '../../src/cli/terminal/output';
import { INTERNET, trafficEdges } from '../../src/compare/traffic-graph';

const labels = (name: string) => ({ 'app.kubernetes.io/name': name });
const deployment = (name: string, image: string, extra: Record<string, unknown> = {}): K8sObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: {
    selector: { matchLabels: labels(name) },
    template: {
      metadata: { labels: labels(name) },
      spec: { containers: [{ name, image, resources: { requests: { cpu: '100m', memory: '128Mi' } }, ...extra }] },
    },
  },
});
const hpa = (name: string, min: number, max: number): K8sObject => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name, namespace: 'shop' },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name }, minReplicas: min, maxReplicas: max },
});
const policy = (to: string, ingress: unknown[]): K8sObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name: to, namespace: 'shop' },
  spec: { podSelector: { matchLabels: labels(to) }, ingress },
});
const service = (name: string, type = 'ClusterIP', annotations: Record<string, string> = {}): K8sObject => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: 'shop', annotations },
  spec: { type, selector: labels(name), ports: [{ port: 443 }] },
});

describe('traffic edges from NetworkPolicies', () => {
  test('podSelector peers give Y -> X; a rule without from gives internet -> X', () => {
    const objects = [
      deployment('edge', 'r/edge:1'),
      deployment('web', 'r/web:1'),
      deployment('db', 'r/db:1'),
      policy('edge', [{ ports: [{ port: 443 }] }]),
      policy('web', [{ from: [{ podSelector: { matchLabels: labels('edge') } }] }]),
      policy('db', [{ from: [{ podSelector: { matchLabels: labels('web') } }, { ipBlock: { cidr: '0.0.0.0/0' } }] }]),
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'deny' }, spec: { podSelector: {} } },
    ];
    expect(trafficEdges(objects)).toEqual([
      { from: 'edge', to: 'web' },
      { from: INTERNET, to: 'db' },
      { from: INTERNET, to: 'edge' },
      { from: 'web', to: 'db' },
    ]);
  });
});

describe('diffEnvironments', () => {
  const a = [
    deployment('web', 'reg.a/shop/web:1.0.0', { env: [{ name: 'DB_HOST', value: 'mysql' }] }),
    hpa('web', 2, 4),
    deployment('mysql', 'reg.a/shop/mysql:8'),
    service('mysql'),
    service('web', 'NodePort'),
    policy('web', [{}]),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'shop', annotations: { x: 'a' } } },
  ];
  const b = [
    deployment('web', 'reg.b/images/web:1.0.0', { env: [{ name: 'DB_HOST', value: '127.0.0.1' }] }),
    hpa('web', 3, 30),
    service('web', 'LoadBalancer', { 'metallb.universe.tf/address-pool': 'public' }),
    policy('web', [{}]),
    { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'shop', annotations: { x: 'b' } } },
  ];
  const d = diffEnvironments({ name: 'a', objects: a }, { name: 'b', objects: b });

  test('groups differences by workload and aspect', () => {
    expect(d.workloads).toHaveLength(1);
    const rows = Object.fromEntries(d.workloads[0].rows.map((r) => [r.aspect, [r.a, r.b]]));
    expect(rows.replicas).toEqual(['HPA 2..4', 'HPA 3..30']);
    expect(rows['service web: type']).toEqual(['NodePort :443', 'LoadBalancer :443']);
    expect(rows['service web: annotation metallb.universe.tf/address-pool']).toEqual(['—', 'public']);
    expect(rows.DB_HOST).toEqual(['mysql', '127.0.0.1']);
    expect(rows.database).toEqual(['in-cluster Deployment mysql', 'external host 127.0.0.1']);
    // One image is listed as it is; two or more that differ only by registry are folded into one line.
    expect(rows.image).toEqual(['reg.a/shop/web:1.0.0', 'reg.b/images/web:1.0.0']);
    expect(d.registry).toBeUndefined();
  });

  test('images that differ only by registry are folded; a changed tag is kept', () => {
    const x = [deployment('web', 'reg.a/shop/web:1.0.0'), deployment('api', 'reg.a/shop/api:1.0.0'), deployment('job', 'reg.a/shop/job:1.0.0')];
    const y = [deployment('web', 'reg.b/images/web:1.0.0'), deployment('api', 'reg.b/images/api:1.0.0'), deployment('job', 'reg.b/images/job:2.0.0')];
    const folded = diffEnvironments({ name: 'x', objects: x }, { name: 'y', objects: y });
    expect(folded.registry).toEqual({ a: 'reg.a/shop', b: 'reg.b/images', images: 2 });
    expect(folded.workloads).toEqual([{ workload: 'job', kind: 'Deployment', rows: [{ aspect: 'image', a: 'reg.a/shop/job:1.0.0', b: 'reg.b/images/job:2.0.0' }] }]);
    expect(formatDiffMarkdown(folded)).toContain('Registry: `reg.a/shop` (x) vs `reg.b/images` (y); 2 image(s)');
  });

  test('objects only in one, other changed objects', () => {
    expect(d.onlyInA).toEqual(['Deployment/mysql', 'Service/mysql']);
    expect(d.onlyInB).toEqual([]);
    expect(d.otherChanges).toEqual([{ object: 'ServiceAccount/app', rows: [{ aspect: 'metadata.annotations.x', a: 'a', b: 'b' }] }]);
    expect(d.edges.both).toEqual([{ from: INTERNET, to: 'web' }]);
  });

  test('table and markdown', () => {
    const table = formatDiffTable(d, createOutput({ stdout: { isTTY: false, write: () => true } as never }));
    expect(table).toMatch(/^web\s+replicas\s+HPA 2\.\.4\s+HPA 3\.\.30$/m);
    expect(table).toContain('Only in a: Deployment/mysql, Service/mysql');
    const md = formatDiffMarkdown(d);
    expect(md).toContain('| **web** (Deployment) | replicas | `HPA 2..4` | `HPA 3..30` |');
    expect(md).toContain('```mermaid\ngraph LR\n');
    expect(md).toContain('n_internet --> n_web');
  });
});

describe('helpers', () => {
  test('registrySplit finds the registry of images that differ only by it', () => {
    expect(registrySplit('europe-docker.pkg.dev/acme/images/prom/prometheus:v2', 'registry.local/shop/prom/prometheus:v2')).toEqual({
      a: 'europe-docker.pkg.dev/acme/images',
      b: 'registry.local/shop',
    });
    expect(registrySplit('a.io/shop/web:1.0.0', 'a.io/shop/web:1.1.0')).toBeUndefined();
    expect(registrySplit('a.io/shop/web:1', 'a.io/shop/web:1')).toBeUndefined();
  });

  test('cells of multi-line values keep only the lines that differ', () => {
    expect(cells('global\nacl ops -i ops.a\nend', 'global\nacl ops -i ops.b\nend')).toEqual({ a: 'acl ops -i ops.a', b: 'acl ops -i ops.b' });
    expect(cells(undefined, 'x')).toEqual({ a: '—', b: 'x' });
  });
});
