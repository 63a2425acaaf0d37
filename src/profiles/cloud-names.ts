import type { ResolvedProfile } from './resolved-profile';

/**
 * The names both apps share: the cdktf stack creates them, the manifests refer to them. Computed in
 * one place so that the Cloud SQL proxy, the Workload Identity annotation and the IAM binding agree
 * before anything is applied.
 */
export interface CloudNames {
  /** Google Cloud project id. */
  readonly project: string;
  /** Region of the cluster and the database. */
  readonly region: string;
  /** GKE cluster name. */
  readonly clusterName: string;
  /** Cloud SQL instance name. */
  readonly sqlInstance: string;
  /** `project:region:instance`, what the Cloud SQL Auth Proxy connects to. */
  readonly instanceConnectionName: string;
  /** Email of the Google service account the workloads act as. */
  readonly serviceAccountEmail: string;
  /** Kubernetes namespace of the workloads. */
  readonly namespace: string;
  /** Kubernetes service account bound to the Google one through Workload Identity. */
  readonly kubernetesServiceAccount: string;
  /** IAM member of the Kubernetes service account: `serviceAccount:PROJECT.svc.id.goog[NS/KSA]`. */
  readonly workloadIdentityMember: string;
  /** The Workload Identity pool of the environment's project, `PROJECT.svc.id.goog`. */
  readonly workloadPool: string;
  /** Account id of the Google service account the External Secrets Operator reads this environment's secrets as. */
  readonly secretsServiceAccountId: string;
  /** Its email. */
  readonly secretsServiceAccountEmail: string;
  /** Kubernetes service account (in `namespace`) the environment's SecretStore authenticates with. */
  readonly secretsKubernetesServiceAccount: string;
  /** IAM member of that Kubernetes service account. */
  readonly secretsWorkloadIdentityMember: string;
}

/** Name of the Kubernetes service account a project's application workloads run as: `<project>-app`. */
export function appServiceAccountName(project: string): string {
  return `${project}-app`;
}

/** Name of the Kubernetes service account a project's SecretStore authenticates as: `<project>-secrets`. */
export function secretsServiceAccountName(project: string): string {
  return `${project}-secrets`;
}

/** Where one Secret key lives in the external store: `remoteRef` of an ExternalSecret `data` entry. */
export interface RemoteSecretRef {
  /** The store's key: a Secret Manager secret id, or a Vault KV path. */
  readonly key: string;
  /**
   * The field of a structured entry (Vault: the key inside the KV entry).
   * @default - the whole entry (Secret Manager: one secret per key)
   */
  readonly property?: string;
}

/** Secret Manager secret ids: letters, digits, `-` and `_`, at most 255 characters. */
export const SECRET_MANAGER_ID = /^[A-Za-z0-9_-]{1,255}$/;
/** Vault KV paths: segments of letters, digits, `.`, `_`, `-`, separated by `/`; no `.`/`..` segments. */
const VAULT_PATH = /^(?!\.{1,2}(\/|$))[A-Za-z0-9_.-]+(\/(?!\.{1,2}(\/|$))[A-Za-z0-9_.-]+)*$/;

/**
 * Where a Secret's key is kept in the environment's store, and why it would not be a valid name there.
 * `prefix` is the platform's prefix (default `<project>-<secret>` for Secret Manager,
 * `<project>/<secret>` for Vault).
 * - Secret Manager: one secret per key, `<prefix>-<key>`, every character of the key Secret Manager
 *   refuses (e.g. the `.` of `shop.pem`) replaced by `_`; the prefix is taken as given.
 * - Vault: one KV entry per Secret at `<prefix>`, the key as its property.
 */
export function remoteSecretRef(backend: 'gcp-secret-manager' | 'vault', prefix: string, key: string): RemoteSecretRef {
  if (backend === 'vault') return { key: prefix, property: key };
  return { key: `${prefix}-${key.replace(/[^A-Za-z0-9_-]/g, '_')}` };
}

/** Why `ref` is not a valid name in `backend`, or `undefined` when it is. */
export function remoteSecretRefProblem(backend: 'gcp-secret-manager' | 'vault', ref: RemoteSecretRef): string | undefined {
  if (backend === 'gcp-secret-manager') {
    return SECRET_MANAGER_ID.test(ref.key) ? undefined : `"${ref.key}" is not a Secret Manager secret id (letters, digits, - and _; at most 255)`;
  }
  if (!VAULT_PATH.test(ref.key)) return `"${ref.key}" is not a Vault KV path (segments of letters, digits, ., _ and -)`;
  if (!ref.property) return `Vault entry "${ref.key}" needs a property, or the whole JSON document arrives as the value`;
  return undefined;
}

/**
 * The shared names of a Google Cloud environment, or `undefined` off Google Cloud.
 * `database.instanceConnectionName` in the profile (or `--set`) wins over the computed one, so a staging
 * cluster can be pointed at a freshly cloned instance.
 */
export function cloudNames(profile: ResolvedProfile): CloudNames | undefined {
  const gcp = profile.gcp;
  const instanceConnectionName = profile.database.instanceConnectionName;
  if (!gcp || !instanceConnectionName) return undefined;
  const namespace = profile.namespace;
  const serviceAccount = appServiceAccountName(profile.project);
  const secretsServiceAccount = secretsServiceAccountName(profile.project);
  return {
    project: gcp.project,
    region: gcp.region,
    clusterName: gcp.clusterName,
    sqlInstance: gcp.sqlInstance,
    instanceConnectionName,
    serviceAccountEmail: `${gcp.serviceAccountId}@${gcp.project}.iam.gserviceaccount.com`,
    namespace,
    kubernetesServiceAccount: serviceAccount,
    workloadIdentityMember: `serviceAccount:${gcp.project}.svc.id.goog[${namespace}/${serviceAccount}]`,
    workloadPool: `${gcp.project}.svc.id.goog`,
    secretsServiceAccountId: `${gcp.clusterName}-secrets`,
    secretsServiceAccountEmail: `${gcp.clusterName}-secrets@${gcp.project}.iam.gserviceaccount.com`,
    secretsKubernetesServiceAccount: secretsServiceAccount,
    secretsWorkloadIdentityMember: `serviceAccount:${gcp.project}.svc.id.goog[${namespace}/${secretsServiceAccount}]`,
  };
}
