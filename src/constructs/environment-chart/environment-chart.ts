import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { Environment } from '../../profiles/environment';
import { k8s } from '../common/k8s';
import { LABEL_MANAGED_BY, LABEL_PART_OF, MANAGED_BY, standardLabels } from '../common/labels';
import { MetalLbAddressPools } from '../metallb/metallb-address-pools';
import { EnvironmentChartProps } from './environment-chart-props';

/**
 * One environment's manifests. Makes the environment available to every construct inside
 * (`Environment.of(this)`), and creates what the environment itself needs before any workload:
 * the namespace (labelled for Pod Security `restricted` enforcement), the fast and bulk
 * StorageClasses, a default-deny ingress NetworkPolicy, and MetalLB pools where the profile has them.
 *
 * @example
 * const app = new App();
 * const chart = new EnvironmentChart(app, 'staging', { environment: new Environment(BUILTIN_PROFILES.staging, { project: 'shop' }) });
 * new WebService(chart, 'api', { image: { repository: 'shop-api', tag: '1.0.0' }, port: 8080 });
 */
export class EnvironmentChart extends Chart {
  /** The environment. */
  public readonly environment: Environment;
  /** The Namespace object of the environment's objects. */
  public readonly namespaceObject: kplus.Namespace;
  /** The fast and bulk StorageClasses. */
  public readonly storageClasses: readonly k8s.KubeStorageClass[];
  /** The namespace's default-deny NetworkPolicy (ingress and egress). */
  public readonly defaultDeny: k8s.KubeNetworkPolicy;
  /**
   * The environment's own SecretStore (Secret Manager of its project, read through Workload Identity).
   * @default - none: secrets come from a ClusterSecretStore of the site, or inline on a laptop
   */
  public readonly secretStore?: ApiObject;
  /** The MetalLB pools and advertisement, when the environment has a load balancer. */
  public readonly metalLb?: MetalLbAddressPools;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const env = props.environment;
    this.environment = env;
    Environment.attach(this, env);
    const partOf = env.project;

    this.namespaceObject = new kplus.Namespace(this, 'Namespace', {
      metadata: {
        name: env.namespace,
        labels: {
          [LABEL_PART_OF]: partOf,
          [LABEL_MANAGED_BY]: MANAGED_BY,
          'pod-security.kubernetes.io/enforce': 'restricted',
          'pod-security.kubernetes.io/enforce-version': 'v1.28',
          'pod-security.kubernetes.io/warn': 'restricted',
          'pod-security.kubernetes.io/audit': 'restricted',
        },
      },
    });

    this.storageClasses = env.storageClasses().map(
      (sc) =>
        new k8s.KubeStorageClass(this, `StorageClass-${sc.name}`, {
          metadata: { name: sc.name, labels: { [LABEL_PART_OF]: partOf, [LABEL_MANAGED_BY]: MANAGED_BY } },
          provisioner: sc.provisioner,
          parameters: Object.keys(sc.parameters).length ? sc.parameters : undefined,
          reclaimPolicy: sc.reclaimPolicy,
          volumeBindingMode: sc.volumeBindingMode,
          allowVolumeExpansion: sc.allowVolumeExpansion,
        }),
    );

    // Both directions: a pod may only accept and open the connections its own policy allows.
    this.defaultDeny = new k8s.KubeNetworkPolicy(this, 'DefaultDeny', {
      metadata: {
        name: 'default-deny',
        namespace: env.namespace,
        labels: standardLabels({ name: 'default-deny', partOf, component: 'network-policy' }),
      },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    });

    const secrets = env.profile.secrets;
    this.secretStore =
      secrets.mode === 'external-secrets' && secrets.backend === 'gcp-secret-manager' && secrets.store?.kind === 'SecretStore' && env.cloudNames()
        ? this.createSecretStore(env, secrets.store.name, partOf)
        : undefined;

    if (env.profile.loadBalancer) this.metalLb = new MetalLbAddressPools(this, 'MetalLb');
  }

  /**
   * The environment's own SecretStore: Secret Manager of the environment's project, read as the
   * environment's secrets service account through Workload Identity. A store per environment (not a
   * ClusterSecretStore shared by whatever runs in the cluster) is what keeps one environment from
   * naming another's secrets; the cloud stack grants that account access to exactly the secrets the
   * manifests read.
   */
  private createSecretStore(env: Environment, name: string, partOf: string): ApiObject {
    const names = env.cloudNames()!;
    new k8s.KubeServiceAccount(this, 'SecretsServiceAccount', {
      metadata: {
        name: names.secretsKubernetesServiceAccount,
        namespace: env.namespace,
        labels: standardLabels({ name: names.secretsKubernetesServiceAccount, partOf, component: 'identity' }),
        annotations: { 'iam.gke.io/gcp-service-account': names.secretsServiceAccountEmail },
      },
      automountServiceAccountToken: false,
    });
    return new ApiObject(this, 'SecretStore', {
      apiVersion: 'external-secrets.io/v1',
      kind: 'SecretStore',
      metadata: { name, namespace: env.namespace, labels: standardLabels({ name, partOf, component: 'secret-store' }) },
      spec: {
        provider: {
          gcpsm: {
            projectID: names.project,
            auth: {
              workloadIdentity: {
                clusterLocation: names.region,
                clusterName: names.clusterName,
                clusterProjectID: names.project,
                serviceAccountRef: { name: names.secretsKubernetesServiceAccount },
              },
            },
          },
        },
      },
    });
  }
}
