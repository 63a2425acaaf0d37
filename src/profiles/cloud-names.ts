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
}

/** Name of the Kubernetes service account a project's application workloads run as: `<project>-app`. */
export function appServiceAccountName(project: string): string {
  return `${project}-app`;
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
  };
}
