/**
 * The custom-resource APIs the manifests may use and the operator release that first serves each,
 * so synth can tell a cluster whose operator is too old to accept an object.
 *
 * Sources: External Secrets serves `external-secrets.io/v1` from 0.16.2 (0.17.0 dropped v1beta1);
 * MetalLB configures through `metallb.io/v1beta1` CRDs (IPAddressPool, L2Advertisement) from 0.13.0;
 * Flux 2.0.0 promoted GitRepository and Kustomization to `v1`, and 2.6.0 OCIRepository (v1beta2 before);
 * Argo CD ApplicationSets take `goTemplateOptions` from 2.8.0 (argoproj/argo-cd#13733).
 */

/** Operators a profile can declare (`cluster.operators`). */
export type OperatorName = 'externalSecrets' | 'metallb' | 'flux' | 'argoCd';

/** One custom-resource API and what serves it. */
export interface OperatorApi {
  /** `group/version`. */
  readonly apiVersion: string;
  /** Only this kind of the API version (a kind promoted later than the rest of its group). */
  readonly kind?: string;
  /** The operator that serves it. */
  readonly operator: OperatorName;
  /** First release serving it. */
  readonly since: string;
}

/** Human names of the operators, for messages. */
export const OPERATOR_TITLES: Readonly<Record<OperatorName, string>> = {
  externalSecrets: 'the External Secrets Operator',
  metallb: 'MetalLB',
  flux: 'Flux',
  argoCd: 'Argo CD',
};

/** API group → operator, for objects of a group whose version is not in {@link OPERATOR_APIS}. */
export const OPERATOR_GROUPS: Readonly<Record<string, OperatorName>> = {
  'external-secrets.io': 'externalSecrets',
  'metallb.io': 'metallb',
  'source.toolkit.fluxcd.io': 'flux',
  'kustomize.toolkit.fluxcd.io': 'flux',
  'argoproj.io': 'argoCd',
};

/** Every custom-resource API version the contract check knows, with the first operator release serving it. */
export const OPERATOR_APIS: readonly OperatorApi[] = [
  { apiVersion: 'external-secrets.io/v1', operator: 'externalSecrets', since: '0.16.2' },
  { apiVersion: 'metallb.io/v1beta1', operator: 'metallb', since: '0.13.0' },
  { apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'OCIRepository', operator: 'flux', since: '2.6.0' },
  { apiVersion: 'source.toolkit.fluxcd.io/v1', operator: 'flux', since: '2.0.0' },
  { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', operator: 'flux', since: '2.0.0' },
  { apiVersion: 'argoproj.io/v1alpha1', kind: 'ApplicationSet', operator: 'argoCd', since: '2.8.0' },
  { apiVersion: 'argoproj.io/v1alpha1', operator: 'argoCd', since: '1.0.0' },
];

/** The API entry of an object: its kind's own entry first, then its API version's. */
export function operatorApiOf(apiVersion: string, kind: string): OperatorApi | undefined {
  return OPERATOR_APIS.find((a) => a.apiVersion === apiVersion && a.kind === kind) ?? OPERATOR_APIS.find((a) => a.apiVersion === apiVersion && !a.kind);
}

/** Compares two `x.y.z` versions (an optional leading `v` is ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
