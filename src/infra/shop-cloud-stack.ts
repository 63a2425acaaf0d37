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
import { ShipyardError } from '../errors';
import { CloudNames } from '../profiles/cloud-names';
import type { Environment } from '../profiles/environment';
import { DEFAULT_NETWORK_RANGES, NetworkRanges } from './network-ranges';

export { DEFAULT_NETWORK_RANGES, NetworkRanges } from './network-ranges';

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
}

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
} as const;

/** Ids of the stack outputs; `checkTerraformOutputs` reads them back from `terraform output -json`. */
export const INFRA_OUTPUTS = {
  instanceConnectionName: 'instance_connection_name',
  gsaEmail: 'gsa_email',
  clusterName: 'cluster_name',
} as const;

/** Roles of the dedicated node service account (instead of the Compute Engine default account, which is Editor). */
const NODE_SA_ROLES = ['roles/container.defaultNodeServiceAccount', 'roles/artifactregistry.reader'] as const;

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
    this.names = names;
    const ranges: Required<NetworkRanges> = { ...DEFAULT_NETWORK_RANGES, ...props.network };
    const [privateServicesAddress, privateServicesPrefix] = splitCidr(ranges.privateServices);
    // Applied by the provider to every resource that has labels. Underscores, not dashes: cdktf
    // snake-cases the keys of provider maps.
    const labels = { app: profile.project, environment: profile.name, managed_by: 'shipyard-k8s' };

    // Write-only arguments need Terraform 1.11; pin it so an older binary fails early instead of
    // silently ignoring `password_wo`.
    this.addOverride('terraform.required_version', '>= 1.11.0');
    new GcsBackend(this, { bucket: gcp.stateBucket, prefix: `${props.statePrefix ?? 'shipyard'}/${profile.name}` });
    new GoogleProvider(this, 'google', { project: names.project, region: names.region, defaultLabels: labels });

    // --- network -------------------------------------------------------------------------------
    const vpc = new ComputeNetwork(this, 'vpc', {
      name: `${names.clusterName}-vpc`,
      autoCreateSubnetworks: false,
      routingMode: 'REGIONAL',
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
    // Private nodes have no external address: Cloud NAT lets them pull images from outside Google.
    const router = new ComputeRouter(this, 'router', { name: `${names.clusterName}-router`, region: names.region, network: vpc.id });
    new ComputeRouterNat(this, 'nat', {
      name: `${names.clusterName}-nat`,
      region: names.region,
      router: router.name,
      natIpAllocateOption: 'AUTO_ONLY',
      sourceSubnetworkIpRangesToNat: 'ALL_SUBNETWORKS_ALL_IP_RANGES',
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

    // --- GKE -----------------------------------------------------------------------------------
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
      workloadIdentityConfig: { workloadPool: `${names.project}.svc.id.goog` },
      privateClusterConfig: { enablePrivateNodes: true, enablePrivateEndpoint: false },
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
    this.sqlInstance = new SqlDatabaseInstance(this, 'sql', {
      name: names.sqlInstance,
      region: names.region,
      databaseVersion: 'MYSQL_8_0',
      deletionProtection: gcp.deletionProtection,
      ...(gcp.cloneOf ? { clone: { sourceInstanceName: gcp.cloneOf, allocatedIpRange: psaRange.name } } : {}),
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
          binaryLogEnabled: production,
          startTime: '02:00',
          ...(production ? { transactionLogRetentionDays: 7 } : {}),
          backupRetentionSettings: { retainedBackups: production ? 30 : 7, retentionUnit: 'COUNT' },
        },
        ipConfiguration: {
          ipv4Enabled: false,
          privateNetwork: vpc.id,
          allocatedIpRange: psaRange.name,
          sslMode: 'ENCRYPTED_ONLY',
        },
      },
      dependsOn: [psa],
    });

    const dbName = profile.database.name;
    if (!gcp.cloneOf) {
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

    // --- identity ------------------------------------------------------------------------------
    this.serviceAccount = new ServiceAccount(this, 'app_gsa', {
      accountId: gcp.serviceAccountId,
      displayName: `${profile.project} application (${profile.name})`,
    });
    new ProjectIamMember(this, 'app_gsa_cloudsql_client', {
      project: names.project,
      role: 'roles/cloudsql.client',
      member: `serviceAccount:${this.serviceAccount.email}`,
    });
    new ServiceAccountIamMember(this, 'app_gsa_workload_identity', {
      serviceAccountId: this.serviceAccount.name,
      role: 'roles/iam.workloadIdentityUser',
      member: names.workloadIdentityMember,
      // The PROJECT.svc.id.goog pool exists once the first Workload Identity cluster does.
      dependsOn: [this.cluster],
    });

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

function splitCidr(cidr: string): [string, number] {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(cidr);
  if (!match) throw new ShipyardError(`"${cidr}" is not an IPv4 CIDR like 10.30.0.0/16`);
  return [match[1], Number(match[2])];
}
