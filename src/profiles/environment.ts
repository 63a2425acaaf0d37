import { IConstruct } from 'constructs';
import { ShipyardError } from '../errors';
import { CloudNames, cloudNames } from './cloud-names';
import { EnvironmentProfile, NodeRole, PlatformKind, StorageClassProfile } from './environment-profile';
import { validateProfile } from './validate-profile';

/** How many replicas a workload runs: a fixed count or an autoscaling range. */
export interface ReplicaPlan {
  /** Fixed replica count, when not autoscaled. */
  readonly replicas?: number;
  /** Autoscaling range, when autoscaled. */
  readonly autoscaling?: { readonly minReplicas: number; readonly maxReplicas: number; readonly targetCpuUtilization: number };
}

/** What a public Service looks like in this environment. */
export interface PublicExposure {
  /** Service type. */
  readonly serviceType: 'LoadBalancer' | 'NodePort';
  /** External traffic policy. */
  readonly externalTrafficPolicy: 'Local' | 'Cluster';
  /** Annotations for the Service (cloud options, MetalLB pool and addresses). */
  readonly annotations: Record<string, string>;
}

/** How the application reaches MySQL in this environment. */
export interface DatabaseConnection {
  /** In-cluster StatefulSet or Cloud SQL through the proxy. */
  readonly mode: 'in-cluster' | 'cloud-sql';
  /** Host the app connects to. */
  readonly host: string;
  /** Port the app connects to. */
  readonly port: number;
  /** Schema name. */
  readonly name: string;
  /** MySQL user of the application. */
  readonly user: string;
  /**
   * Cloud SQL instance connection name.
   * @default - none for in-cluster databases
   */
  readonly instanceConnectionName?: string;
  /** Size of the in-cluster data volume. */
  readonly storageSize: string;
}

const ENVIRONMENT = Symbol.for('shipyard-k8s.Environment');

/**
 * A validated environment profile and the answers constructs ask it for. Constructs call
 * `Environment.of(this)` and ask for a capability; they never compare environment names.
 *
 * @example
 * const env = new Environment({ ...BUILTIN_PROFILES.baremetal, name: 'site-b', registry: 'mirror.site-b.local/shop' });
 * env.storageClass('fast'); // 'shop-fast'
 */
export class Environment {
  /** The Environment of the chart a construct lives in. Throws when the construct is outside one. */
  public static of(scope: IConstruct): Environment {
    for (const s of [...scope.node.scopes].reverse()) {
      const env = (s as unknown as Record<symbol, Environment | undefined>)[ENVIRONMENT];
      if (env) return env;
    }
    throw new ShipyardError(`${scope.node.path}: not inside an EnvironmentChart, so no environment profile applies`);
  }

  /** Makes `Environment.of` find `env` for every construct under `scope`. */
  public static attach(scope: IConstruct, env: Environment): void {
    Object.defineProperty(scope, ENVIRONMENT, { value: env, enumerable: false });
  }

  /** The profile, as given (validated). */
  public readonly profile: EnvironmentProfile;

  /** Validates the profile; throws a `ProfileValidationError` naming the environment and field. */
  constructor(profile: EnvironmentProfile) {
    validateProfile(profile);
    this.profile = profile;
  }

  /** Environment name. */
  public get name(): string {
    return this.profile.name;
  }

  /** Kind of cluster. */
  public get platform(): PlatformKind {
    return this.profile.platform;
  }

  /** Namespace of the platform's objects. */
  public get namespace(): string {
    return this.profile.namespace ?? 'shop';
  }

  /** Full image reference for a repository in the environment's registry; a service's tag override wins. */
  public image(repository: string, tag: string, service?: string): string {
    const override = service ? this.profile.services?.[service]?.tag : undefined;
    return `${this.profile.registry}/${repository}:${override ?? tag}`;
  }

  /**
   * Replicas of a workload. Scalable workloads autoscale where the profile enables it and the range
   * is wider than one; a per-service override pins a fixed count; `fixed` (a singleton such as a
   * database) always wins.
   */
  public replicas(service: string, opts: { scalable: boolean; fixed?: number }): ReplicaPlan {
    if (opts.fixed !== undefined) return { replicas: opts.fixed };
    const override = this.profile.services?.[service]?.replicas;
    if (override !== undefined) return { replicas: override };
    const scaling = this.profile.autoscaling;
    // A range of one (min = max) is a fixed count: an HPA would have nothing to do.
    if (opts.scalable && scaling.enabled && scaling.maxReplicas > scaling.minReplicas) {
      return {
        autoscaling: {
          minReplicas: scaling.minReplicas,
          maxReplicas: scaling.maxReplicas,
          targetCpuUtilization: scaling.targetCpuUtilization ?? 70,
        },
      };
    }
    return { replicas: scaling.minReplicas };
  }

  /** The storage class of a tier. */
  public storageClass(tier: 'fast' | 'bulk'): string {
    return this.profile.storage[tier].name;
  }

  /** Both storage classes, to emit as StorageClass objects. */
  public storageClasses(): StorageClassProfile[] {
    return [this.profile.storage.fast, this.profile.storage.bulk];
  }

  /** How a public service is exposed; on MetalLB sites it is pinned to the pool and floating IPs. */
  public publicExposure(): PublicExposure {
    const exposure = this.profile.exposure;
    const annotations: Record<string, string> = { ...(exposure.annotations ?? {}) };
    const lb = this.profile.loadBalancer;
    if (lb && exposure.serviceType === 'LoadBalancer') {
      annotations['metallb.universe.tf/address-pool'] = lb.pool ?? lb.pools[0].name;
      if (lb.addresses?.length) annotations['metallb.universe.tf/loadBalancerIPs'] = lb.addresses.join(',');
    }
    return { serviceType: exposure.serviceType, externalTrafficPolicy: exposure.externalTrafficPolicy ?? 'Local', annotations };
  }

  /** How the app reaches MySQL. */
  public database(): DatabaseConnection {
    const db = this.profile.database;
    const cloud = db.mode === 'cloud-sql' ? this.cloudNames() : undefined;
    return {
      mode: db.mode,
      host: db.host ?? (db.mode === 'cloud-sql' ? '127.0.0.1' : 'mysql'),
      port: db.port ?? 3306,
      name: db.name ?? 'shop',
      user: db.user ?? 'shop',
      instanceConnectionName: cloud?.instanceConnectionName,
      storageSize: db.storageSize ?? '20Gi',
    };
  }

  /** Node labels of a role, or `undefined` when the environment does not have that role. */
  public nodeLabels(role: NodeRole): Record<string, string> | undefined {
    return this.profile.placement?.roles?.[role];
  }

  /** Topology key replicas are spread over. */
  public get spreadTopologyKey(): string {
    return this.profile.placement?.spreadTopologyKey ?? 'kubernetes.io/hostname';
  }

  /** Names shared with the cdktf stack, on Google Cloud. */
  public cloudNames(): CloudNames | undefined {
    return cloudNames(this.profile);
  }
}
