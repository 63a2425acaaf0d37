import { MySqlDatabase } from '../../src/constructs/mysql-database';
import { SecretReference } from '../../src/constructs/secret-reference';
import { Worker } from '../../src/constructs/worker';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { objectsOf, testChart, validationErrors } from '../support/chart';
import { named, Obj } from '../support/render';

describe('MySqlDatabase with minimal props, in the cluster (minikube)', () => {
  const chart = testChart();
  const db = new MySqlDatabase(chart, 'database');
  new Worker(chart, 'app', { image: { repository: 'app', tag: '1' }, database: db });
  const objects = objectsOf(chart);
  const sts = named(objects, 'StatefulSet', 'mysql')!;
  const container = sts.spec.template.spec.containers[0];

  test('a single-replica StatefulSet with a fast-tier volume claim and a headless Service', () => {
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.volumeClaimTemplates[0].spec).toMatchObject({ storageClassName: BUILTIN_PROFILES.minikube.storage.fast.name, accessModes: ['ReadWriteOnce'] });
    expect(container.volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/mysql' });
    expect(named(objects, 'Service', 'mysql')!.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
    expect(container.image).toMatch(/\/mysql:8\.0\.36$/);
  });

  test('credentials in a Secret with root, user and password; the app reaches it by host, port and name', () => {
    expect(db.credentials.keys).toEqual(['password', 'root-password', 'username']);
    expect(container.env.map((e: Obj) => e.name)).toEqual(['MYSQL_DATABASE', 'MYSQL_USER', 'MYSQL_PASSWORD', 'MYSQL_ROOT_PASSWORD']);
    const app = named(objects, 'Deployment', 'app')!.spec.template.spec.containers[0];
    expect(app.env.slice(0, 3)).toEqual([{ name: 'DB_HOST', value: db.connection.host }, { name: 'DB_PORT', value: String(db.connection.port) }, { name: 'DB_NAME', value: db.connection.name }]);
    expect(db.endpoint!.clientNames).toEqual(['app']);
    expect(validationErrors(chart)).toEqual([]);
  });
});

describe('MySqlDatabase with all props', () => {
  const chart = testChart(BUILTIN_PROFILES.baremetal);
  const credentials = new SecretReference(chart, 'db-credentials', { name: 'shop-db', keys: ['password', 'root-password', 'username'] });
  const db = new MySqlDatabase(chart, 'database', { name: 'shop-mysql', version: '8.0.40', credentials, resources: { cpu: '1', memory: '2Gi', memoryLimit: '3Gi' } });
  new Worker(chart, 'app', { image: { repository: 'app', tag: '1' }, database: db });
  const objects = objectsOf(chart);
  const container = named(objects, 'StatefulSet', 'shop-mysql')!.spec.template.spec.containers[0];

  test('name, version, the given credentials and resources', () => {
    expect(container.image).toMatch(/\/mysql:8\.0\.40$/);
    expect(container.resources).toEqual({ requests: { cpu: '1', memory: '2Gi' }, limits: { memory: '3Gi' } });
    expect(container.env.find((e: Obj) => e.name === 'MYSQL_PASSWORD').valueFrom.secretKeyRef.name).toBe('shop-db');
    expect(db.credentials).toBe(credentials);
    expect(named(objects, 'Service', 'shop-mysql')).toBeDefined();
  });
});

describe('MySqlDatabase on Cloud SQL (gke)', () => {
  const chart = testChart(BUILTIN_PROFILES.gke);
  const db = new MySqlDatabase(chart, 'database');
  new Worker(chart, 'app', { image: { repository: 'app', tag: '1' }, database: db });
  const objects = objectsOf(chart);

  test('nothing runs in the cluster; a Workload Identity service account; the app gets the proxy sidecar', () => {
    expect(named(objects, 'StatefulSet', 'mysql')).toBeUndefined();
    expect(db.endpoint).toBeUndefined();
    expect(db.credentials.keys).toEqual(['password', 'username']);
    const sa = named(objects, 'ServiceAccount', db.serviceAccount!.name)!;
    expect(sa.metadata.annotations['iam.gke.io/gcp-service-account']).toMatch(/@.*\.iam\.gserviceaccount\.com$/);
    const pod = named(objects, 'Deployment', 'app')!.spec.template.spec;
    expect(pod.containers.map((c: Obj) => c.name)).toEqual(['app']);
    expect(pod.initContainers.map((c: Obj) => [c.name, c.restartPolicy])).toEqual([['cloud-sql-proxy', 'Always']]);
    expect(pod.serviceAccountName).toBe(db.serviceAccount!.name);
    expect(db.connection).toMatchObject({ mode: 'cloud-sql', host: '127.0.0.1' });
  });
});

describe('MySqlDatabase validation', () => {
  test('credentials without the keys the server needs are refused, naming the Secret and its keys', () => {
    const chart = testChart();
    const credentials = new SecretReference(chart, 'db-credentials', { name: 'shop-db', keys: ['password', 'username'] });
    expect(() => new MySqlDatabase(chart, 'database', { credentials })).toThrow('secret "shop-db" has no key "root-password" (keys: password, username)');
  });
});
