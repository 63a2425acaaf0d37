import { Construct } from 'constructs';
import { Annotations, GcsBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
// Provider submodules only: the package root re-exports ~1,400 resources and costs minutes and GBs to
// type-check (test/infra/no-provider-root-import.test.ts enforces this).
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { ComputeNetwork } from '@cdktf/provider-google/lib/compute-network';
import { ComputeSubnetwork } from '@cdktf/provider-google/lib/compute-subnetwork';
import { ComputeRouter } from '@cdktf/provider-google/lib/compute-router';
import { ComputeRouterNat } from '@cdktf/provider-google/lib/compute-router-nat';
import { ComputeGlobalAddress } from '@cdktf/provider-google/lib/compute-global-address';
import { ServiceNetworkingConnection } from '@cdktf/provider-google/lib/service-networking-connection';
import { ContainerCluster } from '@cdktf/provider-google/lib/container-cluster';
import { ContainerNodePool } from '@cdktf/provider-google/lib/container-node-pool';
import { SqlDatabaseInstance } from '@cdktf/provider-google/lib/sql-database-instance';
import { SqlDatabase } from '@cdktf/provider-google/lib/sql-database';
import { SqlUser } from '@cdktf/provider-google/lib/sql-user';
import { ServiceAccount } from '@cdktf/provider-google/lib/service-account';
import { ServiceAccountIamMember } from '@cdktf/provider-google/lib/service-account-iam-member';
import { ProjectIamMember } from '@cdktf/provider-google/lib/project-iam-member';
import { ProjectService } from '@cdktf/provider-google/lib/project-service';
import { ArtifactRegistryRepository } from '@cdktf/provider-google/lib/artifact-registry-repository';
import { ArtifactRegistryRepositoryIamMember } from '@cdktf/provider-google/lib/artifact-registry-repository-iam-member';
import { SecretManagerSecret } from '@cdktf/provider-google/lib/secret-manager-secret';
import { SecretManagerSecretIamMember } from '@cdktf/provider-google/lib/secret-manager-secret-iam-member';
import { DnsManagedZone } from '@cdktf/provider-google/lib/dns-managed-zone';
import { DnsRecordSet } from '@cdktf/provider-google/lib/dns-record-set';
import { ShipyardError } from '../errors';
import { CloudNames } from '../profiles/cloud-names';
import type { Environment } from '../profiles/environment';
import { DEFAULT_NETWORK_RANGES, NetworkRanges } from './network-ranges';

export { DEFAULT_NETWORK_RANGES, NetworkRanges } from './network-ranges';
import { PRIVATE_GOOGLE_APIS } from '../profiles/environment';
import { parseAddressRange } from '../profiles/ip-ranges';

/** Properties of a {@link ShopCloudStack}. */
export interface ShopCloudStackProps {
  /** The environment (validated and resolved); its `gcp` block is required. */
  readonly environment: Environment;
  /**
   * Address ranges of the environment's VPC.
   * @default - {@link DEFAULT_NETWORK_RANGES}
   */
  readonly network?: NetworkRanges;
  /**
   * Prefix of the state objects in the profile's `gcp.stateBucket`; the environment name is appended.
   * @default 'shipyard'
   */
  readonly statePrefix?: string;
  /**
   * Secret Manager secret ids the environment's manifests read (their ExternalSecrets' `remoteRef.key`,
   * see `secretIdsOf`). The stack creates each secret (values are added out of band) and lets the
   * environment's secrets service account read exactly these.
   * @default - none
   */
  readonly secretIds?: readonly string[];
}

/**
 * The Google APIs a stack uses, enabled by the stack itself so that `terraform apply` works on a
 * fresh project. They stay enabled on destroy (other tenants of the project may use them).
 */
export const REQUIRED_APIS = [
  'artifactregistry.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'compute.googleapis.com',
  'container.googleapis.com',
  'dns.googleapis.com',
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'secretmanager.googleapis.com',
  'servicenetworking.googleapis.com',
  'sqladmin.googleapis.com',
  'sts.googleapis.com',
] as const;

const ARTIFACT_REGISTRY = /^([a-z0-9-]+)-docker\.pkg\.dev\/([a-z][-a-z0-9]{4,28}[a-z0-9])\/([a-z0-9][-a-z0-9]*)$/;

/** Names of the subnet's secondary ranges, referenced by the cluster's `ip_allocation_policy`. */
export const SECONDARY_RANGE_NAMES = { pods: 'pods', services: 'services' } as const;

/**
 * Terraform input variables of every stack. Their values are never in the synthesized JSON: the
 * password is an *ephemeral* variable (Terraform >= 1.10) fed to the write-only `password_wo`
 * argument of `google_sql_user` (Terraform >= 1.11), so it is kept out of the plan and the state too.
 */
export const INFRA_VARIABLES = {
  /** Password of the application's MySQL user (`database.user`, by default the project name); e.g. `TF_VAR_db_app_password=$(gcloud secrets versions access latest --secret=...)`. */
  appDbPassword: 'db_app_password',
  /** Bump to make Terraform send `db_app_password` again (rotation). */
  appDbPasswordVersion: 'db_app_password_version',
  /** Password of the instance's `root@%` account (write-only, like the app's). */
  rootDbPassword: 'db_root_password',
  /** Bump to make Terraform send `db_root_password` again (rotation). */
  rootDbPasswordVersion: 'db_root_password_version',
  /** With `gcp.restoreFrom`: the id of the source instance's backup run the new instance is restored from. */
  restoreBackupRunId: 'restore_backup_run_id',
} as const;

/** Ids of the stack outputs; `checkTerraformOutputs` reads them back from `terraform output -json`. */
export const INFRA_OUTPUTS = {
  instanceConnectionName: 'instance_connection_name',
  gsaEmail: 'gsa_email',
  clusterName: 'cluster_name',
} as const;

/**
 * Project roles of the dedicated node service account (instead of the Compute Engine default account,
 * which is Editor). Image pulls are granted on the environment's repository only.
 */
const NODE_SA_ROLES = ['roles/container.defaultNodeServiceAccount'] as const;

const SA_ID = /^[a-z][-a-z0-9]{4,28}[a-z0-9]$/;

/**
 * The Google Cloud side of one environment: VPC, private services access, a regional private GKE
 * cluster with Workload Identity, an autoscaled app node pool, Cloud SQL for MySQL 8.0 on private IP,
 * and the Google service account the application's Kubernetes service account is bound to.
 *
 * Every shared name comes from `environment.cloudNames()`, the same names the manifests use, so the
 * Cloud SQL proxy, the Workload Identity annotation and the IAM binding agree by construction.
 *
 * The stack reads two Terraform variables at apply time ({@link INFRA_VARIABLES}); nothing secret is
 * synthesized.
 */
export class ShopCloudStack extends TerraformStack {
  /** The names shared with the manifests. */
  public readonly names: CloudNames;
  /** The GKE cluster. */
  public readonly cluster: ContainerCluster;
  /** The application node pool (sized from `placement.nodeGroups[0]`). */
  public readonly nodePool: ContainerNodePool;
  /** The Cloud SQL instance. */
  public readonly sqlInstance: SqlDatabaseInstance;
  /** The Google service account the workloads act as. */
  public readonly serviceAccount: ServiceAccount;
  /** The Google service account the environment's SecretStore reads secrets as. */
  public readonly secretsServiceAccount: ServiceAccount;
  /** The Artifact Registry repository images are pulled from. */
  public readonly repository: ArtifactRegistryRepository;
  /** The Secret Manager secrets the manifests read, by id. */
  public readonly secrets: ReadonlyMap<string, SecretManagerSecret>;

  constructor(scope: Construct, id: string, props: ShopCloudStackProps) {
    super(scope, id);
    const profile = props.environment.profile;
    const gcp = profile.gcp;
    const names = props.environment.cloudNames();
    if (!gcp || !names) throw new ShipyardError(`environment "${profile.name}": gcp is required for the cloud stack`);
    const pool = profile.placement.nodeGroups[0];
    if (!pool) throw new ShipyardError(`environment "${profile.name}": placement.nodeGroups[0] is required to size the GKE node pool`);
    if (!pool.machineType) throw new ShipyardError(`environment "${profile.name}": placement.nodeGroups[0].machineType is required for the GKE node pool`);
    const nodeSaId = `${gcp.clusterName}-nodes`;
    if (!SA_ID.test(nodeSaId)) {
      throw new ShipyardError(`environment "${profile.name}": gcp.clusterName "${gcp.clusterName}" is too long for the node service account id "${nodeSaId}" (6-30 characters)`);
    }
    const composed = `${gcp.project}:${gcp.region}:${gcp.sqlInstance}`;
    if (names.instanceConnectionName !== composed) {
      Annotations.of(this).addWarning(
        `database.instanceConnectionName "${names.instanceConnectionName}" overrides the instance this stack creates ("${composed}"); the manifests will not use it`,
      );
    }
    const registry = ARTIFACT_REGISTRY.exec(profile.registry);
    if (!registry || registry[2] !== gcp.project) {
      throw new ShipyardError(
        `environment "${profile.name}": registry "${profile.registry}" must be an Artifact Registry repository of the environment's own project (LOCATION-docker.pkg.dev/${gcp.project}/REPOSITORY), which the stack creates`,
      );
    }
    this.names = names;
    const ranges: Required<NetworkRanges> = { ...DEFAULT_NETWORK_RANGES, ...props.network };
    const privateServicesRange = gcp.privateServicesRange;
    for (const [name, cidr] of Object.entries(ranges)) {
      if (rangesOverlapText(cidr, privateServicesRange)) {
        throw new ShipyardError(`environment "${profile.name}": network.${name} ${cidr} overlaps gcp.privateServicesRange ${privateServicesRange}`);
      }
    }
    const [privateServicesAddress, privateServicesPrefix] = splitCidr(privateServicesRange);
    // Applied by the provider to every resource that has labels. Underscores, not dashes: cdktf
    // snake-cases the keys of provider maps.
    const labels = { app: profile.project, environment: profile.name, managed_by: 'shipyard-k8s' };

    // Write-only arguments need Terraform 1.11; pin it so an older binary fails early instead of
    // silently ignoring `password_wo`.
    this.addOverride('terraform.required_version', '>= 1.11.0');
    new GcsBackend(this, { bucket: gcp.stateBucket, prefix: `${props.statePrefix ?? 'shipyard'}/${profile.name}` });
    new GoogleProvider(this, 'google', { project: names.project, region: names.region, defaultLabels: labels });

    // --- APIs ----------------------------------------------------------------------------------
    const apis = REQUIRED_APIS.map(
      (service) => new ProjectService(this, `api_${service.split('.')[0]}`, { project: names.project, service, disableOnDestroy: false }),
    );
    // --- network -------------------------------------------------------------------------------
    const vpc = new ComputeNetwork(this, 'vpc', {
      name: `${names.clusterName}-vpc`,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
      dependsOn: apis,
    });
    const subnet = new ComputeSubnetwork(this, 'subnet', {
      name: `${names.clusterName}-nodes`,
      region: names.region,
      network: vpc.id,
      ipCidrRange: ranges.nodes,
      privateIpGoogleAccess: true,
      secondaryIpRange: [
        { rangeName: SECONDARY_RANGE_NAMES.pods, ipCidrRange: ranges.pods },
        { rangeName: SECONDARY_RANGE_NAMES.services, ipCidrRange: ranges.services },
      ],
    });
    // Private nodes have no external address: Cloud NAT lets nodes (image pulls from outside Google) and
    // pods (the egress destinations their NetworkPolicies allow) out. Only those two ranges of the
    // cluster's subnet: another subnetwork added to the VPC later gets no internet path by accident.
    const router = new ComputeRouter(this, 'router', { name: `${names.clusterName}-router`, region: names.region, network: vpc.id });
    new ComputeRouterNat(this, 'nat', {
      name: `${names.clusterName}-nat`,
      region: names.region,
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'LIST_OF_SUBNETWORKS',
      subnetwork: [{
        name: subnet.id,
        sourceIpRangesToNat: ['PRIMARY_IP_RANGE', 'LIST_OF_SECONDARY_IP_RANGES'],
        secondaryIpRangeNames: [SECONDARY_RANGE_NAMES.pods],
      }],
      // Connections NAT drops (port exhaustion, endpoint-independent conflicts) show up in Cloud Logging.
      logConfig: { enable: true, filter: 'ERRORS_ONLY' },
    });

    // Private services access: Cloud SQL gets a private IP from this range over VPC peering.
    const psaRange = new ComputeGlobalAddress(this, 'private_services_range', {
      name: `${names.clusterName}-private-services`,
      purpose: 'VPC_PEERING',
      addressType: 'INTERNAL',
      address: privateServicesAddress,
      prefixLength: privateServicesPrefix,
      network: vpc.id,
    });
    const psa = new ServiceNetworkingConnection(this, 'private_services_connection', {
      network: vpc.id,
      service: 'servicenetworking.googleapis.com',
      reservedPeeringRanges: [psaRange.name],
    });

    // Private Google Access through private.googleapis.com: *.googleapis.com resolves to a /30 that
    // pods' egress NetworkPolicies can name, instead of every public Google address.
    const googleApis = new DnsManagedZone(this, 'googleapis_zone', {
      name: `${names.clusterName}-googleapis`,
      dnsName: 'googleapis.com.',
      visibility: 'private',
      description: 'Google APIs through private.googleapis.com',
      privateVisibilityConfig: { networks: [{ networkUrl: vpc.id }] },
    });
    new DnsRecordSet(this, 'googleapis_private_a', {
      managedZone: googleApis.name,
      name: 'private.googleapis.com.',
      type: 'A',
      ttl: 300,
      rrdatas: addressesOf(PRIVATE_GOOGLE_APIS),
    });
    new DnsRecordSet(this, 'googleapis_wildcard_cname', {
      managedZone: googleApis.name,
      name: '*.googleapis.com.',
      type: 'CNAME',
      ttl: 300,
      rrdatas: ['private.googleapis.com.'],
    });

    // --- images --------------------------------------------------------------------------------
    this.repository = new ArtifactRegistryRepository(this, 'images', {
      location: gcp.artifactRegistry?.location ?? registry[1],
      repositoryId: gcp.artifactRegistry?.repository ?? registry[3],
      format: 'DOCKER',
      description: `Images of ${profile.name}, pinned by digest from the image lock file`,
      dockerConfig: { immutableTags: true },
      dependsOn: apis,
    });

    // --- GKE -----------------------------------------------------------------------------------
    const authorized = gcp.authorizedNetworks;
    const policy = profile.cluster.networkPolicy;
    this.cluster = new ContainerCluster(this, 'cluster', {
      name: names.clusterName,
      location: names.region,
      network: vpc.id,
      subnetwork: subnet.id,
      networkingMode: 'VPC_NATIVE',
      removeDefaultNodePool: true,
      initialNodeCount: 1,
      deletionProtection: gcp.deletionProtection,
      releaseChannel: { channel: gcp.releaseChannel },
      workloadIdentityConfig: { workloadPool: names.workloadPool },
      // Never open to the internet: the profile's authorized networks, or a private endpoint.
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: authorized.length === 0 },
      masterAuthorizedNetworksConfig: {
        gcpPublicCidrsAccessEnabled: false,
        cidrBlocks: authorized.map((n) => ({ cidrBlock: n.cidr, displayName: n.name })),
      },
      // What the manifests' NetworkPolicies rely on (the synth contract check reads the same field).
      ...(policy?.provider === 'dataplane-v2' ? { datapathProvider: 'ADVANCED_DATAPATH' } : {}),
      ...(policy?.provider === 'calico' && policy.enforced
        ? { networkPolicy: { enabled: true, provider: 'CALICO' }, addonsConfig: { networkPolicyConfig: { disabled: false } } }
        : {}),
      enableShieldedNodes: true,
      ipAllocationPolicy: {
        clusterSecondaryRangeName: SECONDARY_RANGE_NAMES.pods,
        servicesSecondaryRangeName: SECONDARY_RANGE_NAMES.services,
      },
    });

    const nodeSa = new ServiceAccount(this, 'node_sa', {
      accountId: nodeSaId,
      displayName: `GKE nodes of ${names.clusterName}`,
    });
    for (const role of NODE_SA_ROLES) {
      new ProjectIamMember(this, `node_sa_${role.replace(/^roles\//, '').replace(/\W/g, '_')}`, {
        project: names.project,
        role,
        member: `serviceAccount:${nodeSa.email}`,
      });
    }
    new ArtifactRegistryRepositoryIamMember(this, 'node_sa_image_reader', {
      project: names.project,
      location: this.repository.location,
      repository: this.repository.name,
      role: 'roles/artifactregistry.reader',
      member: `serviceAccount:${nodeSa.email}`,
    });

    this.nodePool = new ContainerNodePool(this, 'app_pool', {
      name: pool.name,
      cluster: this.cluster.id,
      location: names.region,
      initialNodeCount: 1,
      // total_* counts are for the whole regional pool; min_/max_node_count would be per zone and
      // triple the profile's numbers in a three-zone region.
      autoscaling: {
        totalMinNodeCount: pool.minNodes,
        totalMaxNodeCount: pool.maxNodes,
        locationPolicy: 'BALANCED',
      },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: pool.machineType,
        serviceAccount: nodeSa.email,
        oauthScopes: ['https://www.googleapis.com/auth/cloud-platform'],
        workloadMetadataConfig: { mode: 'GKE_METADATA' },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      },
    });

    // --- Cloud SQL -----------------------------------------------------------------------------
    const production = gcp.highAvailability;
    // A clone or restore holds production's data: it gets production's backups (validation already
    // requires deletion protection for it).
    const holdsProductionData = production || gcp.cloneOf !== undefined || gcp.restoreFrom !== undefined;
    const restoreRun = gcp.restoreFrom
      ? new TerraformVariable(this, INFRA_VARIABLES.restoreBackupRunId, {
          type: 'number',
          nullable: false,
          description: `Backup run of ${gcp.restoreFrom.project}:${gcp.restoreFrom.instance} to create ${names.sqlInstance} from (gcloud sql backups list --instance=${gcp.restoreFrom.instance} --project=${gcp.restoreFrom.project}).`,
        })
      : undefined;
    this.sqlInstance = new SqlDatabaseInstance(this, 'sql', {
      name: names.sqlInstance,
      region: names.region,
      databaseVersion: 'MYSQL_8_0',
      deletionProtection: gcp.deletionProtection,
      ...(gcp.cloneOf ? { clone: { sourceInstanceName: gcp.cloneOf, allocatedIpRange: psaRange.name } } : {}),
      ...(gcp.restoreFrom && restoreRun
        ? { restoreBackupContext: { project: gcp.restoreFrom.project, instanceId: gcp.restoreFrom.instance, backupRunId: restoreRun.numberValue } }
        : {}),
      settings: {
        tier: gcp.sqlTier,
        edition: 'ENTERPRISE',
        availabilityType: production ? 'REGIONAL' : 'ZONAL',
        deletionProtectionEnabled: gcp.deletionProtection,
        diskType: 'PD_SSD',
        diskAutoresize: true,
        backupConfiguration: {
          enabled: true,
          // Binary logs are what point-in-time recovery replays; they follow highAvailability,
          // the profile's "this is production" switch.
          binaryLogEnabled: holdsProductionData,
          startTime: '02:00',
          ...(holdsProductionData ? { transactionLogRetentionDays: 7 } : {}),
          backupRetentionSettings: { retainedBackups: holdsProductionData ? 30 : 7, retentionUnit: 'COUNT' },
        },
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: vpc.id,
          allocatedIpRange: psaRange.name,
          sslMode: 'ENCRYPTED_ONLY',
        },
      },
      dependsOn: [psa, ...apis],
    });

    const dbName = profile.database.name;
    if (!gcp.cloneOf && !gcp.restoreFrom) {
      // A clone already holds the source's schemas; creating it again would fail with "already exists".
      new SqlDatabase(this, 'database', {
        name: dbName,
        instance: this.sqlInstance.name,
        charset: 'utf8mb4',
        collation: 'utf8mb4_0900_ai_ci',
      });
    }

    const dbUser = profile.database.user;
    const password = new TerraformVariable(this, INFRA_VARIABLES.appDbPassword, {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Password of the MySQL user "${dbUser}" on ${names.sqlInstance}; read it from Secret Manager at apply time. Never stored in plan or state.`,
    });
    // cdktf 0.21 has no `ephemeral` option yet; the raw override writes `ephemeral = true`.
    password.addOverride('ephemeral', true);
    const passwordVersion = new TerraformVariable(this, INFRA_VARIABLES.appDbPasswordVersion, {
      type: 'number',
      default: 1,
      description: `Increase to push a new ${INFRA_VARIABLES.appDbPassword} to Cloud SQL (write-only arguments are only sent when their version changes).`,
    });
    new SqlUser(this, 'app_db_user', {
      instance: this.sqlInstance.name,
      name: dbUser,
      host: '%',
      passwordWo: password.stringValue,
      passwordWoVersion: passwordVersion.numberValue,
    });
    // Cloud SQL creates root@% without a password unless told otherwise: manage it, write-only too.
    // Root cannot be dropped, so destroying the stack abandons the user instead of failing.
    const rootPassword = new TerraformVariable(this, INFRA_VARIABLES.rootDbPassword, {
      type: 'string',
      sensitive: true,
      nullable: false,
      description: `Password of root@% on ${names.sqlInstance}; read it from Secret Manager at apply time. Never stored in plan or state.`,
    });
    rootPassword.addOverride('ephemeral', true);
    const rootPasswordVersion = new TerraformVariable(this, INFRA_VARIABLES.rootDbPasswordVersion, {
      type: 'number',
      default: 1,
      description: `Increase to push a new ${INFRA_VARIABLES.rootDbPassword} to Cloud SQL.`,
    });
    new SqlUser(this, 'root_db_user', {
      instance: this.sqlInstance.name,
      name: 'root',
      host: '%',
      passwordWo: rootPassword.stringValue,
      passwordWoVersion: rootPasswordVersion.numberValue,
      deletionPolicy: 'ABANDON',
    });

    // --- identity ------------------------------------------------------------------------------
    this.serviceAccount = new ServiceAccount(this, 'app_gsa', {
      accountId: gcp.serviceAccountId,
      displayName: `${profile.project} application (${profile.name})`,
      dependsOn: apis,
    });
    // Least privilege: connect to this environment's instance only.
    new ProjectIamMember(this, 'app_gsa_cloudsql_client', {
      project: names.project,
      role: 'roles/cloudsql.client',
      member: `serviceAccount:${this.serviceAccount.email}`,
      condition: {
        title: `only ${names.sqlInstance}`,
        expression: `resource.name == "projects/${names.project}/instances/${names.sqlInstance}"`,
      },
    });
    new ServiceAccountIamMember(this, 'app_gsa_workload_identity', {
      serviceAccountId: this.serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: names.workloadIdentityMember,
      // The PROJECT.svc.id.goog pool exists once the first Workload Identity cluster does.
      dependsOn: [this.cluster],
    });

    // --- secrets -------------------------------------------------------------------------------
    this.secretsServiceAccount = new ServiceAccount(this, 'secrets_gsa', {
      accountId: names.secretsServiceAccountId,
      displayName: `External Secrets of ${profile.name}`,
      dependsOn: apis,
    });
    new ServiceAccountIamMember(this, 'secrets_gsa_workload_identity', {
      serviceAccountId: this.secretsServiceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: names.secretsWorkloadIdentityMember,
      dependsOn: [this.cluster],
    });
    const secrets = new Map<string, SecretManagerSecret>();
    for (const id of [...new Set(props.secretIds ?? [])].sort()) {
      const secret = new SecretManagerSecret(this, `secret_${id.replace(/\W/g, '_')}`, {
        secretId: id,
        replication: { auto: {} },
        dependsOn: apis,
      });
      // Each grant names one secret: the store can read what the manifests ask for and nothing else.
      new SecretManagerSecretIamMember(this, `secret_${id.replace(/\W/g, '_')}_accessor`, {
        secretId: secret.id,
        role: 'roles/secretmanager.secretAccessor',
        member: `serviceAccount:${this.secretsServiceAccount.email}`,
      });
      secrets.set(id, secret);
    }
    this.secrets = secrets;

    // --- outputs -------------------------------------------------------------------------------
    new TerraformOutput(this, INFRA_OUTPUTS.instanceConnectionName, {
      value: this.sqlInstance.connectionName,
      description: 'project:region:instance for the Cloud SQL Auth Proxy; must equal cloudNames(profile).instanceConnectionName',
    });
    new TerraformOutput(this, INFRA_OUTPUTS.gsaEmail, {
      value: this.serviceAccount.email,
      description: 'Google service account of the workloads; must equal cloudNames(profile).serviceAccountEmail',
    });
    new TerraformOutput(this, INFRA_OUTPUTS.clusterName, {
      value: this.cluster.name,
      description: 'GKE cluster name; must equal cloudNames(profile).clusterName',
    });
  }
}

/** The addresses of a small IPv4 CIDR (a /30: four A records). */
function addressesOf(cidr: string): string[] {
  const range = parseAddressRange(cidr);
  const out: string[] = [];
  for (let a = range.first; a <= range.last; a++) out.push([24n, 16n, 8n, 0n].map((shift) => String((a >> shift) & 255n)).join('.'));
  return out;
}

function rangesOverlapText(a: string, b: string): boolean {
  const [x, y] = [parseAddressRange(a), parseAddressRange(b)];
  return x.family === y.family && x.first <= y.last && y.first <= x.last;
}

function splitCidr(cidr: string): [string, number] {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new ShipyardError(`"${cidr}" is not an IPv4 CIDR like 10.30.0.0/16`);
  return [match[1], Number(match[2])];
}
