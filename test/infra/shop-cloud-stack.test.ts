import 'cdktf/lib/testing/adapters/jest';
import { Testing } from 'cdktf';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ShopCloudStack, INFRA_OUTPUTS, INFRA_VARIABLES, REQUIRED_APIS } from '../../src/infra';
import { BUILTIN_PROFILES, GKE, STAGING } from '../../src/profiles/builtin-profiles';
import { EnvironmentProfile } from '../../src/profiles/environment-profile';
import { ProfileValidationError, ShipyardError } from '../../src/errors';
import { shopEnvironment } from '../support/render';

Testing.setupJest();

type Json = Record<string, any>;

function synth(profile: EnvironmentProfile): string {
  const app = Testing.app();
  return Testing.synth(new ShopCloudStack(app, profile.name, { environment: shopEnvironment(profile) }));
}

function parsed(profile: EnvironmentProfile): Json {
  return JSON.parse(synth(profile)) as Json;
}

/** The only resource of a type in a synthesized stack. */
function only(doc: Json, type: string): Json {
  const all = Object.values(doc.resource[type] ?? {}) as Json[];
  expect(all).toHaveLength(1);
  return all[0];
}

describe.each([['staging', STAGING], ['gke', GKE]] as const)('%s stack', (_name, profile) => {
  const json = synth(profile);
  const doc = JSON.parse(json) as Json;
  const names = shopEnvironment(profile).cloudNames()!;
  const gcp = profile.gcp!;
  const group = profile.placement!.nodeGroups![0];

  test('provider and GCS backend come from the profile', () => {
    expect(json).toHaveProviderWithProperties(GoogleProvider, { project: gcp.project, region: gcp.region });
    expect(doc.terraform.backend).toEqual({ gcs: { bucket: gcp.stateBucket, prefix: `shipyard/${profile.name}` } });
  });

  test('VPC subnet with pod and service secondary ranges, used by the cluster', () => {
    const subnet = only(doc, 'google_compute_subnetwork');
    const rangeNames = (subnet.secondary_ip_range as Json[]).map((r) => r.range_name);
    expect(rangeNames).toEqual(['pods', 'services']);
    expect(json).toHaveResourceWithProperties(ComputeSubnetwork, { private_ip_google_access: true });
    expect(only(doc, 'google_container_cluster').ip_allocation_policy).toEqual({
      cluster_secondary_range_name: 'pods',
      services_secondary_range_name: 'services',
    });
  });

  test('Cloud NAT serves the cluster subnet\'s node and pod ranges only, and logs what it drops', () => {
    const nat = only(doc, 'google_compute_router_nat');
    expect(nat.source_subnetwork_ip_ranges_to_nat).toBe('LIST_OF_SUBNETWORKS');
    expect(nat.subnetwork).toEqual([{
      name: '${google_compute_subnetwork.subnet.id}',
      source_ip_ranges_to_nat: ['PRIMARY_IP_RANGE', 'LIST_OF_SECONDARY_IP_RANGES'],
      secondary_ip_range_names: ['pods'],
    }]);
    expect(nat.log_config).toEqual({ enable: true, filter: 'ERRORS_ONLY' });
  });

  test('private services access for Cloud SQL', () => {
    expect(json).toHaveResourceWithProperties(ComputeGlobalAddress, { purpose: 'VPC_PEERING', address_type: 'INTERNAL', prefix_length: 16 });
    expect(json).toHaveResourceWithProperties(ServiceNetworkingConnection, {
      service: 'servicenetworking.googleapis.com',
      reserved_peering_ranges: ['${google_compute_global_address.private_services_range.name}'],
    });
    expect(only(doc, 'google_sql_database_instance').depends_on).toContain('google_service_networking_connection.private_services_connection');
  });

  test('a fresh project applies: every API the stack uses is enabled by the stack, before what needs it', () => {
    const services = Object.values(doc.resource.google_project_service as Record<string, Json>);
    expect(services.map((s) => s.service).sort()).toEqual([...REQUIRED_APIS].sort());
    for (const s of services) expect(s).toMatchObject({ project: gcp.project, disable_on_destroy: false });
    const apiRefs = Object.keys(doc.resource.google_project_service).map((k) => `google_project_service.${k}`);
    for (const [type, name] of [['google_compute_network', 'vpc'], ['google_sql_database_instance', 'sql'], ['google_service_account', 'app_gsa'], ['google_artifact_registry_repository', 'images']]) {
      expect(doc.resource[type][name].depends_on).toEqual(expect.arrayContaining(apiRefs));
    }
  });

  test('the Artifact Registry repository the registry points at, readable by the nodes only', () => {
    const [, location, project, repository] = /^([a-z0-9-]+)-docker\.pkg\.dev\/([^/]+)\/([^/]+)$/.exec(profile.registry)!;
    expect(project).toBe(gcp.project);
    expect(only(doc, 'google_artifact_registry_repository')).toMatchObject({ location, repository_id: repository, format: 'DOCKER', docker_config: { immutable_tags: true } });
    expect(only(doc, 'google_artifact_registry_repository_iam_member')).toMatchObject({
      role: 'roles/artifactregistry.reader',
      member: 'serviceAccount:${google_service_account.node_sa.email}',
      repository: '${google_artifact_registry_repository.images.name}',
    });
    const projectRoles = Object.values(doc.resource.google_project_iam_member as Record<string, Json>).map((m) => m.role);
    expect(projectRoles).not.toContain('roles/artifactregistry.reader');
  });

  test('the cluster enforces NetworkPolicies with Dataplane V2, as the profile promises the manifests', () => {
    expect(profile.cluster?.networkPolicy).toEqual({ provider: 'dataplane-v2', enforced: true });
    expect(only(doc, 'google_container_cluster').datapath_provider).toBe('ADVANCED_DATAPATH');
  });

  test('the control plane answers the profile\'s authorized networks only, never the internet', () => {
    const cluster = only(doc, 'google_container_cluster');
    expect(cluster.master_authorized_networks_config).toEqual({
      gcp_public_cidrs_access_enabled: false,
      cidr_blocks: gcp.controlPlane!.authorizedNetworks!.map((n) => ({ cidr_block: n.cidr, display_name: n.name })),
    });
    expect(cluster.private_cluster_config).toEqual({ enable_private_nodes: true, enable_private_endpoint: false });
  });

  test('*.googleapis.com resolves to private.googleapis.com inside the VPC (what the proxy egress allows)', () => {
    const a = doc.resource.google_dns_record_set.googleapis_private_a as Json;
    expect(a.rrdatas).toEqual(['199.36.153.8', '199.36.153.9', '199.36.153.10', '199.36.153.11']);
    expect(only(doc, 'google_dns_managed_zone')).toMatchObject({ dns_name: 'googleapis.com.', visibility: 'private' });
  });

  test('regional private GKE cluster with Workload Identity and shielded nodes', () => {
    expect(json).toHaveResourceWithProperties(ContainerCluster, {
      name: names.clusterName,
      location: gcp.region,
      remove_default_node_pool: true,
      initial_node_count: 1,
      deletion_protection: gcp.deletionProtection,
      enable_shielded_nodes: true,
      release_channel: { channel: gcp.releaseChannel ?? 'REGULAR' },
      workload_identity_config: { workload_pool: `${gcp.project}.svc.id.goog` },
      private_cluster_config: expect.objectContaining({ enable_private_nodes: true }),
    });
  });

  test('node pool autoscaling range equals the profile (whole-pool totals, not per zone)', () => {
    expect(json).toHaveResourceWithProperties(ContainerNodePool, {
      autoscaling: expect.objectContaining({ total_min_node_count: group.minNodes, total_max_node_count: group.maxNodes }),
      management: { auto_repair: true, auto_upgrade: true },
      node_config: expect.objectContaining({
        machine_type: group.machineType,
        workload_metadata_config: { mode: 'GKE_METADATA' },
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
      }),
    });
    const autoscaling = only(doc, 'google_container_node_pool').autoscaling as Json;
    expect(autoscaling.min_node_count).toBeUndefined();
    expect(autoscaling.max_node_count).toBeUndefined();
  });

  test('Cloud SQL MySQL 8.0 on private IP only', () => {
    expect(json).toHaveResourceWithProperties(SqlDatabaseInstance, {
      name: names.sqlInstance,
      database_version: 'MYSQL_8_0',
      deletion_protection: gcp.deletionProtection,
      settings: expect.objectContaining({
        tier: gcp.sqlTier,
        ip_configuration: expect.objectContaining({ ipv4_enabled: false, private_network: '${google_compute_network.vpc.id}' }),
      }),
    });
  });

  test('Workload Identity binding names the namespace/KSA the manifests use', () => {
    expect(json).toHaveResourceWithProperties(ServiceAccount, { account_id: gcp.serviceAccountId });
    expect(json).toHaveResourceWithProperties(ServiceAccountIamMember, {
      role: 'roles/iam.workloadIdentityUser',
      member: names.workloadIdentityMember,
      service_account_id: '${google_service_account.app_gsa.name}',
    });
    expect(names.workloadIdentityMember).toBe(`serviceAccount:${gcp.project}.svc.id.goog[${names.namespace}/${names.kubernetesServiceAccount}]`);
    expect(json).toHaveResourceWithProperties(ProjectIamMember, {
      role: 'roles/cloudsql.client',
      project: gcp.project,
      member: 'serviceAccount:${google_service_account.app_gsa.email}',
      condition: { title: `only ${gcp.sqlInstance}`, expression: `resource.name == "projects/${gcp.project}/instances/${gcp.sqlInstance}"` },
    });
  });

  test('outputs have stable ids; the connection name is the instance cloudNames describes', () => {
    expect(Object.keys(doc.output).sort()).toEqual(Object.values(INFRA_OUTPUTS).sort());
    expect(doc.output[INFRA_OUTPUTS.instanceConnectionName].value).toBe('${google_sql_database_instance.sql.connection_name}');
    expect(doc.output[INFRA_OUTPUTS.gsaEmail].value).toBe('${google_service_account.app_gsa.email}');
    expect(doc.output[INFRA_OUTPUTS.clusterName].value).toBe('${google_container_cluster.cluster.name}');
    // connection_name is project:region:name of that instance, all three synthesized from the profile:
    const instance = only(doc, 'google_sql_database_instance');
    const provider = (doc.provider.google as Json[])[0];
    expect(`${provider.project}:${instance.region}:${instance.name}`).toBe(names.instanceConnectionName);
    const gsa = doc.resource.google_service_account.app_gsa as Json;
    expect(`${gsa.account_id}@${provider.project}.iam.gserviceaccount.com`).toBe(names.serviceAccountEmail);
  });

  test('no password in the synthesized JSON: write-only argument from an ephemeral variable', () => {
    const users = doc.resource.google_sql_user as Record<string, Json>;
    expect(Object.keys(users).sort()).toEqual(['app_db_user', 'root_db_user']);
    expect(users.root_db_user).toMatchObject({ name: 'root', host: '%', deletion_policy: 'ABANDON', password_wo: `\${var.${INFRA_VARIABLES.rootDbPassword}}` });
    expect(users.app_db_user.password_wo).toBe(`\${var.${INFRA_VARIABLES.appDbPassword}}`);
    for (const user of Object.values(users)) expect(user.password).toBeUndefined();
    for (const name of [INFRA_VARIABLES.appDbPassword, INFRA_VARIABLES.rootDbPassword]) {
      const variable = doc.variable[name] as Json;
      expect(variable).toMatchObject({ ephemeral: true, sensitive: true, type: 'string' });
      expect(variable.default).toBeUndefined();
    }
    expect(doc.terraform.required_version).toBe('>= 1.11.0');
    // No key anywhere that could carry a literal secret.
    const offending: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) node.forEach((v, i) => walk(v, `${path}[${i}]`));
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if (/password|secret/i.test(k) && typeof v === 'string' && !/^\$\{var\.[a-z_]+\}$/.test(v)) offending.push(`${path}.${k}`);
          walk(v, `${path}.${k}`);
        }
      }
    };
    walk(doc, '');
    expect(offending).toEqual([]);
  });
});

describe('production (gke) database', () => {
  const json = synth(GKE);
  test('REGIONAL with backups and binary logging (point-in-time recovery), deletion protection', () => {
    expect(json).toHaveResourceWithProperties(SqlDatabaseInstance, {
      deletion_protection: true,
      settings: expect.objectContaining({
        availability_type: 'REGIONAL',
        deletion_protection_enabled: true,
        backup_configuration: expect.objectContaining({ enabled: true, binary_log_enabled: true }),
      }),
    });
  });
  test('is a fresh instance with its schema and app user', () => {
    const doc = JSON.parse(json) as Json;
    expect(only(doc, 'google_sql_database_instance').clone).toBeUndefined();
    expect(json).toHaveResourceWithProperties(SqlDatabase, { name: 'shop', charset: 'utf8mb4' });
    expect(json).toHaveResourceWithProperties(SqlUser, { name: 'shop' });
  });
});

describe('staging database', () => {
  const json = synth(STAGING);
  const doc = JSON.parse(json) as Json;
  test('is restored from a backup of the production instance, in production\'s project', () => {
    expect(STAGING.gcp!.restoreFrom).toEqual({ project: GKE.gcp!.project, instance: GKE.gcp!.sqlInstance });
    expect(only(doc, 'google_sql_database_instance').restore_backup_context).toEqual({
      project: GKE.gcp!.project,
      instance_id: GKE.gcp!.sqlInstance,
      backup_run_id: '${var.restore_backup_run_id}',
    });
    expect(doc.variable.restore_backup_run_id).toMatchObject({ type: 'number', nullable: false });
  });
  test('is smaller and zonal, but protected like the production data it holds', () => {
    const instance = only(doc, 'google_sql_database_instance');
    expect(instance.settings.tier).toBe(STAGING.gcp!.sqlTier);
    expect(instance.settings.tier).not.toBe(GKE.gcp!.sqlTier);
    expect(instance.settings.availability_type).toBe('ZONAL');
    expect(instance.deletion_protection).toBe(true);
    expect(instance.settings.deletion_protection_enabled).toBe(true);
    expect(instance.settings.ip_configuration).toMatchObject({ ipv4_enabled: false, ssl_mode: 'ENCRYPTED_ONLY' });
    expect(instance.settings.backup_configuration).toMatchObject({
      enabled: true,
      binary_log_enabled: true,
      transaction_log_retention_days: 7,
      backup_retention_settings: { retained_backups: 30, retention_unit: 'COUNT' },
    });
  });
  test('a copy of production data without deletion protection is refused', () => {
    const unprotected: EnvironmentProfile = { ...STAGING, gcp: { ...STAGING.gcp!, deletionProtection: false } };
    expect(() => new ShopCloudStack(Testing.app(), 'staging', { environment: shopEnvironment(unprotected) })).toThrow(/gcp\.deletionProtection: must be true: the instance is a copy of shop-production/);
  });
  test('does not re-create the schema the clone already holds', () => {
    expect(doc.resource.google_sql_database).toBeUndefined();
    expect(json).toHaveResourceWithProperties(SqlUser, { name: 'shop', password_wo: '${var.db_app_password}' });
  });
});

describe('ShopCloudStack input checks', () => {
  test('refuses a profile without gcp', () => {
    const app = Testing.app();
    expect(() => new ShopCloudStack(app, 'baremetal', { environment: shopEnvironment(BUILTIN_PROFILES.baremetal) })).toThrow(ShipyardError);
  });
  test('validates the profile and names the environment and field', () => {
    const app = Testing.app();
    const bad: EnvironmentProfile = { ...GKE, name: 'broken', gcp: { ...GKE.gcp!, region: 'mars' } };
    expect(() => new ShopCloudStack(app, 'broken', { environment: shopEnvironment(bad) })).toThrow(ProfileValidationError);
    expect(() => new ShopCloudStack(Testing.app(), 'broken2', { environment: shopEnvironment({ ...bad, name: 'broken2' }) })).toThrow(/gcp\.region/);
  });
  test('without authorized networks the control plane endpoint is private', () => {
    const profile: EnvironmentProfile = { ...GKE, gcp: { ...GKE.gcp!, controlPlane: undefined } };
    const cluster = only(JSON.parse(Testing.synth(new ShopCloudStack(Testing.app(), 'gke', { environment: shopEnvironment(profile) }))) as Json, 'google_container_cluster');
    expect(cluster.private_cluster_config).toEqual({ enable_private_nodes: true, enable_private_endpoint: true });
    expect(cluster.master_authorized_networks_config).toEqual({ gcp_public_cidrs_access_enabled: false, cidr_blocks: [] });
  });
  test('an authorized network of the whole internet is refused', () => {
    const profile: EnvironmentProfile = { ...GKE, gcp: { ...GKE.gcp!, controlPlane: { authorizedNetworks: [{ name: 'all', cidr: '0.0.0.0/0' }] } } };
    expect(() => new ShopCloudStack(Testing.app(), 'gke', { environment: shopEnvironment(profile) })).toThrow(/gcp\.controlPlane\.authorizedNetworks\[0\]\.cidr: "0\.0\.0\.0\/0" opens the control plane to the whole internet/);
  });
  test('a registry outside the environment\'s project is refused (the stack creates the repository)', () => {
    const profile: EnvironmentProfile = { ...GKE, registry: 'europe-docker.pkg.dev/acme-shop-staging/images' };
    expect(() => new ShopCloudStack(Testing.app(), 'gke', { environment: shopEnvironment(profile) })).toThrow(/registry "europe-docker\.pkg\.dev\/acme-shop-staging\/images" must be an Artifact Registry repository of the environment's own project/);
  });
  test('calico instead of Dataplane V2 turns on the network policy add-on', () => {
    const profile: EnvironmentProfile = { ...GKE, cluster: { ...GKE.cluster, networkPolicy: { provider: 'calico', enforced: true } } };
    const cluster = only(JSON.parse(Testing.synth(new ShopCloudStack(Testing.app(), 'gke', { environment: shopEnvironment(profile) }))) as Json, 'google_container_cluster');
    expect(cluster.datapath_provider).toBeUndefined();
    expect(cluster.network_policy).toEqual({ enabled: true, provider: 'CALICO' });
    expect(cluster.addons_config).toEqual({ network_policy_config: { disabled: false } });
  });
  test('needs a node group with a machine type to size the pool', () => {
    const noGroups: EnvironmentProfile = { ...GKE, placement: {} };
    expect(() => new ShopCloudStack(Testing.app(), 'gke', { environment: shopEnvironment(noGroups) })).toThrow(/placement\.nodeGroups\[0\]/);
  });
  test('custom network ranges reach the subnet and the private services range', () => {
    const doc = JSON.parse(
      Testing.synth(new ShopCloudStack(Testing.app(), 'gke', { environment: shopEnvironment({ ...GKE, gcp: { ...GKE.gcp!, privateServicesRange: '10.50.0.0/20' } }), network: { nodes: '10.40.0.0/20' } })),
    ) as Json;
    expect(only(doc, 'google_compute_subnetwork').ip_cidr_range).toBe('10.40.0.0/20');
    expect(only(doc, 'google_compute_global_address')).toMatchObject({ address: '10.50.0.0', prefix_length: 20 });
  });
  test('parses the same profile into the same document', () => {
    expect(parsed(GKE)).toEqual(parsed(GKE));
  });
});
