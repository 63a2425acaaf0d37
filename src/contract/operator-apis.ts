/**
 * The custom-resource APIs the manifests may use and the operator release that first serves each,
 * so synth can tell a cluster whose operator is too old to accept an object.
 *
 * Sources: External Secrets serves `external-secrets.io/v1` from 0.16.2 (0.17.0 dropped v1beta1);
 * MetalLB configures through `metallb.io/v1beta1` CRDs (IPAddressPool, L2Advertisement) from 0.13.0.
 */

/** Operators a profile can declare (`cluster.operators`). */
export type OperatorName = 'externalSecrets' | 'metallb';

/** One custom-resource API and what serves it. */
export interface OperatorApi {
  /** `group/version`. */
  readonly apiVersion: string;
  /** The operator that serves it. */
  readonly operator: OperatorName;
  /** First release serving it. */
  readonly since: string;
}

/** Human names of the operators, for messages. */
export const OPERATOR_TITLES: Readonly<Record<OperatorName, string>> = {
  externalSecrets: 'the External Secrets Operator',
  metallb: 'MetalLB',
};

/** API group → operator, for objects of a group whose version is not in {@link OPERATOR_APIS}. */
export const OPERATOR_GROUPS: Readonly<Record<string, OperatorName>> = {
  'external-secrets.io': 'externalSecrets',
  'metallb.io': 'metallb',
};

/** Every custom-resource API version the contract check knows, with the first operator release serving it. */
export const OPERATOR_APIS: readonly OperatorApi[] = [
  { apiVersion: 'external-secrets.io/v1', operator: 'externalSecrets', since: '0.16.2' },
  { apiVersion: 'metallb.io/v1beta1', operator: 'metallb', since: '0.13.0' },
];

/** Compares two `x.y.z` versions (an optional leading `v` is ignored). */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const [x, y] = [parts(a), parts(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return 0;
}
