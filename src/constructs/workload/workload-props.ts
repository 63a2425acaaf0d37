import { IConstruct } from 'constructs';
import { NodeRole } from '../../profiles/environment-profile';
import { DatabaseConnection } from '../../profiles/environment';
import type { AppConfig } from '../app-config/app-config';
import type { SecretReference } from '../secret-reference/secret-reference';
import type { SharedVolume } from '../shared-volume/shared-volume';
import { ContainerImage, Probe, ResourceRequests } from './container-options';

/** Something pods can connect to through a Service: the edges of the platform's dependency graph. */
export interface IServiceEndpoint extends IWorkloadPods {
  /** DNS name of the Service inside the namespace. */
  readonly serviceName: string;
  /** The port clients connect to. */
  readonly servicePort: number;
  /**
   * HTTP path that answers 200 when the endpoint can take traffic (for proxies' health checks).
   * @default - none: proxies check the TCP port
   */
  readonly healthPath?: string;
  /** The ports the pods behind the Service listen on (what a client's egress NetworkPolicy allows). */
  readonly targetPorts: readonly number[];
  /** Lets the pods of `client` connect (adds an ingress rule to this endpoint's NetworkPolicy). */
  allowFrom(client: IWorkloadPods): void;
}

/** The pods of a workload, as a NetworkPolicy peer. */
export interface IWorkloadPods extends IConstruct {
  /** Workload name. */
  readonly workloadName: string;
  /** Labels that select exactly this workload's pods. */
  readonly podSelector: Readonly<Record<string, string>>;
}

/** A MySQL database a workload connects to, in-cluster or through the Cloud SQL proxy. */
export interface IDatabase extends IConstruct {
  /** Where and how to connect. */
  readonly connection: DatabaseConnection;
  /** The Secret with `username` and `password` for the application user. */
  readonly credentials: SecretReference;
  /**
   * The in-cluster Service, when the database runs in the cluster.
   * @default - none (Cloud SQL: reached through the proxy sidecar)
   */
  readonly endpoint?: IServiceEndpoint;
}

/** A ConfigMap mounted as files. */
export interface ConfigMount {
  /** The config. */
  readonly config: AppConfig;
  /** Directory the keys appear in, one file per key. */
  readonly path: string;
}

/** A persistent volume mounted into the main container. */
export interface VolumeMount {
  /** The claim. */
  readonly volume: SharedVolume;
  /** Mount path. */
  readonly path: string;
  /**
   * Mount read-only.
   * @default false
   */
  readonly readOnly?: boolean;
}

/** A Secret mounted as files (TLS certificates, keys), read-only. */
export interface SecretMount {
  /** The Secret. */
  readonly secret: SecretReference;
  /** Directory the keys appear in, one file per key. */
  readonly path: string;
}

/** An environment variable taken from a Secret key. */
export interface SecretEnv {
  /** The Secret. */
  readonly secret: SecretReference;
  /** Key in the Secret. */
  readonly key: string;
}

/** What every workload (web service, worker, cache, edge proxy) can say about its pods. */
export interface WorkloadProps {
  /**
   * Name of the workload and of its Deployment, Service, HPA, PDB and NetworkPolicy.
   * @default - the construct id
   */
  readonly name?: string;
  /** Image; the registry comes from the environment profile. */
  readonly image: ContainerImage;
  /**
   * Entrypoint override.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's arguments
   */
  readonly args?: string[];
  /**
   * Plain environment variables.
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * ConfigMaps whose keys all become environment variables.
   * @default - none
   */
  readonly envFrom?: AppConfig[];
  /**
   * Environment variables read from Secret keys.
   * @default - none
   */
  readonly secretEnv?: Record<string, SecretEnv>;
  /**
   * ConfigMaps mounted as files.
   * @default - none
   */
  readonly configMounts?: ConfigMount[];
  /**
   * Secrets mounted as files (read-only).
   * @default - none
   */
  readonly secretMounts?: SecretMount[];
  /**
   * Persistent volumes mounted into the main container.
   * @default - none
   */
  readonly volumes?: VolumeMount[];
  /**
   * Directories the software writes to. The root filesystem is read-only; each of these gets an
   * `emptyDir`.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * CPU and memory.
   * @default { cpu: '100m', memory: '128Mi', memoryLimit: '256Mi' }
   */
  readonly resources?: ResourceRequests;
  /**
   * Readiness probe.
   * @default - HTTP GET `healthPath` when set, else a TCP check of the port (serving workloads only)
   */
  readonly readiness?: Probe;
  /**
   * Liveness probe.
   * @default - a TCP check of the port every 20s (serving workloads only)
   */
  readonly liveness?: Probe;
  /**
   * Startup probe, for software that starts slowly.
   * @default - none
   */
  readonly startup?: Probe;
  /**
   * Node role the pods run on, where the environment has that role.
   * @default 'app'
   */
  readonly role?: NodeRole;
  /**
   * UID (and GID) the containers run as. Must not be 0.
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * The database the workload uses: adds `DB_HOST`, `DB_PORT`, `DB_NAME`, `DB_USER` and
   * `DB_PASSWORD`, and the Cloud SQL proxy sidecar where the environment uses Cloud SQL.
   * @default - no database
   */
  readonly database?: IDatabase;
  /**
   * Services this workload connects to; each lets this workload's pods in through its NetworkPolicy.
   * @default - none
   */
  readonly talksTo?: IServiceEndpoint[];
  /**
   * Destinations outside the cluster this workload connects to, by their name in the profile's
   * `network.egress` (e.g. `payments`). Its egress NetworkPolicy allows exactly these, the Services
   * it talks to, its database path and DNS; an environment that does not declare a name fails.
   * @default - none
   */
  readonly egressTo?: string[];
  /**
   * Scale with load: an HPA in environments that autoscale, the profile's minimum replicas elsewhere.
   * @default false (true for WebService)
   */
  readonly scalable?: boolean;
  /**
   * A fixed replica count in every environment (singletons, workloads with a ReadWriteOnce volume).
   * @default - from the environment profile
   */
  readonly replicas?: number;
  /**
   * `app.kubernetes.io/component` label.
   * @default 'app'
   */
  readonly component?: string;
  /**
   * Seconds a pod gets to stop: the `drainSeconds` pause, then the program's own shutdown after its
   * stop signal.
   * @default 30
   */
  readonly terminationGracePeriodSeconds?: number;
  /**
   * Seconds a serving pod keeps taking connections after it is told to stop (a `preStop` `sleep` in the
   * main container, so the image needs a `sleep` program), while kube-proxy and load balancers stop
   * sending it new ones; only then does the program get its stop signal. Without it, the requests that
   * reach a pod in that window fail on every rollout and node drain. `0` turns it off. Must be less
   * than `terminationGracePeriodSeconds`.
   * @default 5 for serving workloads, 0 for workers
   */
  readonly drainSeconds?: number;
}
