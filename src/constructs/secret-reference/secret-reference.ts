import { ApiObject } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { ShipyardError } from '../../errors';
import { remoteSecretRef, remoteSecretRefProblem, RemoteSecretRef } from '../../profiles/cloud-names';
import { Environment } from '../../profiles/environment';
import { standardLabels } from '../common/labels';
import { SecretReferenceProps } from './secret-reference-props';

/**
 * A Secret the platform's workloads read, without its values in the manifests.
 *
 * Where the profile's `secrets.mode` is `external-secrets` (staging, production, bare metal) this emits
 * an `external-secrets.io/v1` ExternalSecret: the External Secrets Operator creates the Secret from
 * the profile's store (Google Secret Manager, or the site's Vault when offline). On a laptop
 * (`inline-dev`) it emits a Secret with throw-away development values.
 *
 * @example
 * const db = new SecretReference(chart, 'database', { keys: ['username', 'password'] });
 * db.secretName; // 'database'
 */
export class SecretReference extends Construct {
  /** Name of the Secret. */
  public readonly secretName: string;
  /** Keys the Secret holds. */
  public readonly keys: readonly string[];
  /**
   * The object that carries the values: a `Secret` with development values (`inline-dev`), or the
   * `ExternalSecret` the operator turns into that Secret.
   */
  public readonly resource: ApiObject;
  /** Where each key is read from in the external store (empty with inline development secrets). */
  public readonly remoteRefs: ReadonlyMap<string, RemoteSecretRef>;

  constructor(scope: Construct, id: string, props: SecretReferenceProps) {
    super(scope, id);
    const env = Environment.of(this);
    this.secretName = props.name ?? id;
    this.keys = [...props.keys];
    const partOf = env.project;
    const metadata = {
      name: this.secretName,
      namespace: env.namespace,
      labels: standardLabels({ name: this.secretName, partOf, component: 'secret' }),
    };
    const secrets = env.profile.secrets;
    const refs = new Map<string, RemoteSecretRef>();
    const problems: string[] = [];
    if (secrets.mode === 'inline-dev') {
      const secret = new kplus.Secret(this, 'Resource', { metadata, type: 'Opaque' });
      for (const key of this.keys) secret.addStringData(key, `dev-only-${this.secretName}-${key}`);
      this.resource = ApiObject.of(secret);
    } else {
      const backend = secrets.backend ?? 'gcp-secret-manager';
      const prefix = props.remoteKeyPrefix ?? (backend === 'vault' ? `${partOf}/${this.secretName}` : `${partOf}-${this.secretName}`);
      const owners = new Map<string, string>();
      for (const key of this.keys) {
        const ref = remoteSecretRef(backend, prefix, key);
        refs.set(key, ref);
        const problem = remoteSecretRefProblem(backend, ref);
        if (problem) problems.push(`secret "${this.secretName}" key "${key}": remoteRef ${problem} (environment "${env.name}", secrets.backend ${backend}; set remoteKeyPrefix)`);
        const where = ref.property ? `${ref.key}#${ref.property}` : ref.key;
        const other = owners.get(where);
        if (other !== undefined) problems.push(`secret "${this.secretName}": keys "${other}" and "${key}" both read "${where}" from the store (environment "${env.name}")`);
        owners.set(where, key);
      }
      this.resource = new ApiObject(this, 'Resource', {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata,
        spec: {
          refreshInterval: secrets.refreshInterval,
          secretStoreRef: { kind: secrets.store?.kind, name: secrets.store?.name },
          target: { name: this.secretName, creationPolicy: 'Owner' },
          data: this.keys.map((key) => ({ secretKey: key, remoteRef: { ...refs.get(key)! } })),
        },
      });
    }
    this.remoteRefs = refs;
    this.node.addValidation({
      validate: () => (this.keys.length === 0 ? [`secret "${this.secretName}": keys must name at least one key`] : problems),
    });
  }

  /** A `secretKeyRef` to one of the keys; throws unless the Secret holds `key`. */
  public keyRef(key: string): { readonly name: string; readonly key: string } {
    if (!this.keys.includes(key)) {
      throw new ShipyardError(`${this.node.path}: secret "${this.secretName}" has no key "${key}" (keys: ${this.keys.join(', ')})`);
    }
    return { name: this.secretName, key };
  }
}
