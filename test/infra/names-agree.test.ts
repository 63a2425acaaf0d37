import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { secretIdsOf, synthInfra } from '../../src/infra';
import { BUILTIN_PROFILES } from '../../src/profiles';
import { named, Obj, ofKind, podSpec, render, shopEnvironments } from '../support/render';
import { PLATFORM_PROFILES } from '../../src/platform';

// The two apps must name the same things before anything is applied: synthesize both and compare.
const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-infra-'));
afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));
synthInfra({
  outdir,
  environments: shopEnvironments(PLATFORM_PROFILES.filter((p) => p.gcp)),
  secretIdsByEnvironment: Object.fromEntries((['staging', 'gke'] as const).map((e) => [e, secretIdsOf(render(BUILTIN_PROFILES[e]))])),
});

describe.each(['staging', 'gke'] as const)('%s: manifests and Terraform agree', (env) => {
  const profile = BUILTIN_PROFILES[env];
  const stack = JSON.parse(fs.readFileSync(path.join(outdir, 'stacks', env, 'cdk.tf.json'), 'utf8'));
  const objs = render(profile);
  const sql = Object.values(stack.resource.google_sql_database_instance)[0] as Obj;
  const gsa = stack.resource.google_service_account.app_gsa as Obj;
  const binding = stack.resource.google_service_account_iam_member.app_gsa_workload_identity as Obj;
  const provider = stack.provider.google[0] as Obj;

  test('the Cloud SQL proxy connects to the instance the stack creates', () => {
    const connection = `${provider.project}:${sql.region}:${sql.name}`;
    const proxies = ofKind(objs, 'Deployment').flatMap((d) => (podSpec(d).initContainers ?? []).filter((c: Obj) => c.name === 'cloud-sql-proxy'));
    expect(proxies.length).toBeGreaterThan(0);
    for (const proxy of proxies) expect(proxy.args[proxy.args.length - 1]).toBe(connection);
  });

  test('the Kubernetes service accounts are annotated with the Google service accounts the stack creates', () => {
    expect(ofKind(objs, 'ServiceAccount').map((k) => k.metadata.name).sort()).toEqual(['shop-app', 'shop-secrets']);
    const app = named(objs, 'ServiceAccount', 'shop-app')!;
    expect(app.metadata.annotations['iam.gke.io/gcp-service-account']).toBe(`${gsa.account_id}@${provider.project}.iam.gserviceaccount.com`);
    const secrets = named(objs, 'ServiceAccount', 'shop-secrets')!;
    const secretsGsa = stack.resource.google_service_account.secrets_gsa as Obj;
    expect(secrets.metadata.annotations['iam.gke.io/gcp-service-account']).toBe(`${secretsGsa.account_id}@${provider.project}.iam.gserviceaccount.com`);
    const secretsBinding = stack.resource.google_service_account_iam_member.secrets_gsa_workload_identity as Obj;
    expect(secretsBinding.member).toBe(`serviceAccount:${provider.project}.svc.id.goog[${secrets.metadata.namespace}/${secrets.metadata.name}]`);
  });

  test('the SecretStore reads the Secret Manager of the environment\'s project as the secrets service account', () => {
    const store = named(objs, 'SecretStore', profile.secrets.store!.name)!;
    expect(store.spec.provider.gcpsm).toEqual({
      projectID: provider.project,
      auth: { workloadIdentity: { clusterLocation: provider.region, clusterName: (stack.resource.google_container_cluster.cluster as Obj).name, clusterProjectID: provider.project, serviceAccountRef: { name: 'shop-secrets' } } },
    });
    for (const es of ofKind(objs, 'ExternalSecret')) expect(es.spec.secretStoreRef).toEqual({ kind: 'SecretStore', name: store.metadata.name });
  });

  test('the stack creates exactly the secrets the ExternalSecrets read', () => {
    const remote = ofKind(objs, 'ExternalSecret').flatMap((es) => es.spec.data.map((d: Obj) => d.remoteRef.key)).sort();
    const created = Object.values(stack.resource.google_secret_manager_secret as Record<string, Obj>).map((s) => s.secret_id).sort();
    expect(created).toEqual([...new Set(remote)]);
  });

  test('the Workload Identity binding names the namespace and service account the pods run as', () => {
    const ksa = named(objs, 'ServiceAccount', 'shop-app')!;
    expect(binding.member).toBe(`serviceAccount:${provider.project}.svc.id.goog[${ksa.metadata.namespace}/${ksa.metadata.name}]`);
    expect(binding.role).toBe('roles/iam.workloadIdentityUser');
    for (const d of ofKind(objs, 'Deployment').filter((d) => (podSpec(d).initContainers ?? []).some((c: Obj) => c.name === 'cloud-sql-proxy'))) {
      expect(podSpec(d).serviceAccountName).toBe(ksa.metadata.name);
      expect(d.metadata.namespace).toBe(ksa.metadata.namespace);
    }
  });

  test('the node pool autoscaling range is the profile node group', () => {
    const pool = stack.resource.google_container_node_pool.app_pool as Obj;
    const group = profile.placement!.nodeGroups![0];
    expect(pool.autoscaling).toMatchObject({ total_min_node_count: group.minNodes, total_max_node_count: group.maxNodes });
    expect(named(objs, 'Namespace', profile.namespace ?? 'shop')).toBeDefined();
  });
});

test('the database user the stack creates follows the profile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shipyard-infra-user-'));
  synthInfra({ outdir: dir, environments: shopEnvironments([{ ...BUILTIN_PROFILES.staging, database: { mode: 'cloud-sql', user: 'shop_app' } }]) });
  const stack = JSON.parse(fs.readFileSync(path.join(dir, 'stacks', 'staging', 'cdk.tf.json'), 'utf8'));
  expect(stack.resource.google_sql_user.app_db_user.name).toBe('shop_app');
  fs.rmSync(dir, { recursive: true, force: true });
});
