import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EdgeProxy,
  EnvironmentChart,
  MessageQueue,
  MySqlDatabase,
  Probe,
  RedisCache,
  SecretReference,
  WebService,
  Worker,
} from '../../src/constructs';
import { ProfileValidationError } from '../../src/errors';
import { synthInfra } from '../../src/infra';
import { Environment, EnvironmentProfile } from '../../src/profiles';
import { renderAll } from '../../src/synth/synth';

/**
 * A second, unrelated project: a payments API with its own profiles. Every name the library derives
 * (part-of label, service account, secret keys, namespace, MySQL schema and user, cloud labels) must
 * come from the project, so nothing in the output mentions the reference shop.
 */
const DEV: EnvironmentProfile = {
  name: 'dev',
  platform: 'minikube',
  registry: 'registry.local/payments',
  domain: 'payments.test',
  autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 1 },
  storage: {
    fast: { name: 'payments-fast', provisioner: 'k8s.io/minikube-hostpath' },
    bulk: { name: 'payments-bulk', provisioner: 'k8s.io/minikube-hostpath' },
  },
  exposure: { serviceType: 'NodePort' },
  database: { mode: 'in-cluster' },
  secrets: { mode: 'inline-dev' },
  cluster: { networkPolicy: { provider: 'calico', enforced: true }, metrics: { provider: 'metrics-server', image: 'metrics-server/metrics-server:v0.7.2' } },
};

const PROD: EnvironmentProfile = {
  name: 'prod',
  platform: 'gke',
  registry: 'europe-docker.pkg.dev/payments-prod/images',
  domain: 'pay.example.org',
  autoscaling: { enabled: true, minReplicas: 2, maxReplicas: 5 },
  storage: {
    fast: { name: 'ssd', provisioner: 'pd.csi.storage.gke.io', parameters: { type: 'pd-ssd' } },
    bulk: { name: 'balanced', provisioner: 'pd.csi.storage.gke.io' },
  },
  exposure: { serviceType: 'LoadBalancer' },
  database: { mode: 'cloud-sql' },
  gcp: {
    project: 'payments-prod',
    region: 'europe-west4',
    clusterName: 'pay-prod',
    sqlInstance: 'pay-prod-db',
    sqlTier: 'db-custom-2-7680',
    highAvailability: true,
    deletionProtection: true,
    serviceAccountId: 'pay-prod-workloads',
    stateBucket: 'payments-prod-tfstate',
  },
  placement: { nodeGroups: [{ name: 'pool', machineType: 'e2-standard-4', maxNodes: 6, allocatableCpuMillis: 3920, allocatableMemoryMiB: 13_000 }] },
  secrets: { mode: 'external-secrets', store: { kind: 'ClusterSecretStore', name: 'gcp-sm' }, backend: 'gcp-secret-manager' },
  cluster: { networkPolicy: { provider: 'dataplane-v2', enforced: true }, metrics: { provider: 'gke' }, operators: { externalSecrets: '0.18.2' }, kubernetesVersion: '1.30' },
};

function payments(chart: EnvironmentChart): void {
  const db = new MySqlDatabase(chart, 'database');
  const queue = new MessageQueue(chart, 'queue');
  const cache = new RedisCache(chart, 'cache');
  const keys = new SecretReference(chart, 'psp', { keys: ['api-key'] });
  const tls = new SecretReference(chart, 'tls', { name: 'edge-tls', keys: ['edge.pem'] });
  const api = new WebService(chart, 'api', {
    image: { repository: 'payments-api', tag: '2.3.1' },
    port: 8080,
    healthPath: '/healthz',
    database: db,
    talksTo: [cache, queue],
    secretEnv: { PSP_API_KEY: { secret: keys, key: 'api-key' } },
  });
  new Worker(chart, 'settle', {
    image: { repository: 'payments-worker', tag: '2.3.1' },
    args: ['settle'],
    database: db,
    talksTo: [queue],
    secretEnv: { AMQP_PASSWORD: { secret: queue.credentials, key: 'password' } },
    liveness: Probe.exec(['/bin/healthcheck'], { periodSeconds: 30 }),
  });
  new EdgeProxy(chart, 'edge', { defaultBackend: api, tls: { secret: tls, key: 'edge.pem' } });
}

const environments = [DEV, PROD].map((p) => new Environment(p, { project: 'payments' }));
const outputs = renderAll(environments, payments);
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'payments-infra-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
synthInfra({ outdir, environments: environments.filter((e) => e.profile.gcp) });
const terraform = fs.readFileSync(path.join(outdir, 'stacks', 'prod', 'cdk.tf.json'), 'utf8');

describe('a project named "payments"', () => {
  test('its manifests and its Terraform JSON never mention the reference shop', () => {
    for (const out of outputs) {
      for (const [file, text] of out.files) expect({ file: `${out.name}/${file}`, shop: text.match(/.{0,40}shop.{0,40}/gi) }).toEqual({ file: `${out.name}/${file}`, shop: null });
    }
    expect(terraform.match(/.{0,40}shop.{0,40}/gi)).toBeNull();
  });

  test('the project name drives the part-of label, the namespace, the service account and the secret keys', () => {
    const prod = outputs.find((o) => o.name === 'prod')!.manifests;
    const partOf = new Set(prod.map((m) => (m.metadata as { labels?: Record<string, string> } | undefined)?.labels?.['app.kubernetes.io/part-of']));
    expect([...partOf]).toEqual(['payments']);
    expect(prod.find((m) => m.kind === 'Namespace')?.metadata?.name).toBe('payments');
    const sa = prod.find((m) => m.kind === 'ServiceAccount');
    expect(sa?.metadata?.name).toBe('payments-app');
    const api = prod.find((m) => m.kind === 'Deployment' && m.metadata?.name === 'api') as unknown as { spec: { template: { spec: { serviceAccountName: string } } } };
    expect(api.spec.template.spec.serviceAccountName).toBe('payments-app');
    const psp = prod.find((m) => m.kind === 'ExternalSecret' && m.metadata?.name === 'psp') as unknown as { spec: { data: { remoteRef: { key: string } }[] } };
    expect(psp.spec.data.map((d) => d.remoteRef.key)).toEqual(['payments-psp-api-key']);
  });

  test('the cloud stack binds the project service account and names the schema, user and labels after the project', () => {
    const doc = JSON.parse(terraform) as { resource: Record<string, Record<string, Record<string, unknown>>>; provider: { google: { default_labels: Record<string, string> }[] } };
    expect(doc.provider.google[0].default_labels.app).toBe('payments');
    expect(doc.resource.google_service_account_iam_member.app_gsa_workload_identity.member).toBe('serviceAccount:payments-prod.svc.id.goog[payments/payments-app]');
    expect(doc.resource.google_sql_database.database.name).toBe('payments');
    expect(doc.resource.google_sql_user.app_db_user.name).toBe('payments');
  });

  test('a project name with a dash becomes a MySQL name with an underscore; a bad project name is refused naming the field', () => {
    expect(new Environment(DEV, { project: 'pay-ments' }).database().name).toBe('pay_ments');
    expect(() => new Environment(DEV, { project: 'Payments' })).toThrow(ProfileValidationError);
    expect(() => new Environment(DEV, { project: 'Payments' })).toThrow(/environment "dev"[\s\S]*project: project name "Payments" is not a lower-case DNS label/);
    const long = 'a'.repeat(40);
    expect(() => new Environment(DEV, { project: long })).toThrow(/database\.user: "a{40}" is not a MySQL user name .*\(defaults to project "a{40}"; set it\)/);
  });
});
