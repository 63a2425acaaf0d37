import { NodeRole } from '../../profiles/environment-profile';
import type { AppConfig } from '../app-config/app-config';
import { ContainerImage, ResourceRequests } from '../workload/container-options';
import { IDatabase, SecretEnv } from '../workload/workload-props';

/** Properties of a {@link MigrationJob}. */
export interface MigrationJobProps {
  /** The image that runs the migration: a release of the application image (its tag names the Job). */
  readonly image: ContainerImage;
  /** The database to migrate: `DB_*` environment, Cloud SQL proxy sidecar where the environment uses it, NetworkPolicy access to in-cluster MySQL. */
  readonly database: IDatabase;
  /**
   * Entrypoint of the migration.
   * @default - the image's entrypoint
   */
  readonly command?: string[];
  /**
   * Arguments.
   * @default - the image's command
   */
  readonly args?: string[];
  /**
   * The service whose `services.<name>.tag` override of the environment profile the image follows, so
   * that an environment running a service at another version migrates with that version.
   * @default - the migration's own name
   */
  readonly versionOf?: string;
  /**
   * Name of the migration (the Job is `<name>-<version>`).
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Plain environment variables.
   * @default - none
   */
  readonly env?: Record<string, string>;
  /**
   * ConfigMaps whose keys become environment variables.
   * @default - none
   */
  readonly envFrom?: AppConfig[];
  /**
   * Environment variables from Secret keys.
   * @default - none
   */
  readonly secretEnv?: Record<string, SecretEnv>;
  /**
   * Requests and limits.
   * @default - 100m CPU, 128Mi memory, 256Mi memory limit
   */
  readonly resources?: ResourceRequests;
  /**
   * Retries after a failed attempt. Retrying a half-applied schema change rarely helps; keep it low.
   * @default 2
   */
  readonly backoffLimit?: number;
  /**
   * Seconds the whole Job (every attempt) may take before Kubernetes fails it; the release waits this
   * long (and a little more) for it before rolling out the workloads.
   * @default 600
   */
  readonly activeDeadlineSeconds?: number;
  /**
   * User id the container runs as (never 0).
   * @default 10001
   */
  readonly runAsUser?: number;
  /**
   * Directories that must be writable (each an `emptyDir`); the root filesystem is read-only.
   * @default ['/tmp']
   */
  readonly writablePaths?: string[];
  /**
   * Node role the pod runs on (node affinity where the environment maps roles to labels).
   * @default 'app'
   */
  readonly role?: NodeRole;
}
