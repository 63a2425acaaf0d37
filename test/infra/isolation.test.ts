import { secretIdsOf, synthesizeStacks } from '../../src/infra';
import { BUILTIN_PROFILES, EnvironmentProfile, GKE, STAGING } from '../../src/profiles';
import { Obj, ofKind, podSpec, render, shopEnvironments } from '../support/render';

/**
 * Environment isolation, computed from what would be applied: each cloud environment's Terraform JSON
 * (every IAM grant) and its manifests (every identity, secret store, secret and database reference).
 * The model is a Google project per environment, so "can A use B's things" becomes "does anything of
 * A name B's project, pool, accounts, secrets or instance" — checked for every ordered pair.
 */

interface Side {
  readonly profile: EnvironmentProfile;
  readonly stack: Obj;
  readonly objects: Obj[];
}

/** Deploy-time reads that give no runtime identity access (the Terraform runner restores a backup). */
const DEPLOY_TIME_ONLY = new Set([
  'resource.google_sql_database_instance.sql.restore_backup_context.project',
  'resource.google_sql_database_instance.sql.restore_backup_context.instance_id',
  'variable.restore_backup_run_id.description',
]);

function strings(node: unknown, at: string, out: { at: string; value: string }[]): { at: string; value: string }[] {
  if (typeof node === 'string') out.push({ at, value: node });
  else if (Array.isArray(node)) node.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (node && typeof node === 'object') for (const [k, v] of Object.entries(node)) if (k !== '//') strings(v, at ? `${at}.${k}` : k, out);
  return out;
}

const token = (name: string) => new RegExp(`(^|[^a-z0-9-])${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}([^a-z0-9-]|$)`);

/** Every way `a` could use something of `b`, as readable findings; empty when isolated. */
function crossAccess(a: Side, b: Side): string[] {
  const found: string[] = [];
  const bGcp = b.profile.gcp!;
  const aGcp = a.profile.gcp!;
  // Identities of b that a grant or annotation of a could name.
  const bIdentities = [bGcp.project, `${bGcp.project}.svc.id.goog`, `${bGcp.project}.iam.gserviceaccount.com`].map(token);
  for (const { at, value } of strings(a.stack, '', [])) {
    if (DEPLOY_TIME_ONLY.has(at)) continue;
    if (bIdentities.some((re) => re.test(value))) found.push(`${a.profile.name} stack ${at} = "${value}" names ${b.profile.name}'s project`);
  }
  a.objects.forEach((o, i) => {
    for (const { at, value } of strings(o, `${o.kind}/${o.metadata?.name ?? i}`, [])) {
      if (bIdentities.some((re) => re.test(value))) found.push(`${a.profile.name} manifest ${at} = "${value}" names ${b.profile.name}'s project`);
    }
  });
  // Grants: every IAM member of a's stack is an identity of a's project.
  const iamTypes = Object.keys(a.stack.resource).filter((t) => t.endsWith('_iam_member'));
  for (const type of iamTypes) {
    for (const [name, grant] of Object.entries(a.stack.resource[type] as Record<string, Obj>)) {
      const member = String(grant.member);
      const own = member.includes('${google_service_account.') || member.startsWith(`serviceAccount:${aGcp.project}.svc.id.goog[`);
      if (!own) found.push(`${a.profile.name} stack ${type}.${name} grants ${grant.role} to "${member}", not an identity of ${a.profile.name}`);
    }
  }
  // Workload Identity: the pools differ, so no KSA of one cluster is an identity the other trusts.
  const poolOf = (s: Side) => (s.stack.resource.google_container_cluster.cluster as Obj).workload_identity_config.workload_pool;
  if (poolOf(a) === poolOf(b)) found.push(`${a.profile.name} and ${b.profile.name} share the Workload Identity pool ${poolOf(a)}`);
  // Secrets: a's ExternalSecrets read through a's own SecretStore, which reads a's project.
  const stores = new Map(ofKind(a.objects, 'SecretStore').map((s) => [s.metadata.name, s]));
  for (const es of ofKind(a.objects, 'ExternalSecret')) {
    const ref = es.spec.secretStoreRef;
    const store = ref.kind === 'SecretStore' ? stores.get(ref.name) : undefined;
    if (!store) found.push(`${a.profile.name} ExternalSecret ${es.metadata.name} reads through ${ref.kind} ${ref.name}, which is not the environment's own store`);
    else if (store.spec.provider.gcpsm.projectID !== aGcp.project) found.push(`${a.profile.name} SecretStore ${store.metadata.name} reads project ${store.spec.provider.gcpsm.projectID}`);
  }
  // Databases: the proxies connect to a's instance, and the app may connect to nothing else.
  for (const d of ofKind(a.objects, 'Deployment')) {
    for (const c of podSpec(d).containers.filter((c: Obj) => c.name === 'cloud-sql-proxy')) {
      const connection = c.args[c.args.length - 1] as string;
      if (!connection.startsWith(`${aGcp.project}:`)) found.push(`${a.profile.name} ${d.metadata.name} proxy connects to ${connection}`);
    }
  }
  for (const grant of Object.values(a.stack.resource.google_project_iam_member as Record<string, Obj>)) {
    if (grant.role === 'roles/cloudsql.client' && grant.condition?.expression !== `resource.name == "projects/${aGcp.project}/instances/${aGcp.sqlInstance}"`) {
      found.push(`${a.profile.name} grants cloudsql.client without limiting it to its own instance`);
    }
  }
  return found;
}

/** Both apps of each environment, synthesized in memory. */
function sides(profiles: readonly EnvironmentProfile[]): Side[] {
  const objects = new Map(profiles.map((p) => [p.name, render(p)]));
  const tree = synthesizeStacks('cdktf.out', {
    environments: shopEnvironments(profiles),
    secretIdsByEnvironment: Object.fromEntries(profiles.map((p) => [p.name, secretIdsOf(objects.get(p.name)!)])),
  });
  return profiles.map((profile) => ({
    profile,
    stack: JSON.parse(Buffer.from(tree.units.find((u) => u.path === `stacks/${profile.name}`)!.files.get('cdk.tf.json')!).toString('utf8')) as Obj,
    objects: objects.get(profile.name)!,
  }));
}

const pairs = <T>(xs: readonly T[]): [T, T][] => xs.flatMap((a) => xs.filter((b) => b !== a).map((b) => [a, b] as [T, T]));

describe('environment isolation (a Google project per environment)', () => {
  const cloud = Object.values(BUILTIN_PROFILES).filter((p) => p.gcp);
  const all = sides(cloud);

  test('the built-in cloud environments are staging and gke', () => {
    expect(cloud.map((p) => p.name)).toEqual(['staging', 'gke']);
  });

  test.each(pairs(all).map(([a, b]) => [a.profile.name, b.profile.name, a, b] as const))('%s cannot use anything of %s', (_a, _b, a, b) => {
    expect(crossAccess(a, b)).toEqual([]);
  });

  test('every grant is scoped to the environment\'s own resources', () => {
    for (const s of all) {
      // Secret access is granted per secret, never on the project.
      const projectRoles = Object.values(s.stack.resource.google_project_iam_member as Record<string, Obj>).map((m) => m.role).sort();
      expect(projectRoles).toEqual(['roles/cloudsql.client', 'roles/container.defaultNodeServiceAccount']);
      const accessors = Object.values(s.stack.resource.google_secret_manager_secret_iam_member as Record<string, Obj>);
      expect(accessors.length).toBe(Object.keys(s.stack.resource.google_secret_manager_secret).length);
      for (const g of accessors) expect(g).toMatchObject({ role: 'roles/secretmanager.secretAccessor', member: 'serviceAccount:${google_service_account.secrets_gsa.email}' });
    }
  });

  test('the check finds the audit\'s findings in the old model (one shared project)', () => {
    const shared = 'acme-shop';
    const old = (p: EnvironmentProfile): EnvironmentProfile => ({
      ...p,
      registry: `europe-docker.pkg.dev/${shared}/images`,
      gcp: { ...p.gcp!, project: shared, restoreFrom: undefined },
    });
    const [staging, gke] = sides([old(STAGING), old(GKE)]);
    const found = crossAccess(staging, gke);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/share the Workload Identity pool acme-shop\.svc\.id\.goog/),
      expect.stringMatching(/staging manifest .*proxy|staging stack .*names gke's project/),
    ]));
  });
});
